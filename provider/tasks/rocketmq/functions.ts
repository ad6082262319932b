/**
 * RocketMQ functions: list an instance's background tasks, read one by id, and await one.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { rocketmqListTasks, rocketmqShowTask } from "../../endpoints";
import { TaskNotFoundError } from "../../errors";
import { listAll } from "../../http/paging";
import { compact, parseArgs } from "../../core/args";
import { outputOf, runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { InputArgs, TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { toRocketMqTask, type RocketMqWire } from "./model";
import { GetRocketMqTaskArgsSchema, GetRocketMqTasksArgsSchema, RocketMqTargetSchema } from "./schemas";
import type { GetRocketMqTaskArgs, GetRocketMqTasksArgs, GetRocketMqTasksResult, RocketMqTask, RocketMqWaitTarget } from "./types";
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

const taskSource: DataSource<typeof GetRocketMqTaskArgsSchema, RocketMqTask> = {
  name: "getRocketMqTask",
  args: GetRocketMqTaskArgsSchema,
  run: async (client, a, opts) => {
    const r = await client.call(rocketmqShowTask, { path: { instance_id: a.instanceId, task_id: a.taskId } }, opts);
    const w = r.data.tasks.find((t) => t.id === a.taskId);
    if (!w) {
      const target = `rocketmq task ${a.taskId} of instance ${a.instanceId}`;
      throw new TaskNotFoundError({ service: "rocketmq", target, taskId: a.taskId, lookedForMs: 0, requestId: r.requestId });
    }
    return toRocketMqTask(w);
  },
};

/**
 * Reads one RocketMQ instance task by id (`GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}`, answered
 * in the list's shape).
 * @throws TaskNotFoundError when the answer does not show the task; ApiError (404 included), InputError
 * @see https://support.huaweicloud.com/intl/en-us/api-hrm/ShowBackgroundTask.html
 */
export function getRocketMqTask(args: GetRocketMqTaskArgs, opts: TaskApiOptions = {}): Promise<RocketMqTask> {
  return runDataSource(taskSource, args, opts);
}

/** {@link getRocketMqTask} with `pulumi.Input` arguments. */
export const getRocketMqTaskOutput: (args: InputArgs<GetRocketMqTaskArgs>, opts?: TaskApiOptions) => pulumi.Output<RocketMqTask> = outputOf(getRocketMqTask);

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
 * Awaits a RocketMQ instance task and reports what the wait cost. A task awaited by id that the instance's list
 * does not show is read by id. With an `onProgress` observer, a pending task's progress is read and reported.
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
