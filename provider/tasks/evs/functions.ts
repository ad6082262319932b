/**
 * EVS job functions: read a job and await it.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { outputOf } from "../../core/source";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { jobFunctions } from "../jobs/functions";
import type { GetJobArgs, JobWaitTarget } from "../jobs/types";
import { EVS_JOBS } from "./model";
import type { EvsJob } from "./types";

const jobs = jobFunctions(EVS_JOBS);

/**
 * Reads one EVS job (`GET /v1/{project_id}/jobs/{job_id}` on the `evs` host): status, error, sub-jobs and the
 * volumes it names. A job the service purged (a day after it ended) is a 404 `ApiError`.
 * @see https://support.huaweicloud.com/intl/en-us/api-evs/ShowJob.html
 * @example const job = await getEvsJob({ jobId }); if (job.phase === "failed") ...
 */
export function getEvsJob(args: GetJobArgs, opts: TaskApiOptions = {}): Promise<EvsJob> {
  return jobs.get(args, opts);
}

/** {@link getEvsJob} with `pulumi.Input` arguments. */
export const getEvsJobOutput: (args: InputArgs<GetJobArgs>, opts?: TaskApiOptions) => pulumi.Output<EvsJob> = outputOf(getEvsJob);

/**
 * Awaits an EVS job and reports what the wait cost.
 * @throws TaskFailedError (with the job's `error_code` and `fail_reason`, and those of its failed sub-jobs),
 * TaskNotFoundError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export function awaitEvsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<EvsJob>> {
  return jobs.await(target, opts);
}

/**
 * Awaits an EVS job (create, extend, delete, retype ...): resolves with the final job when it succeeds.
 * `WAITING_EXECUTE` and `LISTENING` count as pending. During a Pulumi preview it returns the current state at once
 * (unless `waitInPreview`).
 * @example const job = await waitForEvsJob({ jobId }, { timeout: "10m" }); job.volumeIds
 */
export async function waitForEvsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<EvsJob> {
  return (await awaitEvsJob(target, opts)).task;
}
