/**
 * Data-source functions: read any task API in one line. Each comes as `getX(args, opts?)` returning a promise and
 * `getXOutput(args, opts?)` taking `pulumi.Input`s and returning a `pulumi.Output`, as Pulumi's generated SDKs do.
 * Arguments and settings are validated before any request; every page is read up to `maxItems`.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { listAll } from "../http/paging";
import {
  csmsListTasks,
  dcsListTasks,
  kpsListFailedTasks,
  kpsListRunningTasks,
  kpsShowTask,
  rocketmqListTasks,
} from "../services";
import {
  GetCsmsTasksArgsSchema,
  GetDcsTasksArgsSchema,
  GetKpsTaskArgsSchema,
  GetKpsTasksArgsSchema,
  GetRocketMqTasksArgsSchema,
  compact,
  parseArgs,
} from "./args";
import { connect, type TaskApiOptions } from "./connect";
import {
  toCsmsTask,
  toDcsTask,
  toKpsListedTask,
  toKpsTask,
  toRocketMqTask,
  type CsmsTask,
  type CsmsWire,
  type DcsTask,
  type DcsWire,
  type KpsFailedWire,
  type KpsListedTask,
  type KpsTask,
  type RocketMqTask,
  type RocketMqWire,
} from "./model";
import type { TimeInput } from "../util/time";

export type { TaskApiOptions };

/** Turns an args interface into its `pulumi.Input` form. */
export type InputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Paging controls of the list functions. */
export interface PagingArgs {
  /** Stop after this many tasks (`truncated` tells when more existed). @default 10000 */
  maxItems?: number;
  /** Tasks per page, within the API's limits. @default the API's maximum (fewest calls) */
  pageSize?: number;
}

/** What every list result says beyond its tasks. */
export interface ListMeta {
  /** More tasks existed than `maxItems` allowed. */
  truncated: boolean;
  /** `X-Request-Id` of each page read. */
  requestIds: string[];
}

/**
 * The `...Output` twin of a function. `Date` arguments are turned into epoch ms first: `pulumi.output` would turn a
 * `Date` into `{}` (an `Output<Date>` is already `{}`; give times as epoch ms or text inside Outputs).
 */
function outputOf<A, R>(fn: (args: A, opts?: TaskApiOptions) => Promise<R>) {
  return (args: InputArgs<A>, opts?: TaskApiOptions): pulumi.Output<R> => {
    const prepared: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((args ?? {}) as Record<string, unknown>)) {
      prepared[k] = v instanceof Date ? v.getTime() : v instanceof Promise ? v.then((x: unknown) => (x instanceof Date ? x.getTime() : x)) : v;
    }
    return pulumi.output(prepared).apply((plain) => fn(plain as A, opts)) as pulumi.Output<R>;
  };
}

// ---------------------------------------------------------------------------------------------------------- KPS

/** Arguments of {@link getKpsTask}. */
export interface GetKpsTaskArgs {
  /** The id an associate/disassociate call returned. */
  taskId: string;
}

/**
 * Reads one KPS key-pair task (`GET /v3/{project_id}/tasks/{task_id}`).
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListKeypairTask.html
 * @example const t = await getKpsTask({ taskId }); if (t.phase === "failed") ...
 */
export async function getKpsTask(args: GetKpsTaskArgs, opts: TaskApiOptions = {}): Promise<KpsTask> {
  const a = parseArgs(GetKpsTaskArgsSchema, args, "getKpsTask");
  const client = connect(opts, "getKpsTask");
  const res = await client.call(kpsShowTask, { path: { task_id: a.taskId } }, opts);
  return toKpsTask(res.data);
}

/** {@link getKpsTask} with `pulumi.Input` arguments. */
export const getKpsTaskOutput = outputOf(getKpsTask);

/** Arguments of {@link getKpsRunningTasks} and {@link getKpsFailedTasks}. */
export interface GetKpsTasksArgs extends PagingArgs {
  /** Only this server's tasks. */
  serverId?: string;
}

/** Result of {@link getKpsRunningTasks} and {@link getKpsFailedTasks}. */
export interface GetKpsTasksResult extends ListMeta {
  /** The total the service reported. */
  total: number;
  tasks: KpsListedTask[];
}

async function listKps(
  ep: typeof kpsListRunningTasks | typeof kpsListFailedTasks,
  context: string,
  args: GetKpsTasksArgs,
  opts: TaskApiOptions,
): Promise<GetKpsTasksResult> {
  const a = parseArgs(GetKpsTasksArgsSchema, args, context);
  const client = connect(opts, context);
  const res = await listAll<KpsFailedWire>(client, ep, {}, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
  const tasks = res.items.map(toKpsListedTask).filter((t) => a.serverId === undefined || t.serverId === a.serverId);
  return {
    total: a.serverId === undefined ? (res.total ?? tasks.length) : tasks.length,
    tasks,
    truncated: res.truncated,
    requestIds: res.requestIds,
  };
}

/**
 * Lists the KPS tasks in progress (`GET /v3/{project_id}/running-tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListRunningTask.html
 */
export function getKpsRunningTasks(args: GetKpsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetKpsTasksResult> {
  return listKps(kpsListRunningTasks, "getKpsRunningTasks", args, opts);
}

/** {@link getKpsRunningTasks} with `pulumi.Input` arguments. */
export const getKpsRunningTasksOutput = outputOf(getKpsRunningTasks);

/**
 * Lists failed KPS tasks with their error code and message (`GET /v3/{project_id}/failed-tasks`).
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListFailedTask.html
 */
export function getKpsFailedTasks(args: GetKpsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetKpsTasksResult> {
  return listKps(kpsListFailedTasks, "getKpsFailedTasks", args, opts);
}

/** {@link getKpsFailedTasks} with `pulumi.Input` arguments. */
export const getKpsFailedTasksOutput = outputOf(getKpsFailedTasks);

// --------------------------------------------------------------------------------------------------------- CSMS

/** Arguments of {@link getCsmsTasks}. `taskId` may not be combined with `secretName` or `status`. */
export interface GetCsmsTasksArgs extends PagingArgs {
  secretName?: string;
  /** `SUCCESS` or `FAILED` (the API filters final states only). */
  status?: "SUCCESS" | "FAILED";
  taskId?: string;
}

/** Result of {@link getCsmsTasks}. */
export interface GetCsmsTasksResult extends ListMeta {
  total: number;
  tasks: CsmsTask[];
}

/**
 * Lists CSMS secret rotation tasks (`GET /v1/{project_id}/csms/tasks`), every page by marker.
 * @see https://support.huaweicloud.com/intl/en-us/api-dew/ListSecretTask.html
 */
export async function getCsmsTasks(args: GetCsmsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetCsmsTasksResult> {
  const a = parseArgs(GetCsmsTasksArgsSchema, args, "getCsmsTasks");
  const client = connect(opts, "getCsmsTasks");
  const query = { secret_name: a.secretName, status: a.status, task_id: a.taskId };
  const res = await listAll<CsmsWire>(client, csmsListTasks, { query }, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
  return { total: res.total ?? res.items.length, tasks: res.items.map(toCsmsTask), truncated: res.truncated, requestIds: res.requestIds };
}

/** {@link getCsmsTasks} with `pulumi.Input` arguments. */
export const getCsmsTasksOutput = outputOf(getCsmsTasks);

// ---------------------------------------------------------------------------------------------------------- DCS

/** Arguments of {@link getDcsTasks}. Times are sent in UTC as `yyyyMMddHHmmss`. */
export interface GetDcsTasksArgs extends PagingArgs {
  /** Window start: `Date`, epoch ms, ISO 8601 or `yyyyMMddHHmmss` (UTC). */
  startTime?: TimeInput;
  /** Window end, same forms. */
  endTime?: TimeInput;
}

/** Result of {@link getDcsTasks}. */
export interface GetDcsTasksResult extends ListMeta {
  /** The service's `task_count`, as a number. */
  taskCount: number;
  tasks: DcsTask[];
}

/**
 * Lists the DCS task center (`GET /v2/{project_id}/tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-dcs/ListCenterTask.html
 */
export async function getDcsTasks(args: GetDcsTasksArgs = {}, opts: TaskApiOptions = {}): Promise<GetDcsTasksResult> {
  const a = parseArgs(GetDcsTasksArgsSchema, args, "getDcsTasks");
  const client = connect(opts, "getDcsTasks");
  const query = { start_time: compact(a.startTime), end_time: compact(a.endTime) };
  const res = await listAll<DcsWire>(client, dcsListTasks, { query }, { ...opts, maxItems: a.maxItems, pageSize: a.pageSize });
  return { taskCount: res.total ?? res.items.length, tasks: res.items.map(toDcsTask), truncated: res.truncated, requestIds: res.requestIds };
}

/** {@link getDcsTasks} with `pulumi.Input` arguments. */
export const getDcsTasksOutput = outputOf(getDcsTasks);

// ----------------------------------------------------------------------------------------------------- RocketMQ

/** Arguments of {@link getRocketMqTasks}. */
export interface GetRocketMqTasksArgs extends PagingArgs {
  instanceId: string;
  /** Window start: `Date`, epoch ms, ISO 8601 or `yyyyMMddHHmmss` (UTC). */
  beginTime?: TimeInput;
  /** Window end, same forms. */
  endTime?: TimeInput;
}

/** Result of {@link getRocketMqTasks}. */
export interface GetRocketMqTasksResult extends ListMeta {
  /** The service's `task_count`, as a number. */
  taskCount: number;
  tasks: RocketMqTask[];
}

/**
 * Lists a RocketMQ instance's background tasks (`GET /v2/{project_id}/instances/{instance_id}/tasks`), every page.
 * @see https://support.huaweicloud.com/intl/en-us/api-hrm/ListBackgroundTasks.html
 */
export async function getRocketMqTasks(args: GetRocketMqTasksArgs, opts: TaskApiOptions = {}): Promise<GetRocketMqTasksResult> {
  const a = parseArgs(GetRocketMqTasksArgsSchema, args, "getRocketMqTasks");
  const client = connect(opts, "getRocketMqTasks");
  const query = { begin_time: compact(a.beginTime), end_time: compact(a.endTime) };
  const res = await listAll<RocketMqWire>(
    client,
    rocketmqListTasks,
    { path: { instance_id: a.instanceId }, query },
    { ...opts, maxItems: a.maxItems, pageSize: a.pageSize },
  );
  return { taskCount: res.total ?? res.items.length, tasks: res.items.map(toRocketMqTask), truncated: res.truncated, requestIds: res.requestIds };
}

/** {@link getRocketMqTasks} with `pulumi.Input` arguments. */
export const getRocketMqTasksOutput = outputOf(getRocketMqTasks);
