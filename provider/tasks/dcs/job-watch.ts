/**
 * Watching DCS jobs. One scope per project: a tick reads every watched job by id (`GET /v2/{project_id}/jobs/{job_id}`,
 * at most eight at once), each read's outcome that job's own (a 404 is "not found", any other failure that job's
 * error). A job's read is authoritative for it. Ended jobs are not read again; their durations (begin to end) are
 * learned per job type.
 *
 * {@link dcsJobRead} is pure: a snapshot in, one waiter's read out.
 * @module
 */
import { dcsShowJob } from "../../endpoints";
import { readById, type ByIdResult, type ScopeSpec, type TaskRead, type WatchContext } from "../../core/plan";
import type { GroupFetch } from "../../waiter/hub";
import { toDcsJob, type DcsJobWire } from "./job-model";
import type { DcsJob } from "./job-types";

/** What a DCS job interest asks: one job. */
export interface DcsJobInterest {
  jobId: string;
}

/** One tick of the DCS jobs scope: the reads of the watched jobs. */
export interface DcsJobSnapshot {
  byId: ReadonlyMap<string, ByIdResult<DcsJobWire>>;
}

/** Reads by id run at most this many at once. */
const CONCURRENCY = 8;

/** What a snapshot says about job `jobId`. `undefined`: not read this tick. */
export function dcsJobRead(s: DcsJobSnapshot, jobId: string, now: number): TaskRead<DcsJob> | undefined {
  const by = s.byId.get(jobId);
  if (!by) return undefined;
  if (!by.ok) return by.notFound ? { kind: "absent", error: by.error } : { kind: "error", error: by.error };
  const job = toDcsJob(by.wire);
  return {
    kind: "task",
    task: job,
    status: job.status,
    authoritative: true,
    ageMs: job.beginTime === undefined ? undefined : Math.max(0, now - job.beginTime),
    errorMessage: job.failReason,
    requestId: by.requestId,
  };
}

function jobsWatch(ctx: WatchContext): GroupFetch<DcsJobSnapshot, DcsJobInterest> {
  const finals = new Map<string, ByIdResult<DcsJobWire>>();
  return async (signal, interests) => {
    const call = { ...ctx.call(), signal };
    const byId = new Map<string, ByIdResult<DcsJobWire>>();
    const open: string[] = [];
    for (const { jobId } of interests.values()) {
      const final = finals.get(jobId);
      if (final) byId.set(jobId, final);
      else if (!open.includes(jobId)) open.push(jobId);
    }
    for (let k = 0; k < open.length; k += CONCURRENCY) {
      const batch = open.slice(k, k + CONCURRENCY);
      const reads = await Promise.all(batch.map((id) => readById<DcsJobWire>(() => ctx.client.call(dcsShowJob, { path: { job_id: id } }, call))));
      batch.forEach((id, i) => {
        const r = reads[i] as ByIdResult<DcsJobWire>;
        byId.set(id, r);
        if (!r.ok) return;
        const job = toDcsJob(r.wire);
        if (job.phase === "pending") return;
        finals.set(id, r);
        if (job.beginTime !== undefined && job.endTime !== undefined) ctx.durations.record("dcs", job.jobType, job.endTime - job.beginTime, `job:${id}`);
      });
    }
    if (finals.size > 10_000) finals.clear();
    return { byId };
  };
}

/** The project's DCS jobs. */
export const DCS_JOBS: ScopeSpec<DcsJobSnapshot, DcsJobInterest> = { key: "jobs", watch: jobsWatch };
