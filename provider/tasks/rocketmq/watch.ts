/**
 * Watching a RocketMQ instance's tasks. One scope per instance; a tick reads the instance's task list (every page).
 * Each entry carries its task's own status, so it is authoritative for that task.
 *
 * {@link rocketmqRead} is pure: a snapshot in, one waiter's read out.
 * @module
 */
import { rocketmqListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import type { ScopeSpec, TaskRead } from "../../core/plan";
import { findListed, learnFromList, listedRead, type ListMatch } from "../listed";
import { toRocketMqTask, type RocketMqWire } from "./model";
import type { RocketMqTask } from "./types";

/** What a RocketMQ interest asks: a task (by id, or name after a time), or idleness. */
export type RocketMqInterest = { match: ListMatch } | { idle: true };

/** One tick of an instance's task list. */
export interface RocketMqSnapshot {
  tasks: readonly RocketMqTask[];
  requestId: string | undefined;
}

/** What a snapshot says about the task `match` designates. `undefined`: not shown yet (a wait by name). */
export function rocketmqRead(s: RocketMqSnapshot, match: ListMatch, now: number): TaskRead<RocketMqTask> | undefined {
  const t = findListed(s.tasks, match);
  if (t) return listedRead(t, now, s.requestId);
  return "name" in match ? undefined : { kind: "absent", requestId: s.requestId };
}

/** An instance's scope. */
export function rocketmqScope(instanceId: string): ScopeSpec<RocketMqSnapshot, RocketMqInterest> {
  return {
    key: `instance:${instanceId}`,
    watch: (ctx) => async (signal) => {
      const res = await listAll<RocketMqWire>(ctx.client, rocketmqListTasks, { path: { instance_id: instanceId } }, { ...ctx.call(), signal });
      const tasks = res.items.map(toRocketMqTask);
      learnFromList(ctx.durations, "rocketmq", tasks);
      return { tasks, requestId: res.requestIds[0] };
    },
  };
}
