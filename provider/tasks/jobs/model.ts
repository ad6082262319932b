/**
 * What the job statuses of ECS, EVS and IMS mean, how a job envelope maps to a result, and how a failed job is
 * described: its own `error_code` and `fail_reason`, and those of every sub-job that failed.
 * @module
 */
import { ResponseShapeError, ApiError } from "../../errors";
import { opt } from "../../endpoints/kit";
import { normalizeStatus, statusSets, type StatusTable } from "../../core/status";
import { NOT_VISIBLE } from "../../core/wait";
import type { JobServiceName, TaskServiceName } from "../../names";
import type { JobCommon } from "./types";

/** A job (or sub-job) envelope as the wire schemas read it. */
export interface JobEnvelopeWire {
  status?: string | null | undefined;
  job_id?: string | null | undefined;
  job_type?: string | null | undefined;
  begin_time?: string | null | undefined;
  end_time?: string | null | undefined;
  error_code?: string | null | undefined;
  fail_reason?: string | null | undefined;
}

/** A job answer: the envelope, and the `code`/`message` of a query that failed. */
export interface JobAnswerWire extends JobEnvelopeWire {
  code?: string | null | undefined;
  message?: string | null | undefined;
}

/**
 * The statuses of a job family: `INIT`/`RUNNING` (and the service's own `pending` ones) pending, `SUCCESS` succeeded,
 * `FAIL` failed; anything else pending and reported once.
 */
export function jobStatuses(pending: readonly string[], warnings?: Readonly<Record<string, string>>): StatusTable {
  return statusSets({ succeeded: ["SUCCESS"], failed: ["FAIL"], pending: ["INIT", "RUNNING", ...pending], ...(warnings ? { warnings } : {}) });
}

/** Maps the envelope of a job or sub-job. */
export function toJobCommon(w: JobEnvelopeWire, statuses: StatusTable, fallbackId = ""): JobCommon {
  const status = normalizeStatus(w.status);
  return {
    jobId: opt(w.job_id) ?? fallbackId,
    jobType: opt(w.job_type),
    status,
    phase: statuses.classify(status),
    beginTime: opt(w.begin_time) || undefined,
    endTime: opt(w.end_time) || undefined,
    errorCode: opt(w.error_code) || undefined,
    failReason: opt(w.fail_reason) || undefined,
  };
}

/** The envelope of a job the service does not show yet (a preview's answer for a job not started yet). */
export function notVisibleJob(jobId: string): JobCommon {
  return { jobId, jobType: undefined, status: NOT_VISIBLE, phase: "pending", beginTime: undefined, endTime: undefined, errorCode: undefined, failReason: undefined };
}

/**
 * A job answer without a status: the query itself failed (`code`/`message`, as the SDKs model it) or the answer is
 * not a job. `undefined` for a job.
 */
export function queryFailure(service: JobServiceName, w: JobAnswerWire, requestId: string | undefined): ApiError | undefined {
  if (normalizeStatus(w.status) !== "") return undefined;
  const details = { service, operation: "ShowJob", status: 200, requestId, attempts: 1 };
  const code = opt(w.code);
  if (code) return new ApiError({ ...details, errorCode: code, errorMsg: opt(w.message), transient: false });
  return new ResponseShapeError(details, "status", "is missing: the answer is not a job");
}

/**
 * An answer about another job than `asked` (a proxy's cache, a broken gateway): never this job's verdict. A shape
 * error, transient: the wait reads again, and ends at its deadline with this as its last error if it lasts.
 * `undefined` when the answer names no job or the one asked for.
 */
export function otherJob(service: TaskServiceName, operation: string, asked: string, named: string | null | undefined, requestId: string | undefined): ApiError | undefined {
  const id = opt(named);
  if (id === undefined || id === "" || id === asked) return undefined;
  return new ResponseShapeError({ service, operation, status: 200, requestId, attempts: 1, transient: true }, "job_id", `is ${id}: the answer is about another job than ${asked}`);
}

/** A sub-job, and what it acted on (e.g. `server 5d1c...`), for messages. */
export interface SubJobLine {
  job: JobCommon;
  target: string | undefined;
}

/** Failed sub-jobs named in a failure message, at most. */
const MAX_LISTED = 5;

/**
 * The code and message of a failed job: its own `error_code` and `fail_reason`, then every failed sub-job (up to
 * five, then how many more) with its id, type, target, code and reason. The code is the job's own, else the first
 * failed sub-job's.
 */
export function jobFailure(job: JobCommon, subJobs: readonly SubJobLine[]): { errorCode: string | undefined; errorMessage: string | undefined } {
  const failed = subJobs.filter((s) => s.job.phase === "failed");
  const lines = failed.slice(0, MAX_LISTED).map(({ job: s, target }) => {
    const what = [s.jobType, target].filter(Boolean).join(" of ");
    const why = [s.errorCode, s.failReason].filter(Boolean).join(" ");
    return `sub-job ${s.jobId}${what ? ` (${what})` : ""} failed${why ? `: ${why}` : ""}`;
  });
  if (failed.length > MAX_LISTED) lines.push(`and ${failed.length - MAX_LISTED} more failed sub-jobs`);
  const own = job.failReason ? [job.failReason] : [];
  const parts = [...own, ...lines];
  return {
    errorCode: job.errorCode ?? failed.find((s) => s.job.errorCode)?.job.errorCode,
    errorMessage: parts.length > 0 ? parts.join("; ") : undefined,
  };
}

/** Distinct non-empty ids, in order. */
export function distinct(ids: readonly (string | null | undefined)[]): string[] {
  return [...new Set(ids.filter((x): x is string => typeof x === "string" && x !== ""))];
}
