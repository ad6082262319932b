/**
 * Secrets: a canary access key, secret key and security token, configured every supported way, never appear in a
 * resource's `__provider` or inputs, in outputs or results, in error messages (text, stack, JSON, inspection,
 * causes), in `pulumi.log` output (the console in this process, the host's stdout/stderr), in `onProgress` or
 * `onExchange` events. The emulator knows only the canary credentials and requires the token, so every call that
 * succeeds proves the canaries were configured and sent.
 *
 * Ways: explicit options; Pulumi config (`huaweicloud:*`); the environment under each supported name
 * (`HW_*`, `HUAWEICLOUD_SDK_*`, `CLOUD_SDK_*`); and the dynamic-provider host's Configure config and environment.
 */
import { join } from "node:path";
import { inspect } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD } from "../../emulator";
import {
  ApiError,
  CsmsSecretRotation,
  CsmsTaskWaiter,
  DcsTaskWaiter,
  KpsKeypairAssociation,
  KpsTaskWaiter,
  RocketMqTaskWaiter,
  TaskFailedError,
  TaskGate,
  WaitTimeoutError,
  getCsmsTasksOutput,
  getKpsTask,
  getRocketMqTasks,
  waitForDcsTask,
  waitForIdle,
  waitForKpsTask,
  type ExchangeEvent,
  type TaskApiOptions,
  type WaitEvent,
  type WaitOptions,
} from "../../provider";
import { clearProjectCache } from "../../provider/http/client";
import type { ResourceKind } from "../../provider/resources/host";
import { providerFor } from "../../provider/core/provider-object";
import { useEmulator } from "../helpers/emulator";
import { withEnv } from "../helpers/env";
import { capturingOutput, errorTexts, safeJson } from "../helpers/leaks";
import { captureRegistrations, startHost, type Host, type HostError } from "../helpers/host";
import { resolveOutput, withPulumiConfig } from "../helpers/pulumi";

const CANARY = {
  accessKey: "CANARYRELAK000000077",
  secretKey: "canary-reliability-secret-4d2f",
  securityToken: "canary-reliability-token-9e1c",
};
const CANARIES = Object.values(CANARY);
const ctx = useEmulator({ timeScale: 100, seed: 131, history: 3, ...CANARY });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
const repo = join(__dirname, "..", "..");

/** Stack config (`huaweicloud:*`) that points at the emulator and carries the canary credentials. */
function canaryConfig(): Record<string, string> {
  const s = ctx.emu.settings();
  return {
    "huaweicloud:region": s.region,
    "huaweicloud:projectId": s.projectId,
    "huaweicloud:endpoints": JSON.stringify({ kms: s.endpoint, dcs: s.endpoint, dms: s.endpoint, iam: s.endpoint }),
    "huaweicloud:accessKey": CANARY.accessKey,
    "huaweicloud:secretKey": CANARY.secretKey,
    "huaweicloud:securityToken": CANARY.securityToken,
  };
}

/** What one configuration way produced, grouped by where it could leak. */
class Evidence {
  readonly texts = new Map<string, string[]>();
  add(where: string, ...texts: string[]): void {
    this.texts.set(where, [...(this.texts.get(where) ?? []), ...texts]);
  }
  /** `where` → the canaries found there (empty when clean). */
  leaks(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [where, texts] of this.texts) {
      const found = CANARIES.filter((c) => texts.some((t) => t.includes(c)));
      if (found.length > 0) out[where] = found;
    }
    return out;
  }
}

/** Records the console and stdout/stderr (where `pulumi.log` writes outside an engine) as evidence while `fn` runs. */
async function capturingEvidence<T>(evidence: Evidence, fn: () => Promise<T>): Promise<T> {
  const output: string[] = [];
  try {
    return await capturingOutput(output, fn);
  } finally {
    evidence.add("pulumi.log / console / stdout", ...output);
  }
}

/** The seven resource kinds, as a program would declare them. */
function everyResource(serverId: string): pulumi.Resource[] {
  return [
    new KpsTaskWaiter("kps", { taskId: "t-1" }),
    new KpsKeypairAssociation("assoc", { keypairName: "KeyPair-demo", serverId }),
    new CsmsTaskWaiter("csms", { secretName: "db-password" }),
    new CsmsSecretRotation("rotate", { secretName: "api-token" }),
    new DcsTaskWaiter("dcs", { name: "EXTEND", after: new Date() }),
    new RocketMqTaskWaiter("mq", { instanceId: rmq, taskId: "t-1" }),
    new TaskGate("gate", { service: "rocketmq", instanceId: rmq }),
  ];
}

type Provider = { create(inputs: Record<string, unknown>): Promise<{ id: string; outs: Record<string, unknown> }> };
const provider = (kind: ResourceKind) => providerFor(kind) as unknown as Provider;

let serverSeq = 0;

/**
 * Runs the in-process scenarios with `opts` (the way the credentials are configured; `undefined` settings come
 * from Pulumi config and the environment): successes, a transient fault whose body echoes the credentials, a
 * failed task, a 401 echoing them, a timeout; and, when `resources`, the host-side resource code and the
 * resources' registrations.
 */
async function scenarios(opts: TaskApiOptions, resources: boolean): Promise<Evidence> {
  const emu = ctx.emu;
  const evidence = new Evidence();
  const exchanges: ExchangeEvent[] = [];
  const progress: WaitEvent[] = [];
  const base: TaskApiOptions = { ...opts, onExchange: (e) => void exchanges.push(e) };
  const wait = (extra: Partial<WaitOptions> = {}): WaitOptions => ({ ...base, clock: emu.clock, onProgress: (e) => void progress.push(e), timeout: "1h", ...extra });
  const echo = `refused: ak=${CANARY.accessKey} sk=${CANARY.secretKey} token=${CANARY.securityToken}`;
  const serverId = `srv-secrets-${++serverSeq}`;
  emu.addServer({ id: serverId });
  clearProjectCache();
  const before = emu.requests({ accessKey: CANARY.accessKey }).length;

  await capturingEvidence(evidence, async () => {
    const kps = emu.createTask({ service: "kps", name: "RESET", scope: serverId, durationMs: 20_000, outcome: "success" });
    evidence.add("results", safeJson(await getKpsTask({ taskId: kps.id }, base)));
    evidence.add("outputs", safeJson(await resolveOutput(getCsmsTasksOutput({ secretName: "db-password" }, base))));

    // A transient 503 whose body echoes the credentials: retried by the wait, reported in onProgress.
    emu.fault({ fault: { kind: "status", status: 503, errorMsg: echo }, match: { operation: "ListKeypairTask" }, count: 1 });
    evidence.add("results", safeJson(await waitForKpsTask({ taskId: kps.id }, wait({ maxRetries: 0 }))));
    expect(progress.some((e) => e.type === "transient-error" && e.message.includes("***"))).toBe(true);

    const failing = emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 10_000, outcome: "failure", errorCode: "DCS.4049" });
    const failed = await waitForDcsTask({ taskId: failing.id }, wait()).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TaskFailedError);
    evidence.add("errors", ...errorTexts(failed));

    emu.fault({ fault: { kind: "status", status: 401, errorCode: "APIGW.0301", errorMsg: echo }, match: { operation: "ListBackgroundTasks" }, count: 1 });
    const unauthorized = await getRocketMqTasks({ instanceId: rmq }, base).catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(ApiError);
    expect((unauthorized as ApiError).errorMsg).toBe("refused: ak=*** sk=*** token=***");
    evidence.add("errors", ...errorTexts(unauthorized));

    const busy = `busy-${serverId}`;
    emu.addInstance("rocketmq", busy);
    emu.createTask({ service: "rocketmq", name: "restart", scope: busy, durationMs: 3_600_000 });
    const timedOut = await waitForIdle({ service: "rocketmq", instanceId: busy }, wait({ timeout: "20s" })).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    evidence.add("errors", ...errorTexts(timedOut));

    if (resources) {
      // The host-side code, in this process: it reads the same Pulumi config and environment.
      emu.nextTask({ service: "kps", durationMs: 15_000, outcome: "success" });
      const created = await provider("KpsKeypairAssociation").create({ keypairName: "KeyPair-rotated", serverId });
      expect(created.outs["status"]).toBe("SUCCESS_RESET");
      evidence.add("outputs", safeJson(created));
      const gate = await provider("TaskGate").create({ service: "rocketmq", instanceId: busy, timeout: "20s" }).catch((e: unknown) => e);
      expect(gate).toBeInstanceOf(WaitTimeoutError);
      evidence.add("errors", ...errorTexts(gate));
      const registered = await captureRegistrations(() => everyResource(serverId));
      expect(registered.size).toBe(7);
      for (const [name, inputs] of registered) {
        evidence.add("__provider", String(inputs["__provider"]));
        evidence.add("inputs", `${name} ${safeJson(inputs)}`);
      }
    }
  });
  evidence.add("onProgress events", safeJson(progress), ...progress.map((e) => inspect(e)));
  evidence.add("onExchange events", safeJson(exchanges), ...exchanges.map((e) => inspect(e)));
  if (resources) expect(evidence.texts.get("pulumi.log / console / stdout")?.some((l) => l.includes("info: [runtime] KpsKeypairAssociation"))).toBe(true);
  // Control: the canaries were configured and sent (the emulator requires all three, the token included).
  expect(emu.requests({ accessKey: CANARY.accessKey }).length).toBeGreaterThan(before);
  return evidence;
}

/** Region, project, endpoint and clock from the environment, without credentials. */
const placeEnv = (): Record<string, string> => {
  const { HW_ACCESS_KEY: _a, HW_SECRET_KEY: _s, ...rest } = ctx.emu.env();
  return rest;
};

const CREDENTIAL_VARS = ["HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_SECURITY_TOKEN", "CLOUD_SDK_AK", "CLOUD_SDK_SK"];
beforeAll(() => {
  for (const k of CREDENTIAL_VARS) {
    if (process.env[k] !== undefined) throw new Error(`${k} is set in the test environment; the secrets suite needs it unset`);
  }
});

describe("in this process", () => {
  it("explicit accessKey / secretKey / securityToken options", async () => {
    const s = ctx.emu.settings();
    const evidence = await scenarios({ region: s.region, projectId: s.projectId, endpoint: s.endpoint, ...CANARY, sources: { env: {} } }, false);
    expect(evidence.leaks()).toEqual({});
  });

  it("Pulumi config: huaweicloud:accessKey / secretKey / securityToken", async () => {
    const evidence = await withPulumiConfig(
      canaryConfig(),
      async () => {
        expect(new pulumi.Config("huaweicloud").get("secretKey")).toBe(CANARY.secretKey);
        return scenarios({}, false);
      },
    );
    expect(evidence.leaks()).toEqual({});
  });

  it.each([
    ["HW_ACCESS_KEY / HW_SECRET_KEY / HW_SECURITY_TOKEN", { HW_ACCESS_KEY: CANARY.accessKey, HW_SECRET_KEY: CANARY.secretKey, HW_SECURITY_TOKEN: CANARY.securityToken }],
    [
      "HUAWEICLOUD_SDK_AK / _SK / _SECURITY_TOKEN",
      { HUAWEICLOUD_SDK_AK: CANARY.accessKey, HUAWEICLOUD_SDK_SK: CANARY.secretKey, HUAWEICLOUD_SDK_SECURITY_TOKEN: CANARY.securityToken },
    ],
    ["CLOUD_SDK_AK / CLOUD_SDK_SK (token: HW_SECURITY_TOKEN)", { CLOUD_SDK_AK: CANARY.accessKey, CLOUD_SDK_SK: CANARY.secretKey, HW_SECURITY_TOKEN: CANARY.securityToken }],
  ])("environment: %s (functions and the host-side resource code)", async (_name, vars) => {
    const evidence = await withEnv({ ...placeEnv(), ...vars }, () => scenarios({}, true));
    expect(evidence.leaks()).toEqual({});
  });
});

describe("in the dynamic-provider host", () => {
  const hosts: Host[] = [];
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.kill()));
  });

  async function hostScenarios(env: Record<string, string>, config: Record<string, string>): Promise<Evidence> {
    const emu = ctx.emu;
    const evidence = new Evidence();
    const host = await startHost(repo, env);
    hosts.push(host);
    await host.configure(config);
    const serverId = `srv-secrets-host-${++serverSeq}`;
    emu.addServer({ id: serverId });
    const before = emu.requests({ accessKey: CANARY.accessKey }).length;
    const urn = (type: string) => `urn:pulumi:test::hwc-tasks-test::pulumi-nodejs:dynamic/hwc-tasks:${type}::canary`;

    const registered = await captureRegistrations(() => everyResource(serverId));
    for (const [name, inputs] of registered) {
      evidence.add("__provider", String(inputs["__provider"]));
      evidence.add("inputs", `${name} ${safeJson(inputs)}`);
    }
    const assoc = Object.fromEntries(Object.entries(registered.get("assoc") ?? {}).filter(([, v]) => v !== undefined));
    const checked = await host.check({}, assoc);
    expect(checked.failures).toEqual([]);
    evidence.add("inputs", safeJson(checked));

    emu.nextTask({ service: "kps", durationMs: 15_000, outcome: "success" });
    const created = await host.create(urn("KpsKeypairAssociation"), checked.inputs);
    expect(created.properties["status"]).toBe("SUCCESS_RESET");
    evidence.add("outputs", safeJson(created), safeJson(await host.read(urn("KpsKeypairAssociation"), created.id, created.properties)));

    // Errors: a failed task, and a 401 whose body echoes the credentials back.
    const failing = emu.createTask({ service: "kps", name: "RESET", scope: serverId, durationMs: 10_000, outcome: "failure", errorCode: "KPS.2010", errorMsg: "injection failed" });
    const provider = registered.get("kps")?.["__provider"];
    const failed = (await host.create(urn("KpsTaskWaiter"), { __provider: provider, taskId: failing.id, timeout: "1h" }).catch((e: unknown) => e)) as HostError;
    expect(failed.details).toMatch(/KPS\.2010: injection failed/);
    emu.fault({ fault: { kind: "status", status: 401, errorCode: "APIGW.0301", errorMsg: `bad ${CANARIES.join(" ")}` }, match: { operation: "ListKeypairTask" }, count: 1 });
    const unauthorized = (await host.create(urn("KpsTaskWaiter"), { __provider: provider, taskId: failing.id }).catch((e: unknown) => e)) as HostError;
    expect(unauthorized.details).toMatch(/HTTP 401 APIGW\.0301: bad \*\*\* \*\*\* \*\*\*/);
    for (const e of [failed, unauthorized]) evidence.add("errors", e.details, ...errorTexts(e));

    expect(host.output()).toMatch(/info: \[runtime\] KpsKeypairAssociation: reset of KeyPair-demo/);
    evidence.add("host pulumi.log (stdout/stderr)", host.output());
    expect(emu.requests({ accessKey: CANARY.accessKey }).length).toBeGreaterThan(before);
    return evidence;
  }

  it("Configure config: huaweicloud:accessKey / secretKey / securityToken", async () => {
    const evidence = await hostScenarios({ HWC_TASKS_CLOCK: ctx.emu.clock.spec() }, canaryConfig());
    expect(evidence.leaks()).toEqual({});
  });

  it("the host's environment: HW_ACCESS_KEY / HW_SECRET_KEY / HW_SECURITY_TOKEN", async () => {
    const evidence = await hostScenarios({ ...placeEnv(), HW_ACCESS_KEY: CANARY.accessKey, HW_SECRET_KEY: CANARY.secretKey, HW_SECURITY_TOKEN: CANARY.securityToken }, {});
    expect(evidence.leaks()).toEqual({});
  });
});

it("control: the leak check finds a canary planted in any of the places it searches", () => {
  const evidence = new Evidence();
  evidence.add("errors", ...errorTexts(new ApiError({ service: "kps", operation: "X", status: 0, attempts: 1 }, { cause: new Error(`sk ${CANARY.secretKey}`) })));
  evidence.add("onProgress events", safeJson([{ type: "transient-error", message: `token ${CANARY.securityToken}` }]));
  evidence.add("__provider", `() => "${CANARY.accessKey}"`);
  expect(evidence.leaks()).toEqual({ errors: [CANARY.secretKey], "onProgress events": [CANARY.securityToken], __provider: [CANARY.accessKey] });
});
