/**
 * ECS job functions: read a job and await it.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { outputOf } from "../../core/source";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { jobFunctions } from "../jobs/functions";
import type { GetJobArgs, JobWaitTarget } from "../jobs/types";
import { ECS_JOBS } from "./model";
import type { EcsJob } from "./types";

const jobs = jobFunctions(ECS_JOBS);

/**
 * Reads one ECS job (`GET /v1/{project_id}/jobs/{job_id}` on the `ecs` host): status, error, sub-jobs and the
 * servers it names. A job the service purged (a day after it ended) is a 404 `ApiError`.
 * @see https://support.huaweicloud.com/intl/en-us/api-ecs/ShowJob.html
 * @example const job = await getEcsJob({ jobId }); if (job.phase === "failed") ...
 */
export function getEcsJob(args: GetJobArgs, opts: TaskApiOptions = {}): Promise<EcsJob> {
  return jobs.get(args, opts);
}

/** {@link getEcsJob} with `pulumi.Input` arguments. */
export const getEcsJobOutput: (args: InputArgs<GetJobArgs>, opts?: TaskApiOptions) => pulumi.Output<EcsJob> = outputOf(getEcsJob);

/**
 * Awaits an ECS job and reports what the wait cost.
 * @throws TaskFailedError (with the job's `error_code` and `fail_reason`, and those of its failed sub-jobs),
 * TaskNotFoundError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export function awaitEcsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<EcsJob>> {
  return jobs.await(target, opts);
}

/**
 * Awaits an ECS job (create, resize, start/stop/reboot, OS change, volume attach ...): resolves with the final job
 * when it succeeds. `PENDING_PAYMENT` counts as pending and is reported once as a warning. During a Pulumi preview
 * it returns the current state at once (unless `waitInPreview`).
 * @example const job = await waitForEcsJob({ jobId }, { timeout: "10m" }); job.serverIds
 */
export async function waitForEcsJob(target: JobWaitTarget, opts: WaitOptions = {}): Promise<EcsJob> {
  return (await awaitEcsJob(target, opts)).task;
}
