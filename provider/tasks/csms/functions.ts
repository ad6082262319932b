/**
 * CSMS functions: list secret rotation tasks and await one.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { csmsListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import { parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { toCsmsTask, type CsmsWire } from "./model";
import { CsmsTargetSchema, GetCsmsTasksArgsSchema } from "./schemas";
import type { CsmsTask, CsmsWaitTarget, GetCsmsTasksArgs, GetCsmsTasksResult } from "./types";
import { csmsWaitPlan } from "./waits";

const tasksSource: DataSource<typeof GetCsmsTasksArgsSchema, GetCsmsTasksResult> = {
  name: "getCsmsTasks",
  args: GetCsmsTasksArgsSchema,
  run: async (client, a, opts) => {
    const query = { secret_name: a.secretName, status: a.status, task_id: a.taskId };
    const res = await listAll<CsmsWire>(client, csmsListTasks, { query }, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
    return { total: res.total ?? res.items.length, tasks: res.items.map(toCsmsTask), truncated: res.truncated, requestIds: res.requestIds };
  },
};

/**
 * Lists CSMS secret rotation tasks (`GET /v1/{project_id}/csms/tasks`), every page by marker.
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListSecretTask.html
 */
export function getCsmsTasks(args: GetCsmsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetCsmsTasksResult> {
  return runDataSource(tasksSource, args, opts);
}

/** {@link getCsmsTasks} with `pulumi.Input` arguments. */
export const getCsmsTasksOutput: (args: InputArgs<GetCsmsTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetCsmsTasksResult> = outputOf(getCsmsTasks);

/**
 * Awaits a CSMS secret rotation and reports what the wait cost.
 * @throws TaskFailedError (with `task_error_code` / `task_error_msg`), TaskNotFoundError, WaitTimeoutError,
 * AbortError, ApiError, InputError
 */
export async function awaitCsmsTask(target: CsmsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<CsmsTask>> {
  return runWait("waitForCsmsTask", csmsWaitPlan(parseArgs(CsmsTargetSchema, target, "waitForCsmsTask")), opts);
}

/**
 * Awaits a CSMS secret rotation task: by id, or a secret's rotation started after `after` (its latest without).
 * @example await waitForCsmsTask({ secretName: "db-password", after: rotatedAt });
 */
export async function waitForCsmsTask(target: CsmsWaitTarget, opts: WaitOptions = {}): Promise<CsmsTask> {
  return (await awaitCsmsTask(target, opts)).task;
}
