/**
 * Bad inputs to every public function: each is an InputError naming the offending field, and costs no request at
 * all (the emulator's request log stays empty; no project id is given, so not even IAM may be asked).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD } from "../../emulator";
import {
  getCsmsTasks,
  getDcsTasks,
  getKpsFailedTasks,
  getKpsRunningTasks,
  getKpsTask,
  getKpsTaskOutput,
  getRocketMqTasks,
  getRocketMqTasksOutput,
  type TaskApiOptions,
} from "../../provider";
import { resetRuntime } from "../../provider/runtime";
import { useEmulator } from "../helpers/emulator";
import { resolveOutput } from "../helpers/pulumi";
import { expectInputError } from "../helpers/reliability";

const ctx = useEmulator({ seed: 5 });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

/** Valid settings without a project id: a call that got past validation would ask IAM first. */
const opts = (over: Partial<TaskApiOptions> = {}): TaskApiOptions => ({
  ...ctx.emu.settings(),
  projectId: undefined,
  sources: { env: {} },
  ...over,
});
/** Lets a test pass a value its declared type forbids. */
const bad = <T>(v: unknown) => v as T;

interface Case {
  name: string;
  field: string;
  run: () => Promise<unknown>;
}

const cases: Case[] = [
  // getKpsTask: the id goes into the path
  { name: "getKpsTask: empty taskId", field: "taskId", run: () => getKpsTask({ taskId: "" }, opts()) },
  { name: "getKpsTask: taskId ../x", field: "taskId", run: () => getKpsTask({ taskId: "../x" }, opts()) },
  { name: "getKpsTask: taskId ..", field: "taskId", run: () => getKpsTask({ taskId: ".." }, opts()) },
  { name: "getKpsTask: taskId a/b", field: "taskId", run: () => getKpsTask({ taskId: "a/b" }, opts()) },
  { name: "getKpsTask: taskId %2F", field: "taskId", run: () => getKpsTask({ taskId: "%2F" }, opts()) },
  { name: "getKpsTask: taskId with a leading space", field: "taskId", run: () => getKpsTask({ taskId: " x" }, opts()) },
  { name: "getKpsTask: taskId with a trailing newline", field: "taskId", run: () => getKpsTask({ taskId: "x\n" }, opts()) },
  { name: "getKpsTask: unicode taskId", field: "taskId", run: () => getKpsTask({ taskId: "täsk-1" }, opts()) },
  { name: "getKpsTask: emoji taskId", field: "taskId", run: () => getKpsTask({ taskId: "\u{1F642}" }, opts()) },
  { name: "getKpsTask: taskId of 129 characters", field: "taskId", run: () => getKpsTask({ taskId: "x".repeat(129) }, opts()) },
  { name: "getKpsTask: taskId a number", field: "taskId", run: () => getKpsTask({ taskId: bad<string>(42) }, opts()) },
  { name: "getKpsTask: taskId null", field: "taskId", run: () => getKpsTask({ taskId: bad<string>(null) }, opts()) },
  { name: "getKpsTask: taskId missing", field: "taskId", run: () => getKpsTask(bad({}), opts()) },
  { name: "getKpsTask: unknown argument task_id", field: "task_id", run: () => getKpsTask(bad({ taskId: "ok-1", task_id: "ok-1" }), opts()) },
  { name: "getKpsTask: arguments not an object", field: "(arguments)", run: () => getKpsTask(bad("ok-1"), opts()) },

  // getKpsRunningTasks: paging limits
  { name: "getKpsRunningTasks: pageSize 0", field: "pageSize", run: () => getKpsRunningTasks({ pageSize: 0 }, opts()) },
  { name: "getKpsRunningTasks: pageSize above the API max (1000)", field: "pageSize", run: () => getKpsRunningTasks({ pageSize: 1001 }, opts()) },
  { name: "getKpsRunningTasks: pageSize 2.5", field: "pageSize", run: () => getKpsRunningTasks({ pageSize: 2.5 }, opts()) },
  { name: "getKpsRunningTasks: pageSize a string", field: "pageSize", run: () => getKpsRunningTasks({ pageSize: bad<number>("10") }, opts()) },
  { name: "getKpsRunningTasks: maxItems 0", field: "maxItems", run: () => getKpsRunningTasks({ maxItems: 0 }, opts()) },
  { name: "getKpsRunningTasks: maxItems -1", field: "maxItems", run: () => getKpsRunningTasks({ maxItems: -1 }, opts()) },
  { name: "getKpsRunningTasks: maxItems 100001", field: "maxItems", run: () => getKpsRunningTasks({ maxItems: 100_001 }, opts()) },
  { name: "getKpsRunningTasks: maxItems NaN", field: "maxItems", run: () => getKpsRunningTasks({ maxItems: Number.NaN }, opts()) },
  { name: "getKpsRunningTasks: serverId a/b", field: "serverId", run: () => getKpsRunningTasks({ serverId: "a/b" }, opts()) },
  { name: "getKpsRunningTasks: empty serverId", field: "serverId", run: () => getKpsRunningTasks({ serverId: "" }, opts()) },

  // getKpsFailedTasks
  { name: "getKpsFailedTasks: pageSize -1", field: "pageSize", run: () => getKpsFailedTasks({ pageSize: -1 }, opts()) },
  { name: "getKpsFailedTasks: maxItems 1.5", field: "maxItems", run: () => getKpsFailedTasks({ maxItems: 1.5 }, opts()) },
  { name: "getKpsFailedTasks: serverId ../../etc", field: "serverId", run: () => getKpsFailedTasks({ serverId: "../../etc" }, opts()) },
  { name: "getKpsFailedTasks: unknown argument status", field: "status", run: () => getKpsFailedTasks(bad({ status: "FAILED" }), opts()) },

  // getCsmsTasks: filters that exclude each other, names that could change the route
  { name: "getCsmsTasks: taskId with secretName", field: "taskId", run: () => getCsmsTasks({ taskId: "t-1", secretName: "db-password" }, opts()) },
  { name: "getCsmsTasks: taskId with status", field: "taskId", run: () => getCsmsTasks({ taskId: "t-1", status: "FAILED" }, opts()) },
  { name: "getCsmsTasks: status RUNNING", field: "status", run: () => getCsmsTasks({ status: bad<"FAILED">("RUNNING") }, opts()) },
  { name: "getCsmsTasks: lower-case status", field: "status", run: () => getCsmsTasks({ status: bad<"FAILED">("failed") }, opts()) },
  { name: "getCsmsTasks: secretName ../etc", field: "secretName", run: () => getCsmsTasks({ secretName: "../etc" }, opts()) },
  { name: "getCsmsTasks: secretName ..", field: "secretName", run: () => getCsmsTasks({ secretName: ".." }, opts()) },
  { name: "getCsmsTasks: secretName with a space", field: "secretName", run: () => getCsmsTasks({ secretName: "db password" }, opts()) },
  { name: "getCsmsTasks: secretName of 65 characters", field: "secretName", run: () => getCsmsTasks({ secretName: "s".repeat(65) }, opts()) },
  { name: "getCsmsTasks: taskId a/b", field: "taskId", run: () => getCsmsTasks({ taskId: "a/b" }, opts()) },
  { name: "getCsmsTasks: pageSize above the API max (200)", field: "pageSize", run: () => getCsmsTasks({ pageSize: 201 }, opts()) },
  { name: "getCsmsTasks: unknown argument secret_name", field: "secret_name", run: () => getCsmsTasks(bad({ secret_name: "db-password" }), opts()) },

  // getDcsTasks: time windows
  { name: "getDcsTasks: startTime 'yesterday'", field: "startTime", run: () => getDcsTasks({ startTime: "yesterday" }, opts()) },
  { name: "getDcsTasks: startTime in month 13", field: "startTime", run: () => getDcsTasks({ startTime: "20241301000000" }, opts()) },
  { name: "getDcsTasks: startTime on 30 February (compact)", field: "startTime", run: () => getDcsTasks({ startTime: "20240230000000" }, opts()) },
  { name: "getDcsTasks: startTime on 30 February (ISO)", field: "startTime", run: () => getDcsTasks({ startTime: "2024-02-30T00:00:00Z" }, opts()) },
  { name: "getDcsTasks: startTime 25:00", field: "startTime", run: () => getDcsTasks({ startTime: "2024-01-01T25:00:00Z" }, opts()) },
  { name: "getDcsTasks: startTime an invalid Date", field: "startTime", run: () => getDcsTasks({ startTime: new Date("not a date") }, opts()) },
  { name: "getDcsTasks: startTime negative epoch ms", field: "startTime", run: () => getDcsTasks({ startTime: -5 }, opts()) },
  { name: "getDcsTasks: startTime an object", field: "startTime", run: () => getDcsTasks({ startTime: bad({}) }, opts()) },
  {
    name: "getDcsTasks: endTime before startTime",
    field: "endTime",
    run: () => getDcsTasks({ startTime: "2024-06-02T00:00:00Z", endTime: new Date(Date.UTC(2024, 5, 1)) }, opts()),
  },
  { name: "getDcsTasks: pageSize above the API max (1000)", field: "pageSize", run: () => getDcsTasks({ pageSize: 1001 }, opts()) },
  { name: "getDcsTasks: unknown argument start_time", field: "start_time", run: () => getDcsTasks(bad({ start_time: "20240101000000" }), opts()) },

  // getRocketMqTasks
  { name: "getRocketMqTasks: instanceId missing", field: "instanceId", run: () => getRocketMqTasks(bad({}), opts()) },
  { name: "getRocketMqTasks: no arguments at all", field: "instanceId", run: () => getRocketMqTasks(bad(undefined), opts()) },
  { name: "getRocketMqTasks: empty instanceId", field: "instanceId", run: () => getRocketMqTasks({ instanceId: "" }, opts()) },
  { name: "getRocketMqTasks: instanceId a/b", field: "instanceId", run: () => getRocketMqTasks({ instanceId: "a/b" }, opts()) },
  { name: "getRocketMqTasks: instanceId %2e%2e", field: "instanceId", run: () => getRocketMqTasks({ instanceId: "%2e%2e" }, opts()) },
  { name: "getRocketMqTasks: instanceId an array", field: "instanceId", run: () => getRocketMqTasks({ instanceId: bad<string>([rmq]) }, opts()) },
  {
    name: "getRocketMqTasks: beginTime after endTime",
    field: "endTime",
    run: () => getRocketMqTasks({ instanceId: rmq, beginTime: "20240602000000", endTime: "20240601000000" }, opts()),
  },
  { name: "getRocketMqTasks: beginTime a boolean", field: "beginTime", run: () => getRocketMqTasks({ instanceId: rmq, beginTime: bad(true) }, opts()) },
  { name: "getRocketMqTasks: maxItems 0", field: "maxItems", run: () => getRocketMqTasks({ instanceId: rmq, maxItems: 0 }, opts()) },
  {
    name: "getRocketMqTasks: unknown argument begin_time",
    field: "begin_time",
    run: () => getRocketMqTasks(bad({ instanceId: rmq, begin_time: "20240101000000" }), opts()),
  },

  // settings, through every function
  { name: "settings: region moon", field: "region", run: () => getKpsTask({ taskId: "t-1" }, opts({ region: "moon" })) },
  { name: "settings: http endpoint not on loopback", field: "endpoint", run: () => getCsmsTasks({}, opts({ endpoint: "http://example.com" })) },
  { name: "settings: http endpoint on a private address", field: "endpoint", run: () => getDcsTasks({}, opts({ endpoint: "http://10.0.0.1:8080" })) },
  { name: "settings: access key missing", field: "accessKey", run: () => getRocketMqTasks({ instanceId: rmq }, opts({ accessKey: undefined })) },
  { name: "settings: secret key with a space", field: "secretKey", run: () => getKpsRunningTasks({}, opts({ secretKey: "two words" })) },
  { name: "settings: maxRetries 11", field: "maxRetries", run: () => getKpsFailedTasks({}, opts({ maxRetries: 11 })) },
  { name: "settings: projectId ../p", field: "projectId", run: () => getKpsTask({ taskId: "t-1" }, opts({ projectId: "../p" })) },
  { name: "settings: unknown endpoints key", field: "endpoints.kps", run: () => getCsmsTasks({}, opts({ endpoints: bad({ kps: ctx.emu.url }) })) },
  {
    name: "settings: malformed huaweicloud:endpoints",
    field: "huaweicloud:endpoints",
    run: () => getDcsTasks({}, opts({ endpoint: undefined, sources: { config: (k) => (k === "endpoints" ? "{not json" : undefined), env: {} } })),
  },

  // Output twins reject the same way
  { name: "getKpsTaskOutput: taskId a/b as an Output", field: "taskId", run: () => resolveOutput(getKpsTaskOutput({ taskId: pulumi.output("a/b") }, opts())) },
  {
    name: "getRocketMqTasksOutput: empty instanceId as a Promise",
    field: "instanceId",
    run: () => resolveOutput(getRocketMqTasksOutput({ instanceId: Promise.resolve("") }, opts())),
  },
];

beforeEach(async () => {
  ctx.emu.clearRequests();
  await resetRuntime();
});

it("covers at least 30 bad inputs across all six functions", () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const fn of ["getKpsTask", "getKpsRunningTasks", "getKpsFailedTasks", "getCsmsTasks", "getDcsTasks", "getRocketMqTasks"]) {
    expect(cases.filter((c) => c.name.startsWith(`${fn}:`)).length).toBeGreaterThanOrEqual(4);
  }
});

it.each(cases)("$name → InputError naming $field, no request sent", async ({ field, run }) => {
  const e = await expectInputError(run, field);
  expect(e.field).toBe(field);
  expect(ctx.emu.requests()).toHaveLength(0);
});

it("a valid call with the same options does reach the emulator (the log is live)", async () => {
  await getKpsRunningTasks({}, opts());
  expect(ctx.emu.requests().map((r) => r.operation)).toEqual(["KeystoneListProjects", "ListRunningTask"]);
});
