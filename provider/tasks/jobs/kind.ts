/**
 * One job family, three services: what a service tells the family about its jobs (a {@link JobKind}), and the one
 * read every function and wait of the family makes: `GET /v1/{project_id}/jobs/{job_id}`, mapped, with a query that
 * failed inside a 200 answer turned into that job's error.
 * @module
 */
import type { CallOptions, TaskApiClient } from "../../http/client";
import type { StatusTable } from "../../core/status";
import type { JobServiceName } from "../../names";
import { otherJob, queryFailure, type JobAnswerWire, type SubJobLine } from "./model";
import type { JobCommon } from "./types";

/** What a service tells the job family about its jobs. */
export interface JobKind<W extends JobAnswerWire, J extends JobCommon> {
  service: JobServiceName;
  statuses: StatusTable;
  /** Reads the job (the service's `ShowJob`). */
  show(client: TaskApiClient, jobId: string, opts: CallOptions): Promise<{ data: W; requestId: string | undefined }>;
  /** Maps the answer. */
  toJob(wire: W): J;
  /** The job's sub-jobs with what each acted on, for failure messages. */
  subJobLines(job: J): SubJobLine[];
  /** Public names, for messages: the data source and the wait. */
  names: { get: string; wait: string };
  /** The resource kind that awaits a job (its type name). */
  resource: string;
  /** The ids the job's `entities` carry, and the output that holds them (e.g. `serverIds`). */
  ids: { output: string; of(job: J): string[] };
  /** What a job looks like before the service shows it (a preview's answer). */
  placeholder(jobId: string): J;
}

/** A job read by id. */
export interface JobAnswer<J> {
  job: J;
  requestId: string | undefined;
}

/**
 * Reads one job. An answer without a status is an error of this job's read: the `code`/`message` of a failed query,
 * or a shape error.
 */
export async function readJob<W extends JobAnswerWire, J extends JobCommon>(
  kind: JobKind<W, J>,
  client: TaskApiClient,
  jobId: string,
  opts: CallOptions,
): Promise<JobAnswer<J>> {
  const r = await kind.show(client, jobId, opts);
  const failure = queryFailure(kind.service, r.data, r.requestId) ?? otherJob(kind.service, "ShowJob", jobId, r.data.job_id, r.requestId);
  if (failure) throw failure;
  const job = kind.toJob(r.data);
  // An answer that names no job is about the one asked for.
  return { job: job.jobId === "" ? { ...job, jobId } : job, requestId: r.requestId };
}
