/**
 * Bad input matrix: every function (waits, data sources, `...Output` twins) and every dynamic resource (through
 * the provider object the host runs: `check`, then `create`) refuses bad input before any request: the emulator's
 * request log stays empty, and the message names the offending field. No project id is configured, so a call that
 * got past validation would have to ask IAM first, which the log would show. (The data sources' arguments have 70
 * more cases in `test/integration/bad-inputs.test.ts`.)
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD } from "../../emulator";
import {
  InputError,
  awaitCsmsTask,
  awaitDcsTask,
  awaitKpsTask,
  awaitRocketMqTask,
  getCsmsTasks,
  getCsmsTasksOutput,
  getDcsTasks,
  getDcsTasksOutput,
  getKpsFailedTasks,
  getKpsFailedTasksOutput,
  getKpsRunningTasks,
  getKpsRunningTasksOutput,
  getKpsTask,
  getKpsTaskOutput,
  getRocketMqTasks,
  getRocketMqTasksOutput,
  waitForCsmsTask,
  waitForDcsTask,
  waitForIdle,
  waitForKpsTask,
  waitForRocketMqTask,
  type TaskApiOptions,
  type WaitOptions,
} from "../../provider";
import { clearProjectCache } from "../../provider/http/client";
import type { ResourceKind } from "../../provider/resources/host";
import { providerFor } from "../../provider/core/provider-object";
import { useEmulator } from "../helpers/emulator";
import { resolveOutput } from "../helpers/pulumi";
import { expectInputError } from "../helpers/reliability";

const ctx = useEmulator({ timeScale: 100, seed: 81 });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
const bad = <T>(v: unknown) => v as T;

/** Valid settings without a project id: anything that got past validation would ask IAM first. */
const opts = (over: Partial<WaitOptions> = {}): WaitOptions => ({
  ...ctx.emu.settings(),
  projectId: undefined,
  sources: { env: {} },
  clock: ctx.emu.clock,
  ...over,
});

/** The same settings for a data source (which takes no clock). */
const dsOpts = (over: Partial<TaskApiOptions> = {}): TaskApiOptions => ({ ...ctx.emu.settings(), projectId: undefined, sources: { env: {} }, ...over });

interface FunctionCase {
  name: string;
  field: string;
  run: () => Promise<unknown>;
}

const functionCases: FunctionCase[] = [
  // targets
  { name: "waitForKpsTask: empty taskId", field: "taskId", run: () => waitForKpsTask({ taskId: "" }, opts()) },
  { name: "waitForKpsTask: taskId ../running-tasks", field: "taskId", run: () => waitForKpsTask({ taskId: "../running-tasks" }, opts()) },
  { name: "awaitKpsTask: unknown target field serverId", field: "serverId", run: () => awaitKpsTask(bad({ taskId: "t-1", serverId: "s" }), opts()) },
  { name: "waitForCsmsTask: both taskId and secretName", field: "taskId", run: () => waitForCsmsTask(bad({ taskId: "t-1", secretName: "db-password" }), opts()) },
  { name: "waitForCsmsTask: neither taskId nor secretName", field: "taskId", run: () => waitForCsmsTask(bad({}), opts()) },
  { name: "waitForCsmsTask: after with taskId", field: "after", run: () => waitForCsmsTask(bad({ taskId: "t-1", after: 0 }), opts()) },
  { name: "waitForCsmsTask: secretName a/b", field: "secretName", run: () => waitForCsmsTask({ secretName: "a/b" }, opts()) },
  { name: "waitForCsmsTask: after 'last tuesday'", field: "after", run: () => waitForCsmsTask({ secretName: "db-password", after: "last tuesday" }, opts()) },
  { name: "waitForDcsTask: name without after", field: "after", run: () => waitForDcsTask(bad({ name: "EXTEND" }), opts()) },
  { name: "waitForDcsTask: jobId %2F", field: "jobId", run: () => waitForDcsTask({ jobId: "%2F" }, opts()) },
  { name: "waitForDcsTask: taskId and jobId together", field: "taskId", run: () => waitForDcsTask(bad({ taskId: "a", jobId: "b" }), opts()) },
  { name: "waitForDcsTask: name of 65 characters", field: "name", run: () => waitForDcsTask({ name: "n".repeat(65), after: 0 }, opts()) },
  { name: "waitForRocketMqTask: instanceId missing", field: "instanceId", run: () => waitForRocketMqTask(bad({ taskId: "t-1" }), opts()) },
  { name: "waitForRocketMqTask: instanceId with a space", field: "instanceId", run: () => waitForRocketMqTask({ instanceId: "a b", taskId: "t-1" }, opts()) },
  { name: "waitForRocketMqTask: after without name", field: "after", run: () => waitForRocketMqTask(bad({ instanceId: rmq, taskId: "t-1", after: 0 }), opts()) },
  { name: "waitForIdle: service ecs", field: "service", run: () => waitForIdle(bad({ service: "ecs" }), opts()) },
  { name: "waitForIdle: rocketmq without instanceId", field: "instanceId", run: () => waitForIdle({ service: "rocketmq" }, opts()) },
  { name: "waitForIdle: csms without secretName", field: "secretName", run: () => waitForIdle({ service: "csms" }, opts()) },
  { name: "waitForIdle: kps with an instanceId", field: "instanceId", run: () => waitForIdle({ service: "kps", instanceId: rmq }, opts()) },
  { name: "waitForIdle: kps serverId in unicode", field: "serverId", run: () => waitForIdle({ service: "kps", serverId: "sérveur" }, opts()) },

  // wait options
  { name: "wait options: timeout 'soon'", field: "timeout", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ timeout: "soon" })) },
  { name: "wait options: timeout 0", field: "timeout", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ timeout: 0 })) },
  { name: "wait options: timeout of 8 days", field: "timeout", run: () => waitForDcsTask({ taskId: "t-1" }, opts({ timeout: "192h" })) },
  { name: "wait options: misspelt timout", field: "timout", run: () => waitForKpsTask({ taskId: "t-1" }, bad({ ...opts(), timout: "1m" })) },
  { name: "wait options: policy with a negative interval", field: "policy.intervalMs", run: () => waitForCsmsTask({ taskId: "t-1" }, opts({ policy: { intervalMs: -1 } })) },
  { name: "wait options: empty successStatuses", field: "successStatuses", run: () => waitForRocketMqTask({ instanceId: rmq, taskId: "t" }, opts({ successStatuses: [] })) },
  { name: "wait options: an empty failure status", field: "failureStatuses.0", run: () => waitForDcsTask({ taskId: "t-1" }, opts({ failureStatuses: [""] })) },
  { name: "wait options: notFoundGraceMs -1", field: "notFoundGraceMs", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ notFoundGraceMs: -1 })) },
  { name: "wait options: share 'yes'", field: "share", run: () => waitForIdle({ service: "dcs" }, opts({ share: bad("yes") })) },
  { name: "wait options: clock without sleep", field: "clock", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ clock: bad({ now: () => 0 }) })) },
  { name: "wait options: onProgress not a function", field: "onProgress", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ onProgress: bad("log") })) },
  { name: "wait options: signal not an AbortSignal", field: "signal", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ signal: bad({ aborted: false }) })) },
  { name: "wait options: requestTimeoutMs 0", field: "requestTimeoutMs", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ requestTimeoutMs: 0 })) },
  { name: "wait options: startedAt 'yesterday'", field: "startedAt", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ startedAt: "yesterday" })) },
  { name: "wait options: waitInPreview 1", field: "waitInPreview", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ waitInPreview: bad(1) })) },

  // settings, through the waits
  { name: "wait settings: region moon", field: "region", run: () => waitForIdle({ service: "dcs" }, opts({ region: "moon" })) },
  { name: "wait settings: plain-http endpoint off loopback", field: "endpoint", run: () => waitForKpsTask({ taskId: "t-1" }, opts({ endpoint: "http://example.com" })) },
  { name: "wait settings: maxRetries -1", field: "maxRetries", run: () => waitForRocketMqTask({ instanceId: rmq, taskId: "t" }, opts({ maxRetries: -1 })) },
  { name: "wait settings: secret key missing", field: "secretKey", run: () => waitForCsmsTask({ taskId: "t-1" }, opts({ secretKey: undefined })) },

  // the await* twins of the waits
  { name: "awaitCsmsTask: secretName ..", field: "secretName", run: () => awaitCsmsTask({ secretName: ".." }, opts()) },
  { name: "awaitDcsTask: after without name", field: "after", run: () => awaitDcsTask(bad({ jobId: "j-1", after: 0 }), opts()) },
  { name: "awaitRocketMqTask: name without after", field: "after", run: () => awaitRocketMqTask(bad({ instanceId: rmq, name: "restart" }), opts()) },

  // the data sources (70 more cases in test/integration/bad-inputs.test.ts)
  { name: "getKpsTask: taskId with a slash", field: "taskId", run: () => getKpsTask({ taskId: "a/b" }, dsOpts()) },
  { name: "getKpsRunningTasks: pageSize 1001", field: "pageSize", run: () => getKpsRunningTasks({ pageSize: 1001 }, dsOpts()) },
  { name: "getKpsFailedTasks: unknown argument status", field: "status", run: () => getKpsFailedTasks(bad({ status: "FAILED" }), dsOpts()) },
  { name: "getCsmsTasks: taskId with status", field: "taskId", run: () => getCsmsTasks({ taskId: "t-1", status: "FAILED" }, dsOpts()) },
  { name: "getDcsTasks: startTime 30 February", field: "startTime", run: () => getDcsTasks({ startTime: "20240230000000" }, dsOpts()) },
  { name: "getRocketMqTasks: instanceId missing", field: "instanceId", run: () => getRocketMqTasks(bad({}), dsOpts()) },
  { name: "data-source options: a wait option (timeout) is not one", field: "timeout", run: () => getDcsTasks({}, bad({ ...dsOpts(), timeout: "1m" })) },

  // Output twins not covered elsewhere
  { name: "getKpsRunningTasksOutput: pageSize 0 as an Output", field: "pageSize", run: () => resolveOutput(getKpsRunningTasksOutput({ pageSize: pulumi.output(0) }, dsOpts())) },
  { name: "getKpsFailedTasksOutput: serverId a/b as a Promise", field: "serverId", run: () => resolveOutput(getKpsFailedTasksOutput({ serverId: Promise.resolve("a/b") }, dsOpts())) },
  { name: "getCsmsTasksOutput: status RUNNING", field: "status", run: () => resolveOutput(getCsmsTasksOutput({ status: bad("RUNNING") }, dsOpts())) },
  { name: "getKpsTaskOutput: empty taskId as an Output", field: "taskId", run: () => resolveOutput(getKpsTaskOutput({ taskId: pulumi.output("") }, dsOpts())) },
  { name: "getRocketMqTasksOutput: maxItems 0", field: "maxItems", run: () => resolveOutput(getRocketMqTasksOutput({ instanceId: rmq, maxItems: 0 }, dsOpts())) },
  { name: "getDcsTasksOutput: endTime before startTime", field: "endTime", run: () => resolveOutput(getDcsTasksOutput({ startTime: "20240602000000", endTime: pulumi.output("20240601000000") }, dsOpts())) },
];

interface ResourceCase {
  name: string;
  kind: ResourceKind;
  inputs: Record<string, unknown>;
  field: string;
}

const resourceCases: ResourceCase[] = [
  { name: "KpsTaskWaiter: taskId ../etc/passwd", kind: "KpsTaskWaiter", inputs: { taskId: "../etc/passwd" }, field: "taskId" },
  { name: "KpsTaskWaiter: timeout 'forever'", kind: "KpsTaskWaiter", inputs: { taskId: "t-1", timeout: "forever" }, field: "timeout" },
  { name: "KpsTaskWaiter: unknown input colour", kind: "KpsTaskWaiter", inputs: { taskId: "t-1", colour: "red" }, field: "colour" },
  { name: "KpsTaskWaiter: taskId missing", kind: "KpsTaskWaiter", inputs: {}, field: "taskId" },
  { name: "KpsKeypairAssociation: port 70000", kind: "KpsKeypairAssociation", inputs: { keypairName: "KeyPair-demo", serverId: "s-1", port: 70000 }, field: "port" },
  { name: "KpsKeypairAssociation: auth type token", kind: "KpsKeypairAssociation", inputs: { keypairName: "KeyPair-demo", serverId: "s-1", auth: { type: "token", key: "k" } }, field: "auth.type" },
  { name: "KpsKeypairAssociation: keypairName a/b", kind: "KpsKeypairAssociation", inputs: { keypairName: "a/b", serverId: "s-1" }, field: "keypairName" },
  { name: "KpsKeypairAssociation: serverId missing", kind: "KpsKeypairAssociation", inputs: { keypairName: "KeyPair-demo" }, field: "serverId" },
  { name: "KpsKeypairAssociation: disablePassword 'no'", kind: "KpsKeypairAssociation", inputs: { keypairName: "KeyPair-demo", serverId: "s-1", disablePassword: "no" }, field: "disablePassword" },
  { name: "CsmsTaskWaiter: taskId with secretName", kind: "CsmsTaskWaiter", inputs: { taskId: "t-1", secretName: "db-password" }, field: "taskId" },
  { name: "CsmsTaskWaiter: secretName ..", kind: "CsmsTaskWaiter", inputs: { secretName: ".." }, field: "secretName" },
  { name: "DcsTaskWaiter: name without after", kind: "DcsTaskWaiter", inputs: { name: "EXTEND" }, field: "after" },
  { name: "DcsTaskWaiter: after not a time", kind: "DcsTaskWaiter", inputs: { name: "EXTEND", after: "not a time" }, field: "after" },
  { name: "RocketMqTaskWaiter: instanceId %2e%2e", kind: "RocketMqTaskWaiter", inputs: { instanceId: "%2e%2e", taskId: "t-1" }, field: "instanceId" },
  { name: "RocketMqTaskWaiter: createTimeout 0s", kind: "RocketMqTaskWaiter", inputs: { instanceId: rmq, taskId: "t-1", createTimeout: "0s" }, field: "createTimeout" },
  { name: "CsmsSecretRotation: secretName missing", kind: "CsmsSecretRotation", inputs: {}, field: "secretName" },
  { name: "CsmsSecretRotation: secretName with a space", kind: "CsmsSecretRotation", inputs: { secretName: "db password" }, field: "secretName" },
  { name: "CsmsSecretRotation: unknown input taskId", kind: "CsmsSecretRotation", inputs: { secretName: "db-password", taskId: "t-1" }, field: "taskId" },
  { name: "TaskGate: service rds", kind: "TaskGate", inputs: { service: "rds" }, field: "service" },
  { name: "TaskGate: rocketmq without instanceId", kind: "TaskGate", inputs: { service: "rocketmq" }, field: "instanceId" },
  { name: "TaskGate: everyDeployment 'yes'", kind: "TaskGate", inputs: { service: "kps", everyDeployment: "yes" }, field: "everyDeployment" },
  { name: "TaskGate: kps serverId in unicode", kind: "TaskGate", inputs: { service: "kps", serverId: "服务器" }, field: "serverId" },
];

interface Provider {
  configure(req: unknown): Promise<void>;
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ failures: { property: string; reason: string }[] }>;
  create(inputs: Record<string, unknown>): Promise<unknown>;
}
const provider = (kind: ResourceKind) => providerFor(kind) as unknown as Provider;

const saved = new Map<string, string | undefined>();
let quiet: jest.SpyInstance | undefined;
beforeAll(() => {
  // pulumi.log progress lines (the control case) go to the console outside an engine.
  quiet = jest.spyOn(console, "log").mockImplementation(() => undefined);
  // The host's environment: the emulator, but no project id (a request would have to start with IAM).
  const { HW_PROJECT_ID: _p, ...env } = ctx.emu.env();
  for (const k of [...Object.keys(env), "HW_PROJECT_ID"]) saved.set(k, process.env[k]);
  Object.assign(process.env, env);
  delete process.env["HW_PROJECT_ID"];
});
afterAll(() => {
  quiet?.mockRestore();
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
beforeEach(() => {
  ctx.emu.clearRequests();
  clearProjectCache();
});

it("covers at least 30 bad inputs across every function (waits, data sources, Output twins) and every resource", () => {
  expect(functionCases.length + resourceCases.length).toBeGreaterThanOrEqual(30);
  const functions = [
    ...["waitForKpsTask", "waitForCsmsTask", "waitForDcsTask", "waitForRocketMqTask", "waitForIdle"],
    ...["awaitKpsTask", "awaitCsmsTask", "awaitDcsTask", "awaitRocketMqTask"],
    ...["getKpsTask", "getKpsRunningTasks", "getKpsFailedTasks", "getCsmsTasks", "getDcsTasks", "getRocketMqTasks"],
    ...["getKpsTaskOutput", "getKpsRunningTasksOutput", "getKpsFailedTasksOutput", "getCsmsTasksOutput", "getDcsTasksOutput", "getRocketMqTasksOutput"],
  ];
  for (const fn of functions) {
    expect(functionCases.some((c) => c.name.startsWith(`${fn}:`))).toBe(true);
  }
  for (const kind of ["KpsTaskWaiter", "KpsKeypairAssociation", "CsmsTaskWaiter", "CsmsSecretRotation", "DcsTaskWaiter", "RocketMqTaskWaiter", "TaskGate"]) {
    expect(resourceCases.some((c) => c.kind === kind)).toBe(true);
  }
});

describe("functions", () => {
  it.each(functionCases)("$name → InputError naming $field, no request", async ({ field, run }) => {
    await expectInputError(run, field);
    expect(ctx.emu.requests()).toHaveLength(0);
  });
});

describe("resources (check, then create)", () => {
  it.each(resourceCases)("$name → a check failure on $field, create refused, no request", async ({ kind, inputs, field }) => {
    const checked = await provider(kind).check({}, { ...inputs, __provider: "serialized" });
    expect(checked.failures.map((f) => f.property)).toContain(field);
    expect(checked.failures.find((f) => f.property === field)?.reason).toMatch(/\w/);
    const err = await provider(kind).create(inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain(`${kind}: invalid input: `);
    expect((err as Error).message).toContain(`${field}: `);
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("settings from the host's Configure (region moon) → create refused naming region, no request", async () => {
    const p = provider("TaskGate");
    await p.configure({ config: { get: (k: string) => (k === "huaweicloud:region" ? "moon" : undefined) } });
    try {
      expect((await p.check({}, { service: "dcs" })).failures).toEqual([]);
      const err = await p.create({ service: "dcs" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err).toMatchObject({ field: "region" });
      expect((err as Error).message).toContain("region: (from huaweicloud:region) must be a region name");
      expect(ctx.emu.requests()).toHaveLength(0);
    } finally {
      await p.configure({ config: { get: () => undefined } });
    }
  });

  it("control: the same host settings with valid inputs do reach the emulator, IAM first", async () => {
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 5_000, outcome: "success" });
    const created = (await provider("KpsTaskWaiter").create({ taskId: t.id })) as { outs: Record<string, unknown> };
    expect(created.outs["status"]).toBe("SUCCESS_RESET");
    expect(ctx.emu.requests()[0]?.operation).toBe("KeystoneListProjects");
  });
});
