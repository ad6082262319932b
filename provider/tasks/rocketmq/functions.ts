/**
 * RocketMQ functions: list an instance's background tasks and await one.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { rocketmqListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import { compact, parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { toRocketMqTask, type RocketMqWire } from "./model";
import { GetRocketMqTasksArgsSchema, RocketMqTargetSchema } from "./schemas";
import type { GetRocketMqTasksArgs, GetRocketMqTasksResult, RocketMqTask, RocketMqWaitTarget } from "./types";
import { rocketmqWaitPlan } from "./waits";

const tasksSource: DataSource<typeof GetRocketMqTasksArgsSchema, GetRocketMqTasksResult> = {
  name: "getRocketMqTasks",
  args: GetRocketMqTasksArgsSchema,
  run: async (client, a, opts) => {
    const query = { begin_time: compact(a.beginTime), end_time: compact(a.endTime) };
    const res = await listAll<RocketMqWire>(
      client,
      rocketmqListTasks,
      { path: { instance_id: a.instanceId }, query },
      { ...opts, maxItems: a.maxItems, pageSize: a.pageSize },
    );
    return { taskCount: res.total ?? res.items.length, tasks: res.items.map(toRocketMqTask), truncated: res.truncated, requestIds: res.requestIds };
  },
};

/**
 * Lists a RocketMQ instance's background tasks (`GET /v2/{project_id}/instances/{instance_id}/tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-hrm/ListBackgroundTasks.html
 */
export function getRocketMqTasks(args: GetRocketMqTasksArgs, opts: TaskApiOptions = {}): Promise<GetRocketMqTasksResult> {
  return runDataSource(tasksSource, args, opts);
}

/** {@link getRocketMqTasks} with `pulumi.Input` arguments. */
export const getRocketMqTasksOutput: (args: InputArgs<GetRocketMqTasksArgs>, opts?: TaskApiOptions) => pulumi.Output<GetRocketMqTasksResult> =
  outputOf(getRocketMqTasks);

/**
 * Awaits a RocketMQ instance task and reports what the wait cost.
 * @throws TaskFailedError, TaskNotFoundError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function awaitRocketMqTask(target: RocketMqWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<RocketMqTask>> {
  const t = parseArgs(RocketMqTargetSchema, target, "waitForRocketMqTask");
  const match = t.taskId !== undefined ? { id: t.taskId } : { name: t.name ?? "", after: t.after ?? 0 };
  return runWait("waitForRocketMqTask", rocketmqWaitPlan(t.instanceId, match), opts);
}

/**
 * Awaits a RocketMQ instance task: by id, or by name when created after `after`.
 * @example await waitForRocketMqTask({ instanceId, name: "bindInstancePublicIp", after: boundAt });
 */
export async function waitForRocketMqTask(target: RocketMqWaitTarget, opts: WaitOptions = {}): Promise<RocketMqTask> {
  return (await awaitRocketMqTask(target, opts)).task;
}
