/**
 * What DCS's statuses mean and how its task-center answers map to results. Status values are not enumerated by the
 * docs: `SUCCESS` and `FAILED`/`FAIL` are final (Terraform uses EXECUTING / SUCCESS; the DCS job API INIT / RUNNING /
 * SUCCESS / FAIL).
 * @module
 */
import type { ResponseOf, dcsListTasks } from "../../endpoints";
import { opt } from "../../endpoints/kit";
import { normalizeStatus, statusSets } from "../../core/status";
import { isoMs } from "../listed";
import type { DcsTask } from "./types";

/** DCS statuses. */
export const DCS_STATUSES = statusSets({
  succeeded: ["SUCCESS", "SUCCEEDED"],
  failed: ["FAILED", "FAIL", "ERROR"],
  pending: ["EXECUTING", "CREATED", "WAITING"],
});

/** One DCS task as the wire schema reads it. */
export type DcsWire = ResponseOf<typeof dcsListTasks>["tasks"][number];

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `details` fields that are numbers, whatever the wire sends (capacities are documented as strings). */
const NUMERIC_DETAILS = new Set([
  "old_capacity",
  "new_capacity",
  "old_replica_num",
  "new_replica_num",
  "old_port",
  "new_port",
  "updated_config_length",
]);

/** camelCases the keys of `details`, dropping `null`s, and reads numbers sent as strings as numbers. */
function camelDetails(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[camel(k)] = typeof v === "string" && NUMERIC_DETAILS.has(k) && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

/** Maps a DCS task-center task. */
export function toDcsTask(w: DcsWire): DcsTask {
  const status = normalizeStatus(w.status);
  return {
    id: w.id,
    name: w.name,
    details: w.details === null || w.details === undefined ? null : camelDetails(w.details as Record<string, unknown>),
    userName: opt(w.user_name),
    userId: opt(w.user_id),
    params: opt(w.params),
    status,
    createdAt: isoMs(opt(w.created_at)) === undefined ? undefined : (w.created_at as string),
    updatedAt: isoMs(opt(w.updated_at)) === undefined ? undefined : (w.updated_at as string),
    errorCode: opt(w.error_code),
    enableShow: opt(w.enable_show),
    jobId: opt(w.job_id),
    phase: DCS_STATUSES.classify(status),
  };
}
