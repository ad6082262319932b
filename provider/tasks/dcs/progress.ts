/**
 * DCS progress: `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress` gives percent, seconds left
 * and steps. It needs the task's instance: the wait's own `instanceId`, else the `instance_id` a task-center task's
 * parameters name. Tasks whose list entry says they have no step details (`enable_show: false`) are not read.
 *
 * {@link toDcsProgress} and {@link dcsTaskInstance} are pure.
 * @module
 */
import { dcsShowTaskProgress, type ResponseOf } from "../../endpoints";
import type { ProgressReader, TaskProgress } from "../../core/plan";
import { percentOf, remainingOf } from "../../core/progress";
import { normalizeStatus } from "../../core/status";
import type { DcsTask } from "./types";

/** The progress answer as the wire schema reads it. */
export type DcsProgressWire = ResponseOf<typeof dcsShowTaskProgress>;

/** Maps a progress answer: percent, time left, and the step in progress (the first `EXECUTING` one). */
export function toDcsProgress(w: DcsProgressWire): TaskProgress {
  const running = (w.step_details ?? []).find((s) => normalizeStatus(s.step_status) === "EXECUTING");
  return { percent: percentOf(w.progress), remainingMs: remainingOf(w.remain_time), step: running?.step_name ?? undefined };
}

/** The instance a task-center task belongs to, as its parameters (JSON text with `instance_id`) say; else `undefined`. */
export function dcsTaskInstance(t: Pick<DcsTask, "params">): string | undefined {
  if (!t.params) return undefined;
  try {
    const p = JSON.parse(t.params) as unknown;
    const id = p !== null && typeof p === "object" ? (p as Record<string, unknown>)["instance_id"] : undefined;
    return typeof id === "string" && id !== "" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a DCS task's progress; `instanceId` is the wait's own, when it names one. */
export function dcsProgressReader(instanceId: string | undefined): ProgressReader<DcsTask> {
  return async (task, client, call) => {
    const instance = instanceId ?? dcsTaskInstance(task);
    if (instance === undefined || task.id === "" || task.enableShow === false) return undefined;
    const r = await client.call(dcsShowTaskProgress, { path: { instance_id: instance, task_id: task.id } }, call);
    return toDcsProgress(r.data);
  };
}
