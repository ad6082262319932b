/**
 * DCS functions: list the task center and await one of its tasks.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { dcsListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import { compact, parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import type { ListMatch } from "../listed";
import { toDcsTask, type DcsWire } from "./model";
import { DcsTargetSchema, GetDcsTasksArgsSchema } from "./schemas";
import type { DcsTask, DcsWaitTarget, GetDcsTasksArgs, GetDcsTasksResult } from "./types";
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
 * Awaits a DCS task-center task and reports what the wait cost.
 * @throws TaskFailedError (with the task's `error_code`), TaskNotFoundError, WaitTimeoutError, AbortError, ApiError,
 * InputError
 */
export async function awaitDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<DcsTask>> {
  const t = parseArgs(DcsTargetSchema, target, "waitForDcsTask");
  const match: ListMatch =
    t.taskId !== undefined ? { id: t.taskId } : t.jobId !== undefined ? { jobId: t.jobId } : { name: t.name ?? "", after: t.after ?? 0 };
  return runWait("waitForDcsTask", dcsWaitPlan(match), opts);
}

/**
 * Awaits a DCS task: by id, by job id, or by name when created after `after`.
 * @example await waitForDcsTask({ name: "EXTEND", after: resizedAt });
 */
export async function waitForDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<DcsTask> {
  return (await awaitDcsTask(target, opts)).task;
}
