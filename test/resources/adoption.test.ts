/**
 * Adopt before you start: `CsmsSecretRotation` and `KpsKeypairAssociation` run again (as after an interruption)
 * adopt the task the earlier run started instead of starting another, by the rule of `provider/core/adopt.ts`;
 * each case asserts the emulator's request log. The provider objects are called in this process, as the host calls
 * them; each test has a journal directory of its own.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { providerFor } from "../../provider/core/provider-object";
import { startRotation } from "../../provider/tasks/csms/adopt";
import { startAssociation } from "../../provider/tasks/kps/adopt";
import type { ResourceKind } from "../../provider/resources/host";
import { currentRuntime } from "../../provider/runtime";
import { useEmulator } from "../helpers/emulator";
import { statuses } from "../helpers/reliability";

const ctx = useEmulator({ timeScale: 500, seed: 131, history: 3 });
const saved: Record<string, string | undefined> = {};
const logs: string[] = [];
let consoleLog: jest.SpyInstance | undefined;
let consoleWarn: jest.SpyInstance | undefined;
let journal = "";

/** Sets `name` in process.env, remembering the first value seen for afterAll. */
function setEnv(name: string, value: string): void {
  if (!(name in saved)) saved[name] = process.env[name];
  process.env[name] = value;
}

beforeAll(() => {
  // Outside an engine, pulumi.log writes info to console.log and warnings to console.warn.
  consoleLog = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(" ")));
  consoleWarn = jest.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(" ")));
  for (const [k, v] of Object.entries(ctx.emu.env())) setEnv(k, v);
});
beforeEach(() => {
  // Each case starts from the duration priors, not from what earlier cases' tasks taught the waiters.
  currentRuntime().durations.clear();
  journal = mkdtempSync(join(tmpdir(), "hwc-tasks-adoption-"));
  setEnv("HWC_TASKS_JOURNAL_DIR", journal);
  ctx.emu.clearRequests();
  logs.length = 0;
});
afterEach(() => rmSync(journal, { recursive: true, force: true }));
afterAll(() => {
  consoleLog?.mockRestore();
  consoleWarn?.mockRestore();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

type Props = Record<string, unknown>;
const create = (kind: ResourceKind, inputs: Props) => (providerFor(kind) as unknown as { create(i: Props): Promise<{ id: string; outs: Props }> }).create(inputs);
const rotate = (inputs: Props) => create("CsmsSecretRotation", { timeout: "1h", ...inputs });
const associate = (inputs: Props) => create("KpsKeypairAssociation", { keypairName: "KeyPair-demo", timeout: "1h", ...inputs });
/** Moves the emulator's clock, and the clock the waits read (`HWC_TASKS_CLOCK`) with it. */
function advance(ms: number): void {
  ctx.emu.clock.advance(ms);
  setEnv("HWC_TASKS_CLOCK", ctx.emu.clock.spec());
}
let n = 0;
const secret = () => {
  const name = `adopt-secret-${++n}`;
  ctx.emu.addSecret(name);
  return name;
};
const server = () => {
  const id = `srv-adopt-${++n}`;
  ctx.emu.addServer({ id });
  return id;
};
const minute = 60_000;
/** The next `count` tasks `service` starts take 20 s of emulator time and succeed. */
function quick(service: "csms" | "kps", count = 1): void {
  for (let i = 0; i < count; i += 1) ctx.emu.nextTask({ service, durationMs: 20_000, outcome: "success" });
}

describe("CsmsSecretRotation", () => {
  it("adopts a rotation of the secret in progress (no journal needed), and starts none", async () => {
    const name = secret();
    // 20 minutes (2.4 s here): still in progress when the create looks, however loaded the machine.
    const t = ctx.emu.createTask({ service: "csms", scope: name, durationMs: 20 * minute, outcome: "success" });
    const r = await rotate({ secretName: name });
    expect(r.id).toBe(t.id);
    expect(r.outs).toMatchObject({ taskId: t.id, status: "SUCCESS", adopted: true });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([]);
    expect(logs.join("\n")).toMatch(new RegExp(`CsmsSecretRotation: rotation of secret ${name}: adopting task ${t.id}, already in progress on the same target; starting no other`));
  });

  it("adopts a rotation that succeeded within the adoption window (the resource's timeout)", async () => {
    const name = secret();
    const t = ctx.emu.createTask({ service: "csms", scope: name, durationMs: 30_000, outcome: "success", startInMs: -10 * minute });
    const r = await rotate({ secretName: name });
    expect(r.outs).toMatchObject({ taskId: t.id, status: "SUCCESS", adopted: true });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([]);
    expect(logs.join("\n")).toMatch(/adopting task \S+, which started 10 min ago and succeeded, within the adoption window of 60 min \(change triggers to start another\)/);
  });

  it("rotates when the success is older than adoptionWindow", async () => {
    const name = secret();
    const t = ctx.emu.createTask({ service: "csms", scope: name, durationMs: 30_000, outcome: "success", startInMs: -10 * minute });
    quick("csms");
    const r = await rotate({ secretName: name, adoptionWindow: "5m" });
    expect(r.id).not.toBe(t.id);
    expect(r.outs).toMatchObject({ status: "SUCCESS", adopted: false });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([200]);
  });

  it("adoptionWindow 0 turns adoption off: it rotates without looking, even beside a rotation in progress", async () => {
    const name = secret();
    ctx.emu.createTask({ service: "csms", scope: name, durationMs: 5 * minute, outcome: "success" });
    quick("csms");
    const r = await rotate({ secretName: name, adoptionWindow: 0 });
    expect(r.outs).toMatchObject({ adopted: false });
    expect(ctx.emu.requests().map((q) => q.operation)[0]).toBe("RotateSecret");
    expect(ctx.emu.tasks("csms").filter((t) => t.scope === name)).toHaveLength(2);
  });

  it("new triggers rotate again (the journal knows the earlier rotation was the earlier triggers'); on a machine without that journal the earlier one is adopted", async () => {
    const name = secret();
    quick("csms", 3);
    const first = await rotate({ secretName: name, triggers: ["v1"] });
    const second = await rotate({ secretName: name, triggers: ["v2"] });
    expect(second.id).not.toBe(first.id);
    expect(second.outs).toMatchObject({ adopted: false });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([200, 200]);
    // Another machine: no journal, so a rotation that succeeded within the window is taken for this one's.
    setEnv("HWC_TASKS_JOURNAL_DIR", mkdtempSync(join(journal, "other-machine-")));
    const elsewhere = await rotate({ secretName: name, triggers: ["v3"] });
    expect(elsewhere.outs).toMatchObject({ taskId: second.id, adopted: true });
    // ... unless adoption is off.
    const forced = await rotate({ secretName: name, triggers: ["v3"], adoptionWindow: 0 });
    expect(forced.outs).toMatchObject({ adopted: false });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([200, 200, 200]);
  });

  it("adopts its own rotation that a lagging list does not show yet, and starts none", async () => {
    const name = secret();
    quick("csms");
    // The interrupted run: its rotation started (and was journaled), and the run died before its wait.
    const started = await startRotation(name, {}, { timeout: "1h" });
    expect(started.adopted).toBe(false);
    // The service lags: the next answer that would show the rotation leaves it out.
    ctx.emu.fault({ fault: { kind: "vanish", taskId: started.taskId }, count: 1 });
    const r = await rotate({ secretName: name });
    expect(r.outs).toMatchObject({ taskId: started.taskId, status: "SUCCESS", adopted: true });
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([200]);
    expect(logs.join("\n")).toMatch(new RegExp(`adopting task ${started.taskId}, which an earlier run of this resource started \\d+ s ago and the service does not show yet`));
  });

  it("does not adopt its own earlier rotation that failed: it rotates again", async () => {
    const name = secret();
    ctx.emu.nextTask({ service: "csms", durationMs: 20_000, outcome: "failure", errorCode: "CSMS.0602", errorMsg: "The rotation function timed out" });
    const failed = await rotate({ secretName: name }).catch((e: unknown) => e);
    expect(String(failed)).toMatch(/FAILED CSMS\.0602/);
    const failedId = ctx.emu.tasks("csms").find((t) => t.scope === name)?.id;
    quick("csms");
    const r = await rotate({ secretName: name });
    expect(r.outs).toMatchObject({ status: "SUCCESS", adopted: false });
    expect(r.id).not.toBe(failedId);
    expect(statuses(ctx.emu, "RotateSecret")).toEqual([200, 200]);
    expect(logs.join("\n")).toMatch(new RegExp(`task ${failedId} of an earlier run failed; starting a new one`));
  });
});

describe("KpsKeypairAssociation", () => {
  it("adopts a reset in progress on the server with the same key pair; with the journal off, nothing is written", async () => {
    setEnv("HWC_TASKS_JOURNAL_DIR", "off");
    const serverId = server();
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", scope: serverId, durationMs: 20 * minute, outcome: "success", extra: { keypairName: "KeyPair-demo" } });
    const r = await associate({ serverId });
    expect(r.outs).toMatchObject({ taskId: t.id, status: "SUCCESS_RESET", operation: "RESET", adopted: true });
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([]);
    expect(readdirSync(journal)).toEqual([]);
  });

  it("adopts its own reset that already finished while within the window, and resets again after it", async () => {
    const serverId = server();
    quick("kps", 2);
    const first = await associate({ serverId, adoptionWindow: "20m" });
    expect(first.outs).toMatchObject({ adopted: false, status: "SUCCESS_RESET" });
    // Run again (a create whose result was never recorded): KPS lists the finished reset nowhere; the journal has it.
    const again = await associate({ serverId, adoptionWindow: "20m" });
    expect(again.outs).toMatchObject({ taskId: first.id, adopted: true });
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([202]);
    advance(30 * minute);
    const later = await associate({ serverId, adoptionWindow: "20m" });
    expect(later.outs).toMatchObject({ adopted: false, status: "SUCCESS_RESET" });
    expect(later.id).not.toBe(first.id);
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([202, 202]);
  });

  it("adopts its own reset that the service does not show yet (started moments ago), and starts none", async () => {
    const serverId = server();
    quick("kps");
    const started = await startAssociation({ keypairName: "KeyPair-demo", serverId }, {}, { timeout: "1h" });
    // Not visible yet to the re-run's first read of it (a 404), visible after.
    ctx.emu.fault({ fault: { kind: "vanish", taskId: started.taskId }, count: 1 });
    const r = await associate({ serverId });
    expect(r.outs).toMatchObject({ taskId: started.taskId, status: "SUCCESS_RESET", adopted: true });
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([202]);
    expect(logs.join("\n")).toMatch(new RegExp(`adopting task ${started.taskId}, which an earlier run of this resource started \\d+ s ago and the service does not show yet`));
  });

  it("a task the journal names but the service has not shown for over 5 minutes is taken for one never started", async () => {
    const serverId = server();
    ctx.emu.nextTask({ service: "kps", durationMs: 20_000, outcome: "success", visibleAfterMs: 24 * 60 * minute });
    const started = await startAssociation({ keypairName: "KeyPair-demo", serverId }, {}, { timeout: "1h" });
    advance(6 * minute);
    quick("kps");
    const r = await associate({ serverId });
    expect(r.outs).toMatchObject({ status: "SUCCESS_RESET", adopted: false });
    expect(r.id).not.toBe(started.taskId);
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([202, 202]);
  });

  it("a start cut off before the answer came is started again, with a warning that says what cannot be known", async () => {
    const serverId = server();
    ctx.emu.fault({ fault: { kind: "reset" }, match: { operation: "AssociateKeypair" }, count: 1 });
    const cut = await associate({ serverId }).catch((e: unknown) => e);
    expect(cut).toMatchObject({ status: 0, errorCode: "NETWORK" });
    quick("kps");
    const r = await associate({ serverId });
    expect(r.outs).toMatchObject({ adopted: false, status: "SUCCESS_RESET" });
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([-1, 202]);
    expect(logs.join("\n")).toMatch(/warning: .*an earlier run was interrupted while starting its task, before the service answered, and no such task is in progress; starting one now \(if the earlier one was started and has already finished, this is a second one\)/);
  });

  it("a start the service refused leaves no record: the re-run neither warns nor adopts", async () => {
    const serverId = server();
    for (let i = 0; i < 2; i += 1) await expect(associate({ serverId, keypairName: "no-such-keypair" })).rejects.toMatchObject({ status: 404, errorCode: "KPS.0006" });
    expect(statuses(ctx.emu, "AssociateKeypair")).toEqual([404, 404]);
    expect(readdirSync(journal)).toEqual([]);
    expect(logs.join("\n")).not.toMatch(/interrupted/);
  });

  it("refuses a bad adoptionWindow before any request, naming the field", async () => {
    const c = await (providerFor("KpsKeypairAssociation") as unknown as { check(o: Props, n: Props): Promise<{ failures: { property: string; reason: string }[] }> }).check(
      {},
      { keypairName: "KeyPair-demo", serverId: "s", adoptionWindow: "8d" },
    );
    expect(c.failures).toEqual([{ property: "adoptionWindow", reason: 'must be a duration from 0 (adoption off) to 7 days: milliseconds or text like "30m"' }]);
    expect(ctx.emu.requests()).toEqual([]);
  });
});
