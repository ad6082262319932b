/**
 * RocketMQ progress: `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress` gives percent, seconds
 * left and steps (whose status field the wire spells `statue`; step times may be epoch-ms numbers). DMS documents
 * progress for scale-up tasks; for others the read fails, which the wait reports once and then stops reading.
 *
 * {@link toRocketMqProgress} is pure.
 * @module
 */
import { rocketmqShowTaskProgress, type ResponseOf } from "../../endpoints";
import type { ProgressReader, TaskProgress } from "../../core/plan";
import { percentOf, remainingOf } from "../../core/progress";
import { normalizeStatus } from "../../core/status";
import type { RocketMqTask } from "./types";

/** The progress answer as the wire schema reads it. */
export type RocketMqProgressWire = ResponseOf<typeof rocketmqShowTaskProgress>;

/** Maps a progress answer: percent, time left, and the step in progress (the first `IN_PROGRESS` one). */
export function toRocketMqProgress(w: RocketMqProgressWire): TaskProgress {
  const running = (w.step_list ?? []).find((s) => normalizeStatus(s.statue) === "IN_PROGRESS");
  return { percent: percentOf(w.progress_percentage), remainingMs: remainingOf(w.remain_time), step: running?.name ?? undefined };
}

/** Reads the progress of a task of instance `instanceId`. */
export function rocketmqProgressReader(instanceId: string): ProgressReader<RocketMqTask> {
  return async (task, client, call) => {
    if (task.id === "") return undefined;
    const r = await client.call(rocketmqShowTaskProgress, { path: { instance_id: instanceId, task_id: task.id } }, call);
    return toRocketMqProgress(r.data);
  };
}
