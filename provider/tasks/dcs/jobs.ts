/**
 * DCS jobs and instance counts: read a job, await it, and count the instances per status.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { dcsInstanceStatusCounts } from "../../endpoints";
import { parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { toDcsJob, toInstanceStatusCounts } from "./job-model";
import type { DcsJob, DcsJobTarget, GetDcsInstanceStatusCountsArgs, GetDcsInstanceStatusCountsResult } from "./job-types";
import { DcsJobTargetSchema, GetDcsInstanceStatusCountsArgsSchema } from "./schemas";
import { showDcsJob } from "./job-watch";
import { dcsJobWaitPlan } from "./waits";

const jobSource: DataSource<typeof DcsJobTargetSchema, DcsJob> = {
  name: "getDcsJob",
  args: DcsJobTargetSchema,
  run: async (client, a, opts) => toDcsJob((await showDcsJob(client, a.jobId, opts)).data),
};

const countsSource: DataSource<typeof GetDcsInstanceStatusCountsArgsSchema, GetDcsInstanceStatusCountsResult> = {
  name: "getDcsInstanceStatusCounts",
  args: GetDcsInstanceStatusCountsArgsSchema,
  run: async (client, a, opts) => {
    const query = a.includeFailure === undefined ? {} : { include_failure: a.includeFailure ? "true" : "false" };
    const r = await client.call(dcsInstanceStatusCounts, { query }, opts);
    return { ...toInstanceStatusCounts(r.data), requestId: r.requestId };
  },
};

/**
 * Reads one DCS job (`GET /v2/{project_id}/jobs/{job_id}`): its type, status, times and failure reason.
 * @see https://support.huaweicloud.com/intl/en-us/api-dcs/ShowJobInfo.html
 * @example const job = await getDcsJob({ jobId }); if (job.phase === "failed") console.log(job.failReason);
 */
export function getDcsJob(args: DcsJobTarget, opts: TaskApiOptions = {}): Promise<DcsJob> {
  return runDataSource(jobSource, args, opts);
}

/** {@link getDcsJob} with `pulumi.Input` arguments. */
export const getDcsJobOutput: (args: InputArgs<DcsJobTarget>, opts?: TaskApiOptions) => pulumi.Output<DcsJob> = outputOf(getDcsJob);

/**
 * Counts the project's DCS instances per status (`GET /v2/{project_id}/instances/status`): for every engine, and
 * for Redis and Memcached apart.
 * @see https://support.huaweicloud.com/intl/en-us/api-dcs/ListNumberOfInstancesInDifferentStatus.html
 */
export function getDcsInstanceStatusCounts(args: GetDcsInstanceStatusCountsArgs = {}, opts: TaskApiOptions = {}): Promise<GetDcsInstanceStatusCountsResult> {
  return runDataSource(countsSource, args, opts);
}

/** {@link getDcsInstanceStatusCounts} with `pulumi.Input` arguments. */
export const getDcsInstanceStatusCountsOutput: (
  args: InputArgs<GetDcsInstanceStatusCountsArgs>,
  opts?: TaskApiOptions,
) => pulumi.Output<GetDcsInstanceStatusCountsResult> = outputOf(getDcsInstanceStatusCounts);

/**
 * Awaits a DCS job and reports what the wait cost.
 * @throws TaskFailedError (status `FAIL`, with the job's `fail_reason`), TaskNotFoundError, WaitTimeoutError,
 * AbortError, ApiError, InputError
 */
export async function awaitDcsJob(target: DcsJobTarget, opts: WaitOptions = {}): Promise<WaitResult<DcsJob>> {
  const t = parseArgs(DcsJobTargetSchema, target, "waitForDcsJob");
  return runWait("waitForDcsJob", dcsJobWaitPlan(t.jobId), opts);
}

/**
 * Awaits a DCS job (a master/standby switch, a bandwidth change, a node restart ...) by the `job_id` its operation
 * returned: resolves with the final job when it succeeds.
 * @example await waitForDcsJob({ jobId }, { timeout: "30m" });
 */
export async function waitForDcsJob(target: DcsJobTarget, opts: WaitOptions = {}): Promise<DcsJob> {
  return (await awaitDcsJob(target, opts)).task;
}
