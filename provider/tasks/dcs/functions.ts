/**
 * DCS functions: list the task center or one instance's tasks, and await one of them.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { dcsListInstanceTasks, dcsListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import { compact, parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import type { ListMatch } from "../listed";
import { toDcsTask, type DcsWire } from "./model";
import { DcsTargetSchema, GetDcsInstanceTasksArgsSchema, GetDcsTasksArgsSchema } from "./schemas";
import type { DcsTask, DcsWaitTarget, GetDcsInstanceTasksArgs, GetDcsTasksArgs, GetDcsTasksResult } from "./types";
import { dcsWaitPlan } from "./waits";

const tasksSource: DataSource<typeof GetDcsTasksArgsSchema, GetDcsTasksResult> = {
  name: "getDcsTasks",
  args: GetDcsTasksArgsSchema,
  run: async (client, a, opts) => {
    const query = { start_time: compact(a.startTime), end_time: compact(a.endTime) };
    const res = await listAll<DcsWire>(client, dcsListTasks, { query }, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
    return { taskCount: res.total ?? res.items.length, tasks: res.items.map(toDcsTask), truncated: res.truncated, requestIds: res.requestIds };
  },
};

const instanceTasksSource: DataSource<typeof GetDcsInstanceTasksArgsSchema, GetDcsTasksResult> = {
  name: "getDcsInstanceTasks",
  args: GetDcsInstanceTasksArgsSchema,
  run: async (client, a, opts) => {
    const input = { path: { instance_id: a.instanceId }, query: { start_time: compact(a.startTime), end_time: compact(a.endTime) } };
    const res = await listAll<DcsWire>(client, dcsListInstanceTasks, input, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
    return { taskCount: res.total ?? res.items.length, tasks: res.items.map(toDcsTask), truncated: res.truncated, requestIds: res.requestIds };
  },
};

/**
 * Lists the DCS task center (`GET /v2/{project_id}/tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-dcs/ListCenterTask.html
 */
export function getDcsTasks(args: GetDcsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetDcsTasksResult> {
  return runDataSource(tasksSource, args, opts);
}

/** {@link getDcsTasks} with `pulumi.Input` arguments. */
export const getDcsTasksOutput: (args: InputArgs<GetDcsTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetDcsTasksResult> = outputOf(getDcsTasks);

/**
 * Lists one DCS instance's background tasks (`GET /v2/{project_id}/instances/{instance_id}/tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-dcs/ListBackgroundTask.html
 */
export function getDcsInstanceTasks(args: GetDcsInstanceTasksArgs, opts: TaskApiOptions = {}): Promise<GetDcsTasksResult> {
  return runDataSource(instanceTasksSource, args, opts);
}

/** {@link getDcsInstanceTasks} with `pulumi.Input` arguments. */
export const getDcsInstanceTasksOutput: (args: InputArgs<GetDcsInstanceTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetDcsTasksResult> =
  outputOf(getDcsInstanceTasks);

/**
 * Awaits a DCS task (of the task center, or with `instanceId` of that instance's task list) and reports what the
 * wait cost. With an `onProgress` observer, a pending task's progress is read and reported (percent, time left).
 * @throws TaskFailedError (with the task's `error_code`), TaskNotFoundError, WaitTimeoutError, AbortError, ApiError,
 * InputError
 */
export async function awaitDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<DcsTask>> {
  const t = parseArgs(DcsTargetSchema, target, "waitForDcsTask");
  const match: ListMatch =
    t.taskId !== undefined ? { id: t.taskId } : t.jobId !== undefined ? { jobId: t.jobId } : { name: t.name ?? "", after: t.after ?? 0 };
  return runWait("waitForDcsTask", dcsWaitPlan(match, t.instanceId), opts);
}

/**
 * Awaits a DCS task: by id, by job id, or by name when created after `after`; with `instanceId`, in that
 * instance's task list.
 * @example await waitForDcsTask({ instanceId, name: "EXTEND", after: resizedAt });
 */
export async function waitForDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<DcsTask> {
  return (await awaitDcsTask(target, opts)).task;
}
