/**
 * Proof 2: every resource through the real dynamic-provider host over gRPC, with the `__provider` that the SDK's
 * own serialization produced (captured from the resource's registration), as the engine would drive it:
 * Configure, Check, Diff, Create, Read, Update, Delete.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD } from "../../emulator";
import {
  CsmsSecretRotation,
  CsmsTaskWaiter,
  DcsTaskWaiter,
  KpsKeypairAssociation,
  KpsTaskWaiter,
  RocketMqTaskWaiter,
  TaskGate,
} from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { registered, startHost, urn, type Host, type HostError } from "../helpers/host";

const ctx = useEmulator({ timeScale: 200, seed: 41, history: 5 });
const repo = join(__dirname, "..", "..");
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
let host: Host;

/** Stack config as the engine hands it to Configure: the `huaweicloud:*` keys. */
function stackConfig(): Record<string, string> {
  const s = ctx.emu.settings();
  return {
    "huaweicloud:region": s.region,
    "huaweicloud:projectId": s.projectId,
    "huaweicloud:accessKey": s.accessKey,
    "huaweicloud:secretKey": s.secretKey,
    "huaweicloud:endpoints": JSON.stringify({ kms: s.endpoint, dcs: s.endpoint, dms: s.endpoint, iam: s.endpoint }),
  };
}

beforeAll(async () => {
  // Only the emulator's clock comes from the environment: credentials and endpoints come from Configure.
  host = await startHost(repo, { HWC_TASKS_CLOCK: ctx.emu.clock.spec() });
  await host.configure(stackConfig());
});
afterAll(async () => {
  await host?.kill();
});

describe("through the real dynamic-provider host", () => {
  it("KpsKeypairAssociation: Check, Diff, Create (a reset), Read, Update, Delete", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-grpc-1" });
    emu.nextTask({ service: "kps", durationMs: 25_000, outcome: "success" });
    const inputs = await registered(() => new KpsKeypairAssociation("reset", { keypairName: "KeyPair-rotated", serverId: "srv-grpc-1", timeout: "10m" }));
    expect(String(inputs["__provider"])).toContain('require("pulumi-hwc-tasks/host")');

    const checked = await host.check({}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn("KpsKeypairAssociation", "reset"), checked.inputs);
    expect(created.properties).toMatchObject({ keypairName: "KeyPair-rotated", serverId: "srv-grpc-1", operation: "RESET", status: "SUCCESS_RESET", phase: "succeeded", taskId: created.id });
    expect(created.properties["__provider"]).toBe(inputs["__provider"]);
    expect(host.output()).toMatch(/info: \[runtime\] KpsKeypairAssociation: reset of KeyPair-rotated on server srv-grpc-1 started as task/);
    expect(host.output()).toMatch(/SUCCESS_RESET after \d+ s/);

    const same = await host.diff(created.id, created.properties, { ...checked.inputs, timeout: "20m" });
    expect(same).toEqual({ changes: 1, replaces: [] });
    const replaced = await host.diff(created.id, created.properties, { ...checked.inputs, keypairName: "KeyPair-demo" });
    expect(replaced).toEqual({ changes: 2, replaces: ["keypairName"] });

    const read = await host.read(urn("KpsKeypairAssociation", "reset"), created.id, created.properties);
    expect(read).toEqual({ id: created.id, properties: created.properties });
    const updated = await host.update(urn("KpsKeypairAssociation", "reset"), created.id, created.properties, { ...checked.inputs, timeout: "20m" });
    expect(updated.properties).toMatchObject({ status: "SUCCESS_RESET", timeout: "20m" });
    await expect(host.delete(urn("KpsKeypairAssociation", "reset"), created.id, created.properties)).resolves.toBeUndefined();
  });

  it("KpsKeypairAssociation: a failing task fails Create with the task's error code and message", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-grpc-2" });
    emu.nextTask({ service: "kps", durationMs: 20_000, outcome: "failure", errorCode: "KPS.2011", errorMsg: "The server's cloud-init agent is not running" });
    const inputs = await registered(() => new KpsKeypairAssociation("fails", { keypairName: "KeyPair-demo", serverId: "srv-grpc-2" }));
    const err = (await host.create(urn("KpsKeypairAssociation", "fails"), inputs).catch((e: unknown) => e)) as HostError;
    expect(err.details).toMatch(/kps task [0-9a-f-]{36} failed with status FAILED_RESET KPS\.2011: The server's cloud-init agent is not running \(request id [0-9a-f]{32}\)/);
  });

  it("Check reports bad inputs as failures naming the property", async () => {
    const inputs = await registered(() => new KpsTaskWaiter("bad", { taskId: "../etc/passwd", timeout: "forever" }));
    const checked = await host.check({}, inputs);
    expect(checked.failures.map((f) => f.property).sort()).toEqual(["taskId", "timeout"]);
    expect(checked.failures.find((f) => f.property === "taskId")?.reason).toMatch(/got "\.\.\/etc\/passwd"/);
  });

  it("KpsTaskWaiter, CsmsTaskWaiter, DcsTaskWaiter, RocketMqTaskWaiter and TaskGate: the full cycle", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-grpc-3" });
    const k = emu.createTask({ service: "kps", name: "REPLACE", scope: "srv-grpc-3", durationMs: 20_000, outcome: "success" });
    const c = emu.createTask({ service: "csms", scope: "db-password", durationMs: 10_000, outcome: "success" });
    const d = emu.createTask({ service: "dcs", name: "AddWhitelist", durationMs: 8_000, outcome: "success" });
    const m = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 30_000, outcome: "success" });
    const cases: [string, () => pulumi.Resource, Record<string, unknown>][] = [
      ["KpsTaskWaiter", () => new KpsTaskWaiter("kps", { taskId: k.id }), { taskId: k.id, status: "SUCCESS_REPLACE", operation: "REPLACE", serverId: "srv-grpc-3" }],
      ["CsmsTaskWaiter", () => new CsmsTaskWaiter("csms", { taskId: c.id }), { taskId: c.id, status: "SUCCESS", secretName: "db-password" }],
      ["DcsTaskWaiter", () => new DcsTaskWaiter("dcs", { name: "AddWhitelist", after: new Date(d.createdAt) }), { taskId: d.id, status: "SUCCESS", name: "AddWhitelist" }],
      ["RocketMqTaskWaiter", () => new RocketMqTaskWaiter("mq", { instanceId: rmq, taskId: m.id }), { taskId: m.id, instanceId: rmq, status: "SUCCESS", name: "restart" }],
      ["TaskGate", () => new TaskGate("gate", { service: "rocketmq", instanceId: rmq, everyDeployment: true }), { service: "rocketmq", idle: true }],
    ];
    for (const [type, build, expected] of cases) {
      const inputs = await registered(build);
      const checked = await host.check({}, inputs);
      expect(checked.failures).toEqual([]);
      const created = await host.create(urn(type, "x"), checked.inputs);
      expect(created.properties).toMatchObject({ ...expected, polls: expect.any(Number), elapsedMs: expect.any(Number) });
      const diff = await host.diff(created.id, created.properties, checked.inputs);
      expect(diff.replaces).toEqual(type === "TaskGate" ? ["everyDeployment"] : []);
      const read = await host.read(urn(type, "x"), created.id, created.properties);
      expect(read.properties).toMatchObject(expected);
      const updated = await host.update(urn(type, "x"), created.id, created.properties, checked.inputs);
      expect(updated.properties).toMatchObject(expected);
      await host.delete(urn(type, "x"), created.id, created.properties);
    }
    const idle = ctx.emu.tasks("rocketmq").filter((t) => t.scope === rmq);
    expect(idle.every((t) => t.finishAt <= ctx.emu.clock.now())).toBe(true);
  });

  it("keeps each serialized provider under 1 KB", async () => {
    const builders: [string, () => pulumi.Resource][] = [
      ["KpsTaskWaiter", () => new KpsTaskWaiter("a", { taskId: "t" })],
      ["KpsKeypairAssociation", () => new KpsKeypairAssociation("b", { keypairName: "k", serverId: "s" })],
      ["CsmsTaskWaiter", () => new CsmsTaskWaiter("c", { taskId: "t" })],
      ["DcsTaskWaiter", () => new DcsTaskWaiter("d", { taskId: "t" })],
      ["RocketMqTaskWaiter", () => new RocketMqTaskWaiter("e", { instanceId: "i", taskId: "t" })],
      ["TaskGate", () => new TaskGate("f", { service: "kps" })],
      ["CsmsSecretRotation", () => new CsmsSecretRotation("g", { secretName: "db-password" })],
    ];
    for (const [, build] of builders) {
      const inputs = await registered(build);
      expect(Buffer.byteLength(String(inputs["__provider"]))).toBeLessThanOrEqual(1024);
    }
  });
});
