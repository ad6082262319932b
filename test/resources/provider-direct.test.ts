/**
 * Proof 1: the provider objects' methods, called directly in this process (as the host would call them) against
 * the emulator: check, diff, create (success, failure, timeout), read (refresh), update.
 */
import { DEFAULT_WORLD } from "../../emulator";
import { WaitTimeoutError } from "../../provider";
import { providerFor } from "../../provider/core/provider-object";
import type { ResourceKind } from "../../provider/resources/host";
import { useEmulator } from "../helpers/emulator";

const ctx = useEmulator({ timeScale: 200, seed: 31, history: 5 });
const saved: Record<string, string | undefined> = {};
/** What `pulumi.log` printed (outside an engine it writes to the console). */
const logs: string[] = [];
let consoleLog: jest.SpyInstance | undefined;

beforeAll(() => {
  consoleLog = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(" ")));
  for (const [k, v] of Object.entries(ctx.emu.env())) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});
afterAll(() => {
  consoleLog?.mockRestore();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

type Props = Record<string, unknown>;
interface Provider {
  check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces: string[] }>;
  create(inputs: Props): Promise<{ id: string; outs: Props }>;
  read(id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete?: unknown;
}
const provider = (kind: ResourceKind) => providerFor(kind) as unknown as Provider;
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

describe("check", () => {
  it("accepts valid inputs and returns them", async () => {
    const r = await provider("KpsTaskWaiter").check({}, { taskId: "t-1", timeout: "10m", __provider: "x" });
    expect(r).toEqual({ inputs: { taskId: "t-1", timeout: "10m", __provider: "x" }, failures: [] });
  });

  it("returns failures naming the property, with the accepted form", async () => {
    const r = await provider("RocketMqTaskWaiter").check({}, { instanceId: "../x", name: "restart", timeout: "soon", colour: "red" });
    const byProperty = Object.fromEntries(r.failures.map((f) => [f.property, f.reason]));
    expect(byProperty["instanceId"]).toMatch(/letters, digits/);
    expect(byProperty["timeout"]).toMatch(/90s/);
    expect(byProperty["colour"]).toMatch(/not an input of RocketMqTaskWaiter/);
    expect(byProperty["after"]).toMatch(/required with name/);
    const gate = await provider("TaskGate").check({}, { service: "rocketmq" });
    expect(gate.failures).toEqual([{ property: "instanceId", reason: "is required for rocketmq" }]);
    const assoc = await provider("KpsKeypairAssociation").check({}, { keypairName: "k", serverId: "s", auth: { type: "token", key: "x" }, port: 70000 });
    expect(assoc.failures.map((f) => f.property).sort()).toEqual(["auth.type", "port"]);
  });

  it("leaves values not known yet (a preview) for later", async () => {
    const r = await provider("KpsTaskWaiter").check({}, { taskId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    expect(r.failures).toEqual([]);
  });
});

describe("diff", () => {
  const olds = { taskId: "t-1", timeout: "10m", status: "SUCCESS_RESET", polls: 3 };
  it("replaces on a new task identity or new triggers, not on a timeout change", async () => {
    const p = provider("KpsTaskWaiter");
    expect(await p.diff("t-1", olds, { taskId: "t-2", timeout: "10m" })).toMatchObject({ changes: true, replaces: ["taskId"] });
    expect(await p.diff("t-1", olds, { taskId: "t-1", timeout: "1h" })).toMatchObject({ changes: false, replaces: [] });
    expect(await p.diff("t-1", { ...olds, triggers: [1] }, { taskId: "t-1", triggers: [2] })).toMatchObject({ replaces: ["triggers"] });
    const rp = provider("RocketMqTaskWaiter");
    expect((await rp.diff("x", { instanceId: "a", name: "restart", after: "2024-01-01T00:00:00Z" }, { instanceId: "a", name: "restart", after: "2024-02-01T00:00:00Z" })).replaces).toEqual(["after"]);
  });

  it("re-checks a gate on every deployment when asked, and not otherwise", async () => {
    const gate = provider("TaskGate");
    const o = { service: "rocketmq", instanceId: rmq, idle: true };
    expect(await gate.diff("g", o, { service: "rocketmq", instanceId: rmq })).toMatchObject({ changes: false });
    expect(await gate.diff("g", o, { service: "rocketmq", instanceId: rmq, everyDeployment: true })).toMatchObject({ changes: true, replaces: ["everyDeployment"] });
  });

  it("does not run an association again when only its auth changes", async () => {
    const a = provider("KpsKeypairAssociation");
    expect(await a.diff("t", { keypairName: "k", serverId: "s" }, { keypairName: "k", serverId: "s", auth: { type: "password", key: "new" } })).toMatchObject({ changes: false });
    expect((await a.diff("t", { keypairName: "k", serverId: "s" }, { keypairName: "k2", serverId: "s" })).replaces).toEqual(["keypairName"]);
  });
});

describe("create", () => {
  it("KpsKeypairAssociation starts a reset and finishes when its task succeeds", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-direct-1" });
    emu.nextTask({ service: "kps", durationMs: 30_000, outcome: "success" });
    const r = await provider("KpsKeypairAssociation").create({ keypairName: "KeyPair-rotated", serverId: "srv-direct-1" });
    expect(r.outs).toMatchObject({ keypairName: "KeyPair-rotated", serverId: "srv-direct-1", taskId: r.id, operation: "RESET", status: "SUCCESS_RESET", phase: "succeeded" });
    expect(r.outs["polls"]).toBeGreaterThanOrEqual(1);
    expect(Date.parse(String(r.outs["finishedAt"]))).toBeGreaterThanOrEqual(emu.task("kps", r.id)?.finishAt ?? Infinity);
    const state = emu.tasks("kps").find((t) => t.id === r.id);
    expect(state?.status).toBe("SUCCESS_RESET");
    // Progress went to the deployment log: the start, status changes with elapsed time, and the end.
    const mine = logs.filter((l) => l.includes("srv-direct-1"));
    expect(mine[0]).toMatch(/^info: \[runtime\] KpsKeypairAssociation: reset of KeyPair-rotated on server srv-direct-1 started as task /);
    expect(mine.some((l) => /: (READY|RUNNING|SUCCESS)_RESET after \d+ s$/.test(l))).toBe(true);
    expect(mine.at(-1)).toMatch(/: succeeded after \d+ s and \d+ polls$/);
  });

  it("never puts auth in the outputs", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-direct-2", status: "ACTIVE" });
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "success" });
    const r = await provider("KpsKeypairAssociation").create({ keypairName: "KeyPair-demo", serverId: "srv-direct-2", auth: { type: "password", key: "Sup3r-Secret!" } });
    expect(r.outs["operation"]).toBe("BIND");
    expect(JSON.stringify(r)).not.toContain("Sup3r-Secret!");
    expect(r.outs).not.toHaveProperty("auth");
  });

  it("fails the deployment with the task's error code, message, task id and request id", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-direct-3" });
    emu.nextTask({ service: "kps", durationMs: 15_000, outcome: "failure", errorCode: "KPS.2010", errorMsg: "Failed to inject the key pair" });
    const err = (await provider("KpsKeypairAssociation").create({ keypairName: "KeyPair-demo", serverId: "srv-direct-3" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/kps task [0-9a-f-]{36} failed with status FAILED_RESET KPS\.2010: Failed to inject the key pair \(request id [0-9a-f]{32}\)/);
  });

  it("a start the service refuses fails with its error", async () => {
    const err = (await provider("KpsKeypairAssociation").create({ keypairName: "no-such-keypair", serverId: "srv-direct-1" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/AssociateKeypair failed: HTTP 404 KPS\.0006/);
  });

  it("CsmsSecretRotation starts a rotation and awaits it; a failed rotation fails with the task's error", async () => {
    const emu = ctx.emu;
    emu.nextTask({ service: "csms", durationMs: 12_000, outcome: "success" });
    const ok = await provider("CsmsSecretRotation").create({ secretName: "rotating-secret", triggers: ["v1"] });
    expect(ok.outs).toMatchObject({ secretName: "rotating-secret", taskId: ok.id, status: "SUCCESS", phase: "succeeded", triggers: ["v1"] });
    expect(emu.task("csms", ok.id)).toMatchObject({ scope: "rotating-secret", status: "SUCCESS" });
    expect((await provider("CsmsSecretRotation").diff(ok.id, ok.outs, { secretName: "rotating-secret", triggers: ["v2"] })).replaces).toEqual(["triggers"]);
    emu.nextTask({ service: "csms", durationMs: 9_000, outcome: "failure", errorCode: "CSMS.0602", errorMsg: "The rotation function timed out" });
    const err = (await provider("CsmsSecretRotation").create({ secretName: "rotating-secret" }).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/csms task [0-9a-f-]{36} failed with status FAILED CSMS\.0602: The rotation function timed out/);
    const missing = (await provider("CsmsSecretRotation").create({ secretName: "no-such-secret" }).catch((e: unknown) => e)) as Error;
    expect(missing.message).toMatch(/RotateSecret failed: HTTP 404 CSMS\.0106/);
  });

  it("times out at the timeout input, else at customTimeouts.create", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "extend", scope: rmq, durationMs: 3_600_000 });
    // The deadline decides when the wait ends; how far past it the final look answers depends on the machine's load
    // (a stall of 0.3 s is a minute of this emulator's time), so the checks allow for it, far below the other limits.
    const byInput = (await provider("RocketMqTaskWaiter").create({ instanceId: rmq, taskId: t.id, timeout: "2m", createTimeout: "1h" }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(byInput).toBeInstanceOf(WaitTimeoutError);
    expect(byInput.message).toMatch(/timed out after \d+\.\d s waiting for rocketmq task/);
    expect(byInput.elapsedMs).toBeGreaterThanOrEqual(120_000);
    expect(byInput.elapsedMs).toBeLessThan(600_000);
    const byOption = (await provider("RocketMqTaskWaiter").create({ instanceId: rmq, taskId: t.id, createTimeout: "1m30s" }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(byOption).toBeInstanceOf(WaitTimeoutError);
    expect(byOption.elapsedMs).toBeGreaterThanOrEqual(90_000);
    expect(byOption.elapsedMs).toBeLessThan(600_000);
  });

  it("awaits CSMS, DCS and RocketMQ tasks and a gate, with the service's fields as outputs", async () => {
    const emu = ctx.emu;
    const c = emu.createTask({ service: "csms", scope: "api-token", durationMs: 8000, outcome: "success" });
    const d = emu.createTask({ service: "dcs", name: "UpdatePort", durationMs: 12_000, outcome: "success" });
    const m = emu.createTask({ service: "rocketmq", name: "bindInstancePublicIp", scope: rmq, durationMs: 9000, outcome: "success" });
    const [cr, dr, mr, gr] = await Promise.all([
      provider("CsmsTaskWaiter").create({ secretName: "api-token", after: new Date(c.createdAt).toISOString() }),
      provider("DcsTaskWaiter").create({ name: "UpdatePort", after: new Date(d.createdAt).toISOString() }),
      provider("RocketMqTaskWaiter").create({ instanceId: rmq, taskId: m.id }),
      provider("TaskGate").create({ service: "csms", secretName: "api-token" }),
    ]);
    expect(cr).toMatchObject({ id: c.id, outs: { taskId: c.id, secretName: "api-token", status: "SUCCESS", phase: "succeeded" } });
    expect(cr.outs["rotationFuncUrn"]).toMatch(/^urn:fss:/);
    expect(dr).toMatchObject({ id: d.id, outs: { taskId: d.id, name: "UpdatePort", status: "SUCCESS" } });
    expect(dr.outs["jobId"]).toMatch(/^[0-9a-f]{32}$/);
    expect(mr).toMatchObject({ id: m.id, outs: { instanceId: rmq, taskId: m.id, name: "bindInstancePublicIp", status: "SUCCESS" } });
    expect(JSON.parse(String(mr.outs["params"]))).toHaveProperty("public_ip_address");
    expect(gr.outs).toMatchObject({ service: "csms", secretName: "api-token", idle: true, scope: "secret api-token" });
    expect(Date.parse(String(gr.outs["checkedAt"]))).toBeGreaterThanOrEqual(c.finishAt);
  });
});

describe("read and update", () => {
  it("refresh re-reads the task; a task the service no longer lists keeps its last known state", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "kps", name: "UNBIND", durationMs: 5000, outcome: "success", scope: "srv-direct-1" });
    const stale = { taskId: t.id, status: "RUNNING_UNBIND", phase: "pending", polls: 2 };
    emu.clock.advance(10_000);
    const fresh = await provider("KpsTaskWaiter").read(t.id, stale);
    expect(fresh).toEqual({ id: t.id, props: { ...stale, status: "SUCCESS_UNBIND", phase: "succeeded", serverId: "srv-direct-1" } });
    emu.fault({ fault: { kind: "vanish", taskId: t.id }, count: 1 });
    expect(await provider("KpsTaskWaiter").read(t.id, stale)).toEqual({ id: t.id, props: stale });
    const gone = await provider("RocketMqTaskWaiter").read("no-such-task", { instanceId: rmq, status: "SUCCESS" });
    expect(gone.props).toEqual({ instanceId: rmq, status: "SUCCESS" });
  });

  it("update keeps the results and records the new inputs; there is no delete to fail", async () => {
    const olds = { taskId: "t-1", timeout: "10m", status: "SUCCESS_RESET", polls: 3, __provider: "p" };
    const r = await provider("KpsTaskWaiter").update("t-1", olds, { taskId: "t-1", timeout: "1h", __provider: "p" });
    expect(r).toEqual({ outs: { taskId: "t-1", timeout: "1h", status: "SUCCESS_RESET", polls: 3 } });
    expect(provider("KpsTaskWaiter").delete).toBeUndefined();
  });

  it("takes its settings from the stack config the engine hands configure", async () => {
    const p = providerFor("KpsTaskWaiter") as unknown as { configure(req: unknown): Promise<void> };
    const env = ctx.emu.env();
    const saved2 = { ak: process.env["HW_ACCESS_KEY"] };
    delete process.env["HW_ACCESS_KEY"];
    try {
      const t = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 5000, outcome: "success", scope: "srv-direct-1" });
      await expect(provider("KpsTaskWaiter").create({ taskId: t.id })).rejects.toThrow(/accessKey: is missing/);
      await p.configure({ config: { get: (k: string) => (k === "huaweicloud:accessKey" ? env["HW_ACCESS_KEY"] : undefined) } });
      expect((await provider("KpsTaskWaiter").create({ taskId: t.id })).outs["status"]).toBe("SUCCESS_RESET");
    } finally {
      process.env["HW_ACCESS_KEY"] = saved2.ak;
      await p.configure({ config: { get: () => undefined } });
    }
  });
});
