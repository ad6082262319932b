/**
 * What KPS's statuses mean and how its answers map to results: statuses are `<STAGE>_<OPERATION>` (`RUNNING_RESET`,
 * `FAILED_UNBIND` ...), classified by prefix as the SDK enum and Terraform's waiters imply.
 * @module
 */
import type { ResponseOf, kpsListFailedTasks, kpsListRunningTasks, kpsShowTask } from "../../endpoints";
import { opt, toInt } from "../../endpoints/kit";
import { normalizeStatus, type Phase, type StatusTable } from "../../core/status";
import type { KpsListedTask, KpsTask } from "./types";

/** KPS statuses: `READY_`/`RUNNING_` pending, `SUCCESS_` succeeded, `FAILED_` failed; unknown prefixes pending. */
export const KPS_STATUSES: StatusTable = {
  classify(s: string): Phase {
    if (s.startsWith("SUCCESS_") || s === "SUCCESS") return "succeeded";
    if (s.startsWith("FAILED_") || s === "FAILED") return "failed";
    return "pending";
  },
  known: (s) => /^(READY|RUNNING|SUCCESS|FAILED)_[A-Z]+$/.test(s),
  lifecycle: { pending: ["READY_{op}", "RUNNING_{op}"], succeeded: "SUCCESS_{op}", failed: "FAILED_{op}" },
};

/** The operation part of a KPS status (`RUNNING_RESET` → `RESET`); `undefined` without one. */
export function kpsOperation(status: string): string | undefined {
  const s = normalizeStatus(status);
  const i = s.indexOf("_");
  return i > 0 ? s.slice(i + 1) : undefined;
}

/** `GET /v3/{project_id}/tasks/{task_id}` as the wire schema reads it. */
export type KpsShowWire = ResponseOf<typeof kpsShowTask>;
/** One `running-tasks` item as the wire schema reads it. */
export type KpsRunningWire = ResponseOf<typeof kpsListRunningTasks>["tasks"][number];
/** One `failed-tasks` item as the wire schema reads it. */
export type KpsFailedWire = ResponseOf<typeof kpsListFailedTasks>["tasks"][number];

/** Maps `GET /v3/{project_id}/tasks/{task_id}`. */
export function toKpsTask(w: KpsShowWire): KpsTask {
  const status = normalizeStatus(w.task_status);
  return { taskId: w.task_id, serverId: opt(w.server_id), taskStatus: status, phase: KPS_STATUSES.classify(status), operation: kpsOperation(status) };
}

/** Maps a `running-tasks` / `failed-tasks` item. */
export function toKpsListedTask(w: KpsRunningWire | KpsFailedWire): KpsListedTask {
  const status = w.operate_type === null || w.operate_type === undefined ? undefined : normalizeStatus(w.operate_type);
  const out: KpsListedTask = {
    taskId: w.task_id,
    operateType: status,
    taskTime: toInt(w.task_time),
    serverName: opt(w.server_name),
    serverId: opt(w.server_id),
    keypairName: opt(w.keypair_name),
    phase: KPS_STATUSES.classify(status ?? ""),
  };
  if ("task_error_code" in w || "task_error_msg" in w) {
    const f = w as KpsFailedWire;
    out.taskErrorCode = opt(f.task_error_code);
    out.taskErrorMsg = opt(f.task_error_msg);
  }
  return out;
}

/** A listed task seen as a task read by id (what the waits return). */
export function listedAsTask(t: KpsListedTask, fallbackStatus: string): KpsTask {
  const status = t.operateType ?? fallbackStatus;
  return { taskId: t.taskId, serverId: t.serverId, taskStatus: status, phase: KPS_STATUSES.classify(status), operation: kpsOperation(status) };
}
