/**
 * IMS job functions: read a job and await it.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { outputOf } from "../../core/source";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { jobFunctions } from "../jobs/functions";
import type { GetJobArgs, JobWaitTarget } from "../jobs/types";
import { IMS_JOBS } from "./model";
import type { ImsJob } from "./types";

const jobs = jobFunctions(IMS_JOBS);

/**
 * Reads one IMS job (`GET /v1/{project_id}/jobs/{job_id}` on the `ims` host): status, error, sub-jobs and the
 * images it names. A job the service purged (a day after it ended) is a 404 `ApiError`.
 * @see https://support.huaweicloud.com/intl/en-us/api-ims/ims_03_0201.html
 * @example const job = await getImsJob({ jobId }); if (job.phase === "failed") ...
 */
export function getImsJob(args: GetJobArgs, opts: TaskApiOptions = {}): Promise<ImsJob> {
  return jobs.get(args, opts);
}

/** {@link getImsJob} with `pulumi.Input` arguments. */
export const getImsJobOutput: (args: InputArgs<GetJobArgs>, opts?: TaskApiOptions) => pulumi.Output<ImsJob> = outputOf(getImsJob);

/**
 * Awaits an IMS job and reports what the wait cost.
 * @throws TaskFailedError (with the job's `error_code` and `fail_reason`, and those of its failed sub-jobs),
 * TaskNotFoundError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export function awaitImsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<ImsJob>> {
  return jobs.await(target, opts);
}

/**
 * Awaits an IMS job (create an image from a server or volume, import, copy, share ...): resolves with the final
 * job when it succeeds. During a Pulumi preview it returns the current state at once (unless `waitInPreview`).
 * @example const job = await waitForImsJob({ jobId }, { timeout: "10m" }); job.imageIds
 */
export async function waitForImsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<ImsJob> {
  return (await awaitImsJob(target, opts)).task;
}
