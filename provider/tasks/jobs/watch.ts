/**
 * Watching a job. Jobs have no list: a wait reads its job by id. One scope per job: waiters on the same job (same
 * credentials, endpoint and project) share each read, and a job's read, its 404 and its errors are that job's alone;
 * different jobs are different reads, each on the schedule of its own waiters. Finished jobs teach the duration
 * model their type's duration (`begin_time` → `end_time`).
 *
 * {@link jobRead} is pure: a snapshot in, the waiter's read out.
 * @module
 */
import { failedRead, ownRead, readById, type ByIdResult, type ScopeSpec, type TaskRead } from "../../core/plan";
import type { DurationBook } from "../../waiter/durations";
import { isoMs } from "../listed";
import { readJob, type JobKind } from "./kind";
import { jobFailure, type JobAnswerWire } from "./model";
import type { JobCommon } from "./types";

/** A job's tick: the job as read by id, or why there is none. */
export type JobSnapshot<J> = ByIdResult<J>;

/** Records a finished job's duration under its type. */
function learn(book: DurationBook, service: string, job: JobCommon): void {
  const begin = isoMs(job.beginTime);
  const end = isoMs(job.endTime);
  if (begin !== undefined && end !== undefined && end > begin) book.record(service, job.jobType, end - begin, job.jobId);
}

/** The scope of one job. */
export function jobScope<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, jobId: string): ScopeSpec<JobSnapshot<J>, true> {
  return {
    key: `job:${jobId}`,
    watch: (ctx) => async (signal) => {
      const r = await readById(async () => {
        const a = await readJob(kind, ctx.client, jobId, { ...ctx.call(), signal });
        return { data: a.job, requestId: a.requestId };
      });
      if (r.ok && r.wire.phase !== "pending") learn(ctx.durations, kind.service, r.wire);
      return r;
    },
  };
}

/**
 * What a job's snapshot says: the job (authoritative: read by id), with its age while pending and, when it failed,
 * its code and a message naming every failed sub-job; a 404 is `absent` (not visible yet, or purged); any other
 * failure is this job's error.
 */
export function jobRead<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, snap: JobSnapshot<J>, now: number): TaskRead<J> {
  if (!snap.ok) return failedRead(snap);
  const job = snap.wire;
  return ownRead(job, job.status, job.phase === "pending" ? isoMs(job.beginTime) : undefined, now, {
    requestId: snap.requestId,
    ...(job.phase === "failed" ? jobFailure(job, kind.subJobLines(job)) : {}),
  });
}
