/**
 * RocketMQ instance tasks as this package returns them, and the arguments its functions take. Types only.
 * @module
 */
import type { Phase } from "../../core/status";
import type { ListMeta, PagingArgs } from "../../options";
import type { TimeInput } from "../../util/time";

/** A RocketMQ instance task. */
export interface RocketMqTask {
  id: string;
  name: string;
  userName: string | undefined;
  userId: string | undefined;
  /** Task parameters: JSON inside a string, as the service sends them. */
  params: string | undefined;
  /** The service's status (trimmed, upper case). */
  status: string;
  /** ISO 8601. */
  createdAt: string | undefined;
  /** ISO 8601. */
  updatedAt: string | undefined;
  phase: Phase;
}

/** Arguments of `getRocketMqTasks`. */
export interface GetRocketMqTasksArgs extends PagingArgs {
  instanceId: string;
  /** Window start: `Date`, epoch ms, ISO 8601 or `yyyyMMddHHmmss` (UTC). */
  beginTime?: TimeInput;
  /** Window end, same forms. */
  endTime?: TimeInput;
}

/** Arguments of `getRocketMqTask`. */
export interface GetRocketMqTaskArgs {
  instanceId: string;
  taskId: string;
}

/** Result of `getRocketMqTasks`. */
export interface GetRocketMqTasksResult extends ListMeta {
  /** The service's `task_count`, as a number. */
  taskCount: number;
  tasks: RocketMqTask[];
}

/** Which RocketMQ task to await: by id, or by name when created after `after`. */
export type RocketMqWaitTarget = { instanceId: string; taskId: string } | { instanceId: string; name: string; after: TimeInput };
