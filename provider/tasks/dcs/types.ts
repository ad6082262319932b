/**
 * DCS tasks (of the task center, or of one instance) as this package returns them, and the arguments its functions
 * take. Types only (jobs and instance counts: `job-types.ts`).
 * @module
 */
import type { Phase } from "../../core/status";
import type { ListMeta, PagingArgs } from "../../options";
import type { TimeInput } from "../../util/time";

/** `details` of a DCS task, camelCased; unknown fields kept. */
export type DcsTaskDetails = Record<string, unknown>;

/** A DCS task-center task. */
export interface DcsTask {
  id: string;
  name: string;
  details: DcsTaskDetails | null;
  userName: string | undefined;
  userId: string | undefined;
  /** Task parameters as the service sends them (often JSON text). */
  params: string | undefined;
  /** The service's status (trimmed, upper case). */
  status: string;
  /** ISO 8601, e.g. `2020-06-17T07:38:42.503Z`. */
  createdAt: string | undefined;
  /** ISO 8601. */
  updatedAt: string | undefined;
  errorCode: string | undefined;
  enableShow: boolean | undefined;
  jobId: string | undefined;
  phase: Phase;
}

/** Arguments of `getDcsTasks`. Times are sent in UTC as `yyyyMMddHHmmss`. */
export interface GetDcsTasksArgs extends PagingArgs {
  /** Window start: `Date`, epoch ms, ISO 8601 or `yyyyMMddHHmmss` (UTC). */
  startTime?: TimeInput;
  /** Window end, same forms. */
  endTime?: TimeInput;
}

/** Arguments of `getDcsInstanceTasks`. Times are sent in UTC as `yyyyMMddHHmmss`. */
export interface GetDcsInstanceTasksArgs extends GetDcsTasksArgs {
  /** The instance whose background tasks to list. */
  instanceId: string;
}

/** Result of `getDcsTasks` and `getDcsInstanceTasks`. */
export interface GetDcsTasksResult extends ListMeta {
  /** The service's `task_count`, as a number. */
  taskCount: number;
  tasks: DcsTask[];
}

/**
 * Which DCS task to await: by id, by job id, or by name when created after `after`. With `instanceId`, the wait
 * reads that instance's task list (`GET /v2/{project_id}/instances/{instance_id}/tasks`, which also gives
 * progress) instead of the project's task center.
 */
export type DcsWaitTarget = ({ taskId: string } | { jobId: string } | { name: string; after: TimeInput }) & {
  /** The instance the task belongs to. */
  instanceId?: string;
};
