/**
 * What DCS job statuses mean and how job and instance-status answers map to results. Jobs go `INIT` → `RUNNING` →
 * `SUCCESS` or `FAIL` (Terraform's `checkDcsInstanceJobFinish` reads the same four); their times are epoch ms sent
 * as text. Missing instance-status counters read as 0, as Terraform reads them.
 * @module
 */
import type { ResponseOf, dcsInstanceStatusCounts, dcsShowJob } from "../../endpoints";
import { opt } from "../../endpoints/kit";
import { normalizeStatus, statusSets } from "../../core/status";
import type { DcsJob, DcsStatusCounts } from "./job-types";

/** DCS job statuses. */
export const DCS_JOB_STATUSES = statusSets({ succeeded: ["SUCCESS"], failed: ["FAIL", "FAILED"], pending: ["INIT", "RUNNING"] });

/** `GET /v2/{project_id}/jobs/{job_id}` as the wire schema reads it. */
export type DcsJobWire = ResponseOf<typeof dcsShowJob>;

/** Epoch ms of a time sent as epoch ms (number or digits) or ISO text; `undefined` when absent or unreadable. */
export function epochMs(v: number | string | null | undefined): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  // ISO text only: Date.parse also reads "-5" (as a year).
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Maps a DCS job. */
export function toDcsJob(w: DcsJobWire): DcsJob {
  const status = normalizeStatus(w.status);
  const reason = opt(w.fail_reason);
  return {
    jobId: w.job_id,
    jobType: opt(w.job_type) || undefined,
    status,
    phase: DCS_JOB_STATUSES.classify(status),
    beginTime: epochMs(w.begin_time),
    endTime: epochMs(w.end_time),
    failReason: reason === "" ? undefined : reason,
  };
}

type CountsWire = ResponseOf<typeof dcsInstanceStatusCounts>;
type CounterWire = Partial<Record<`${string}_count`, number | string | null | undefined>>;

const n = (v: number | string | null | undefined): number => {
  const x = typeof v === "string" ? Number(v) : v;
  return typeof x === "number" && Number.isFinite(x) ? x : 0;
};

/** Maps one set of instance-status counters; missing ones are 0. */
export function toStatusCounts(w: CounterWire | null | undefined): DcsStatusCounts {
  const c = w ?? {};
  return {
    paying: n(c.paying_count),
    freezing: n(c.freezing_count),
    migrating: n(c.migrating_count),
    flushing: n(c.flushing_count),
    upgrading: n(c.upgrading_count),
    restoring: n(c.restoring_count),
    extending: n(c.extending_count),
    creating: n(c.creating_count),
    running: n(c.running_count),
    error: n(c.error_count),
    frozen: n(c.frozen_count),
    createFailed: n(c.createfailed_count),
    restarting: n(c.restarting_count),
  };
}

/** Maps the instance-status answer: the top-level counters (every engine) and each engine's. */
export function toInstanceStatusCounts(w: CountsWire): { all: DcsStatusCounts; redis: DcsStatusCounts; memcached: DcsStatusCounts } {
  return { all: toStatusCounts(w as CounterWire), redis: toStatusCounts(w.redis as CounterWire | undefined), memcached: toStatusCounts(w.memcached as CounterWire | undefined) };
}
