/**
 * Proof 6: a stack's whole life, every resource kind, through the real dynamic-provider host over gRPC, played
 * by `local-run --state` (engine semantics for dynamic resources, no Pulumi CLI): up (creates and waits) -> up
 * unchanged (nothing but the `everyDeployment` gate) -> new `triggers` (every one replaced, waits again) -> a new
 * `timeout` only (no replacement) -> refresh (re-reads; a task the service no longer lists keeps its last state)
 * -> destroy (nothing deleted in the cloud) -> for the two that start tasks: a create interrupted by a killed
 * host, then up (adopts the tasks, starts nothing). Every step asserts the emulator's request log.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_WORLD, type RequestRecord } from "../../emulator";
import type { StackState } from "../../scripts/deployment";
import { useEmulator } from "../helpers/emulator";
import { until } from "../helpers/reliability";
import { runProgram, type ProgramRun, type RunOptions } from "../helpers/local-run";

const ctx = useEmulator({ timeScale: 200, seed: 141, history: 3 });
// A step starts Node, the program and a host: seconds on a busy machine, more than the default 30 s at worst.
jest.setTimeout(120_000);
const program = join(__dirname, "..", "fixtures", "programs", "lifecycle");
const [rmqWaited, rmqGated] = DEFAULT_WORLD.rocketmqInstances.map((i) => i.id) as [string, string];
const minute = 60_000;

let dir = "";
let stateFile = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hwc-tasks-lifecycle-"));
  stateFile = join(dir, "state.json");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ids the stack awaits, made in the emulator before the first up. */
interface World {
  kpsTaskId: string;
  csmsTaskId: string;
  dcsTaskId: string;
  rocketmqTaskId: string;
}
let world: World;
let config: Record<string, string>;

const RESOURCES = ["kps-waiter", "kps-association", "csms-rotation", "csms-waiter", "dcs-waiter", "rocketmq-waiter", "gate-once", "gate-every"] as const;
type ResourceName = (typeof RESOURCES)[number];

/** The resource of the stack a request was made for. */
function concerns(r: RequestRecord): ResourceName | "kps (shared look)" | string {
  const q = { ...r.query, ...r.params };
  switch (r.operation) {
    case "AssociateKeypair":
      return "kps-association";
    case "ListKeypairTask":
      return q["task_id"] === world.kpsTaskId ? "kps-waiter" : "kps-association";
    case "ListRunningTask":
    case "ListFailedTask":
      return "kps (shared look)";
    case "RotateSecret":
      return "csms-rotation";
    case "ListSecretTask":
      if (q["secret_name"] === "life-gated") return "gate-once";
      if (q["secret_name"] === undefined && q["task_id"] === undefined) return "csms (shared look)";
      return q["secret_name"] === "life-watched" || q["task_id"] === world.csmsTaskId ? "csms-waiter" : "csms-rotation";
    case "ListCenterTask":
      return "dcs-waiter";
    case "ListBackgroundTasks":
      return q["instance_id"] === rmqGated ? "gate-every" : "rocketmq-waiter";
    default:
      return r.operation;
  }
}

/** The looks that serve every waiter of a service and project at once (one list per tick), by resource. */
const SHARED: Partial<Record<ResourceName, string>> = {
  "kps-waiter": "kps (shared look)",
  "kps-association": "kps (shared look)",
  "csms-waiter": "csms (shared look)",
  "csms-rotation": "csms (shared look)",
};
/** Whether the requests include a look at `r`'s task: its own, or a shared one. */
const looked = (touched: Set<string>, r: ResourceName) => touched.has(r) || touched.has(SHARED[r] ?? r);

/** Runs one step against the state file; returns the run and the requests it made. */
async function step(extra: Record<string, string> = {}, options: RunOptions = {}): Promise<{ run: ProgramRun; requests: RequestRecord[]; touched: Set<string> }> {
  ctx.emu.clearRequests();
  const run = await runProgram(program, { ...config, ...extra }, ctx.emu.env(), { ...options, args: ["--state", stateFile, ...(options.args ?? [])] });
  const requests = ctx.emu.requests();
  return { run, requests, touched: new Set(requests.map(concerns)) };
}

/** The steps of a run, by resource name (a replacement is `replace` then `delete` of the old one). */
function steps(run: ProgramRun): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of run.events) if (e.type === "step") out[e.name] = out[e.name] ? `${out[e.name]},${e.op}` : e.op;
  return out;
}
const all = (op: string, except: Partial<Record<ResourceName, string>> = {}) => Object.fromEntries(RESOURCES.map((r) => [r, except[r] ?? op]));
const state = () => JSON.parse(readFileSync(stateFile, "utf8")) as StackState;
const report = (run: ProgramRun) => run.outputs["resources"] as Record<ResourceName, Record<string, unknown>>;
const count = (requests: RequestRecord[], operation: string) => requests.filter((r) => r.operation === operation).length;

/** An up in which every resource waits (each does `op`) and the two that start tasks start one each. */
async function everyOneWaits(extra: Record<string, string>, op: string): Promise<ProgramRun> {
  ctx.emu.nextTask({ service: "kps", durationMs: minute, outcome: "success" });
  ctx.emu.nextTask({ service: "csms", durationMs: minute, outcome: "success" });
  const { run, requests, touched } = await step(extra);
  expect(run.code).toBe(0);
  expect(steps(run)).toEqual(all(op));
  for (const r of RESOURCES) expect([r, looked(touched, r)]).toEqual([r, true]);
  expect(count(requests, "AssociateKeypair")).toBe(1);
  expect(count(requests, "RotateSecret")).toBe(1);
  // Each waiter saw its task end (on the emulator's clock), so it did wait for it.
  const outs = report(run);
  const ends: [ResourceName, "kps" | "csms" | "dcs" | "rocketmq", string][] = [
    ["kps-waiter", "kps", world.kpsTaskId],
    ["csms-waiter", "csms", world.csmsTaskId],
    ["dcs-waiter", "dcs", world.dcsTaskId],
    ["rocketmq-waiter", "rocketmq", world.rocketmqTaskId],
  ];
  for (const [r, service, id] of ends) expect(Date.parse(String(outs[r]["finishedAt"]))).toBeGreaterThanOrEqual(ctx.emu.task(service, id)?.finishAt ?? Infinity);
  return run;
}

describe("a stack's life through the host", () => {
  let first: Record<ResourceName, Record<string, unknown>>;

  beforeAll(() => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-life-waited" });
    emu.addServer({ id: "srv-life-reset" });
    for (const s of ["life-rotated", "life-watched", "life-gated"]) emu.addSecret(s);
    world = {
      kpsTaskId: emu.createTask({ service: "kps", name: "RESET", scope: "srv-life-waited", durationMs: 2 * minute, outcome: "success" }).id,
      csmsTaskId: emu.createTask({ service: "csms", scope: "life-watched", durationMs: 2 * minute, outcome: "success" }).id,
      dcsTaskId: emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 2 * minute, outcome: "success" }).id,
      rocketmqTaskId: emu.createTask({ service: "rocketmq", name: "restart", scope: rmqWaited, durationMs: 2 * minute, outcome: "success" }).id,
    };
    config = {
      "lifecycle:kpsTaskId": world.kpsTaskId,
      "lifecycle:associationServerId": "srv-life-reset",
      "lifecycle:rotatedSecret": "life-rotated",
      "lifecycle:csmsTaskId": world.csmsTaskId,
      "lifecycle:dcsTaskId": world.dcsTaskId,
      "lifecycle:rocketmqInstanceId": rmqWaited,
      "lifecycle:rocketmqTaskId": world.rocketmqTaskId,
      "lifecycle:gatedSecret": "life-gated",
      "lifecycle:gatedInstanceId": rmqGated,
    };
  });

  it("up: creates every resource, each waiting for its task; the two that start tasks start one each", async () => {
    const run = await everyOneWaits({}, "create");
    expect(run.stderr).toBe("");
    first = report(run);
    expect(first["kps-association"]).toMatchObject({ status: "SUCCESS_RESET", adopted: false });
    expect(first["csms-rotation"]).toMatchObject({ status: "SUCCESS", adopted: false });
    expect(first).toMatchObject({ "kps-waiter": { id: world.kpsTaskId, status: "SUCCESS_RESET" }, "csms-waiter": { id: world.csmsTaskId, status: "SUCCESS" } });
    expect(first).toMatchObject({ "dcs-waiter": { id: world.dcsTaskId, status: "SUCCESS" }, "rocketmq-waiter": { id: world.rocketmqTaskId, status: "SUCCESS" } });
    expect(state().resources.map((r) => r.name).sort()).toEqual([...RESOURCES].sort());
  });

  it("up again with nothing changed: no waits and no API call, but the everyDeployment gate's check", async () => {
    const { run, touched } = await step();
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual(all("same", { "gate-every": "replace,delete" }));
    expect([...touched]).toEqual(["gate-every"]);
    const again = report(run);
    for (const r of RESOURCES.filter((x) => x !== "gate-every")) expect(again[r]).toEqual(first[r]);
    expect(Date.parse(String(again["gate-every"]["checkedAt"]))).toBeGreaterThan(Date.parse(String(first["gate-every"]["checkedAt"])));
  });

  let replaced: Record<ResourceName, Record<string, unknown>>;
  it("new triggers: every resource is replaced and waits again; the two that start tasks start new ones", async () => {
    replaced = report(await everyOneWaits({ "lifecycle:triggers": "2" }, "replace,delete"));
    for (const r of ["kps-association", "csms-rotation"] as const) {
      expect(replaced[r]).toMatchObject({ adopted: false });
      expect(replaced[r]["taskId"]).not.toBe(first[r]["taskId"]);
    }
    for (const r of ["kps-waiter", "csms-waiter", "dcs-waiter", "rocketmq-waiter"] as const) {
      expect(replaced[r]["id"]).toBe(first[r]["id"]);
      expect(Date.parse(String(replaced[r]["finishedAt"]))).toBeGreaterThan(Date.parse(String(first[r]["finishedAt"])));
    }
  });

  it("a new timeout alone replaces nothing and calls nothing (but the everyDeployment gate)", async () => {
    const { run, touched } = await step({ "lifecycle:triggers": "2", "lifecycle:timeout": "2h" });
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual(all("same", { "gate-every": "replace,delete" }));
    expect([...touched]).toEqual(["gate-every"]);
    const now = report(run);
    for (const r of RESOURCES.filter((x) => x !== "gate-every")) expect(now[r]).toEqual(replaced[r]);
    // The new timeout is recorded as an input; the outputs are those of the last wait.
    expect(state().resources.find((r) => r.name === "dcs-waiter")?.inputs).toMatchObject({ timeout: "2h" });
  });

  it("refresh re-reads every task; one the service no longer lists keeps its last known state", async () => {
    const emu = ctx.emu;
    emu.fault({ fault: { kind: "vanish", taskId: world.dcsTaskId }, count: 100 });
    emu.fault({ fault: { kind: "vanish", taskId: world.kpsTaskId }, count: 100 });
    emu.fault({ fault: { kind: "unknown-status", taskId: world.rocketmqTaskId, status: "DELETED" }, count: 100 });
    const before = state();
    const { run, requests, touched } = await step({}, { args: ["--refresh"] });
    emu.clearFaults();
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual(all("refresh"));
    expect([...touched].sort()).toEqual(["csms-rotation", "csms-waiter", "dcs-waiter", "kps-association", "kps-waiter", "rocketmq-waiter"]);
    expect(count(requests, "AssociateKeypair") + count(requests, "RotateSecret")).toBe(0);
    const after = state();
    const outputs = (s: StackState, name: ResourceName) => s.resources.find((r) => r.name === name)?.outputs;
    expect(outputs(after, "rocketmq-waiter")).toMatchObject({ status: "DELETED" });
    for (const kept of ["dcs-waiter", "kps-waiter"] as const) expect(outputs(after, kept)).toEqual(outputs(before, kept));
    expect(outputs(after, "csms-rotation")).toMatchObject({ status: "SUCCESS", taskId: replaced["csms-rotation"]["taskId"] });
  });

  it("destroy deletes every resource and nothing in the cloud", async () => {
    const tasksBefore = (["kps", "csms", "dcs", "rocketmq"] as const).map((s) => ctx.emu.tasks(s).length);
    const { run, requests } = await step({}, { args: ["--destroy"] });
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual(all("delete"));
    expect(requests).toEqual([]);
    expect(state()).toMatchObject({ resources: [], pendingCreates: [], pendingDeletes: [] });
    expect((["kps", "csms", "dcs", "rocketmq"] as const).map((s) => ctx.emu.tasks(s).length)).toEqual(tasksBefore);
  });

  const starters = { "lifecycle:kinds": "KpsKeypairAssociation,CsmsSecretRotation", "lifecycle:triggers": "3", "lifecycle:timeout": "3h" };
  let interrupted: { reset: string; rotation: string };
  it("a create interrupted by a killed host leaves pending creates, and the tasks it started", async () => {
    const emu = ctx.emu;
    // Half an hour of emulator time (9 s here): both still run when the host is killed, however slow the machine.
    emu.nextTask({ service: "kps", durationMs: 30 * minute, outcome: "success" });
    emu.nextTask({ service: "csms", durationMs: 30 * minute, outcome: "success" });
    const known = new Set([...emu.tasks("kps"), ...emu.tasks("csms")].map((t) => t.id));
    const newest = (service: "kps" | "csms", scope: string) => emu.tasks(service).find((t) => t.scope === scope && !known.has(t.id))?.id;
    let hostPid: number | undefined;
    // Awaited: a read of the service after the start call (the journal has the task id by then).
    const awaited = (start: string, reads: string[]) => {
      const started = emu.requests({ operation: start }).find((r) => r.status === 200 || r.status === 202);
      return started !== undefined && emu.requests().some((r) => r.seq > started.seq && reads.includes(r.operation));
    };
    const running = step(starters, {
      onEvent: (e) => {
        if (e.type === "host") hostPid = e.pid;
      },
    });
    await until(() => awaited("AssociateKeypair", ["ListKeypairTask", "ListRunningTask"]) && awaited("RotateSecret", ["ListSecretTask"]), "both tasks to be awaited", 60_000);
    process.kill(hostPid as number, "SIGKILL");
    const { run, requests } = await running;
    expect(run.code).toBe(1);
    expect(run.events.find((e) => e.type === "error")).toMatchObject({ message: expect.stringMatching(/^(KpsKeypairAssociation "kps-association"|CsmsSecretRotation "csms-rotation"): the dynamic-provider host stopped answering/) });
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(count(requests, "AssociateKeypair")).toBe(1);
    expect(count(requests, "RotateSecret")).toBe(1);
    expect(state().pendingCreates.map((p) => p.name).sort()).toEqual(["csms-rotation", "kps-association"]);
    expect(state().resources).toEqual([]);
    interrupted = { reset: newest("kps", "srv-life-reset") as string, rotation: newest("csms", "life-rotated") as string };
  });

  it("up after the interruption adopts the tasks (finished meanwhile) and starts nothing", async () => {
    const emu = ctx.emu;
    emu.clock.advance(40 * minute);
    expect(emu.task("kps", interrupted.reset)?.status).toBe("SUCCESS_RESET");
    expect(emu.task("csms", interrupted.rotation)?.status).toBe("SUCCESS");
    const { run, requests } = await step(starters);
    expect(run.code).toBe(0);
    expect(run.events.filter((e) => e.type === "warning")).toHaveLength(2);
    expect(steps(run)).toEqual({ "kps-association": "create", "csms-rotation": "create" });
    expect(count(requests, "AssociateKeypair") + count(requests, "RotateSecret")).toBe(0);
    expect(report(run)).toMatchObject({
      "kps-association": { taskId: interrupted.reset, status: "SUCCESS_RESET", adopted: true },
      "csms-rotation": { taskId: interrupted.rotation, status: "SUCCESS", adopted: true },
    });
    const logs = run.events.map((e) => (e.type === "log" ? e.line : "")).join("\n");
    expect(logs).toMatch(new RegExp(`KpsKeypairAssociation: reset of KeyPair-rotated on server srv-life-reset: adopting task ${interrupted.reset}, which an earlier run`));
    expect(logs).toMatch(new RegExp(`CsmsSecretRotation: rotation of secret life-rotated: adopting task ${interrupted.rotation}, which an earlier run`));
    expect(state()).toMatchObject({ pendingCreates: [] });

    // And the stack is settled: one more up changes and calls nothing.
    const settled = await step(starters);
    expect(steps(settled.run)).toEqual({ "kps-association": "same", "csms-rotation": "same" });
    expect(settled.requests).toEqual([]);
  });
});
