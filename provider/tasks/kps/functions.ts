/**
 * KPS functions: read key-pair tasks (by id, in progress, failed) and await one.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { kpsListFailedTasks, kpsListRunningTasks, kpsShowTask } from "../../endpoints";
import { listAll } from "../../http/paging";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { parseArgs } from "../../core/args";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { toKpsListedTask, toKpsTask, type KpsFailedWire } from "./model";
import { GetKpsTaskArgsSchema, GetKpsTasksArgsSchema, KpsTargetSchema } from "./schemas";
import type { GetKpsTaskArgs, GetKpsTasksArgs, GetKpsTasksResult, KpsTask, KpsWaitTarget } from "./types";
import { kpsWaitPlan } from "./waits";

const taskSource: DataSource<typeof GetKpsTaskArgsSchema, KpsTask> = {
  name: "getKpsTask",
  args: GetKpsTaskArgsSchema,
  run: async (client, a, opts) => toKpsTask((await client.call(kpsShowTask, { path: { task_id: a.taskId } }, opts)).data),
};

function listSource(name: string, ep: typeof kpsListRunningTasks | typeof kpsListFailedTasks): DataSource<typeof GetKpsTasksArgsSchema, GetKpsTasksResult> {
  return {
    name,
    args: GetKpsTasksArgsSchema,
    run: async (client, a, opts) => {
      const res = await listAll<KpsFailedWire>(client, ep, {}, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
      const tasks = res.items.map(toKpsListedTask).filter((t) => a.serverId === undefined || t.serverId === a.serverId);
      return {
        total: a.serverId === undefined ? (res.total ?? tasks.length) : tasks.length,
        tasks,
        truncated: res.truncated,
        requestIds: res.requestIds,
      };
    },
  };
}
const runningSource = listSource("getKpsRunningTasks", kpsListRunningTasks);
const failedSource = listSource("getKpsFailedTasks", kpsListFailedTasks);

/**
 * Reads one KPS key-pair task (`GET /v3/{project_id}/tasks/{task_id}`).
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListKeypairTask.html
 * @example const t = await getKpsTask({ taskId }); if (t.phase === "failed") ...
 */
export function getKpsTask(args: GetKpsTaskArgs, opts: TaskApiOptions = {}): Promise<KpsTask> {
  return runDataSource(taskSource, args, opts);
}

/** {@link getKpsTask} with `pulumi.Input` arguments. */
export const getKpsTaskOutput: (args: InputArgs<GetKpsTaskArgs>, opts?: TaskApiOptions) => pulumi.Output<KpsTask> = outputOf(getKpsTask);

/**
 * Lists the KPS tasks in progress (`GET /v3/{project_id}/running-tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListRunningTask.html
 */
export function getKpsRunningTasks(args: GetKpsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetKpsTasksResult> {
  return runDataSource(runningSource, args, opts);
}

/** {@link getKpsRunningTasks} with `pulumi.Input` arguments. */
export const getKpsRunningTasksOutput: (args: InputArgs<GetKpsTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetKpsTasksResult> =
  outputOf(getKpsRunningTasks);

/**
 * Lists failed KPS tasks with their error code and message (`GET /v3/{project_id}/failed-tasks`).
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListFailedTask.html
 */
export function getKpsFailedTasks(args: GetKpsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetKpsTasksResult> {
  return runDataSource(failedSource, args, opts);
}

/** {@link getKpsFailedTasks} with `pulumi.Input` arguments. */
export const getKpsFailedTasksOutput: (args: InputArgs<GetKpsTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetKpsTasksResult> =
  outputOf(getKpsFailedTasks);

/**
 * Awaits a KPS key-pair task and reports what the wait cost.
 * @throws TaskFailedError (with the service's error code and message), TaskNotFoundError, WaitTimeoutError,
 * AbortError, ApiError, InputError
 */
export async function awaitKpsTask(target: KpsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<KpsTask>> {
  const t = parseArgs(KpsTargetSchema, target, "waitForKpsTask");
  return runWait("waitForKpsTask", kpsWaitPlan(t.taskId, opts.startedAt !== undefined), opts);
}

/**
 * Awaits a KPS key-pair task (reset, replace, bind, unbind): resolves with the final task when it succeeds.
 * During a Pulumi preview it returns the current state at once (unless `waitInPreview`).
 * @example await waitForKpsTask({ taskId }, { timeout: "10m" });
 */
export async function waitForKpsTask(target: KpsWaitTarget, opts: WaitOptions = {}): Promise<KpsTask> {
  return (await awaitKpsTask(target, opts)).task;
}
