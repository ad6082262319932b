/**
 * Watching DCS jobs. One scope per job (DCS has no list of jobs: a read serves only the waiters of that job, so a
 * wider scope would read every watched job at each of its waiters' looks): a tick reads the job by id
 * (`GET /v2/{project_id}/jobs/{job_id}`), its outcome that job's own (a 404 is "not found", any other failure that
 * job's error). A job's read is authoritative for it. An ended job is not read again; its duration (begin to end) is
 * learned for its job type.
 *
 * {@link dcsJobRead} is pure: a snapshot in, one waiter's read out.
 * @module
 */
import { dcsShowJob } from "../../endpoints";
import { ResponseShapeError } from "../../errors";
import type { CallOptions, TaskApiClient } from "../../http/client";
import { normalizeStatus } from "../../core/status";
import { otherJob } from "../jobs/model";
import { failedRead, ownRead, readById, type ByIdResult, type ScopeSpec, type TaskRead, type WatchContext } from "../../core/plan";
import type { GroupFetch } from "../../waiter/hub";
import { toDcsJob, type DcsJobWire } from "./job-model";
import type { DcsJob } from "./job-types";

/**
 * Reads DCS job `jobId`. An answer about another job, or without a status, is an error of this read (transient: a
 * wait reads again), never a verdict.
 */
export async function showDcsJob(client: TaskApiClient, jobId: string, opts: CallOptions): Promise<{ data: DcsJobWire; requestId: string | undefined }> {
  const r = await client.call(dcsShowJob, { path: { job_id: jobId } }, opts);
  const details = { service: "dcs" as const, operation: "ShowDcsJob", status: 200, requestId: r.requestId, attempts: 1, transient: true };
  const wrong = otherJob("dcs", "ShowDcsJob", jobId, r.data.job_id, r.requestId);
  if (wrong) throw wrong;
  if (normalizeStatus(r.data.status) === "") throw new ResponseShapeError(details, "status", "is empty: the answer is not a job");
  return r;
}

/** What a DCS job interest asks: one job. */
export interface DcsJobInterest {
  jobId: string;
}

/** One tick of a DCS job's scope: the read of the job. */
export interface DcsJobSnapshot {
  byId: ReadonlyMap<string, ByIdResult<DcsJobWire>>;
}

/** What a snapshot says about job `jobId`. `undefined`: not read this tick. */
export function dcsJobRead(s: DcsJobSnapshot, jobId: string, now: number): TaskRead<DcsJob> | undefined {
  const by = s.byId.get(jobId);
  if (!by) return undefined;
  if (!by.ok) return failedRead(by);
  const job = toDcsJob(by.wire);
  return ownRead(job, job.status, job.beginTime, now, { errorMessage: job.failReason, requestId: by.requestId });
}

function jobWatch(ctx: WatchContext, jobId: string): GroupFetch<DcsJobSnapshot, DcsJobInterest> {
  let final: ByIdResult<DcsJobWire> | undefined;
  return async (signal) => {
    if (final) return { byId: new Map([[jobId, final]]) };
    const r = await readById<DcsJobWire>(() => showDcsJob(ctx.client, jobId, { ...ctx.call(), signal }));
    if (r.ok) {
      const job = toDcsJob(r.wire);
      if (job.phase !== "pending") {
        final = r;
        if (job.beginTime !== undefined && job.endTime !== undefined) ctx.durations.record("dcs", job.jobType, job.endTime - job.beginTime, `job:${jobId}`);
      }
    }
    return { byId: new Map([[jobId, r]]) };
  };
}

/** One DCS job's scope. */
export function dcsJobScope(jobId: string): ScopeSpec<DcsJobSnapshot, DcsJobInterest> {
  return { key: `job:${jobId}`, watch: (ctx) => jobWatch(ctx, jobId) };
}
