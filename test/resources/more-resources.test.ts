/**
 * The resources of the DCS, RocketMQ and KPS additions through the real dynamic-provider host over gRPC, played by
 * `local-run --state`: `DcsJobWaiter`, `DcsTaskWaiter` on an instance (its progress in the deployment log),
 * `RocketMqTaskWaiter` on a scale-up (its progress too), both awaiting by name a task started as their resource
 * registers (so that it runs while they wait, however long the host takes to start), `TaskGate` on a DCS instance;
 * up, refresh (a job the service purged keeps its last state), new triggers, a new timeout alone, destroy. Then the failures: a failed job, and `KpsKeypairAssociation` with
 * `clearFailedTaskRecord` (the error printed is the task's own, the record is deleted; a failed deletion is only
 * logged). Every step asserts the emulator's request log.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RequestRecord } from "../../emulator";
import { getKpsFailedTasks } from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { runProgram, type ProgramRun, type RunOptions } from "../helpers/local-run";

const ctx = useEmulator({ timeScale: 200, seed: 151, history: 3 });
// A step starts Node, the program and a host: seconds on a busy machine, more than the default 30 s at worst.
jest.setTimeout(120_000);
const program = join(__dirname, "..", "fixtures", "programs", "more-tasks");
const minute = 60_000;

let dir = "";
let stateFile = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "hwc-tasks-more-"));
  stateFile = join(dir, "state.json");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function step(config: Record<string, string>, options: RunOptions = {}): Promise<{ run: ProgramRun; requests: RequestRecord[] }> {
  ctx.emu.clearRequests();
  const run = await runProgram(program, config, ctx.emu.env(), options);
  return { run, requests: ctx.emu.requests() };
}

const count = (requests: RequestRecord[], service: string, operation: string) => requests.filter((r) => r.service === service && r.operation === operation).length;
const logs = (run: ProgramRun) => run.events.flatMap((e) => (e.type === "log" ? [e.line] : []));
const steps = (run: ProgramRun) => Object.fromEntries(run.events.flatMap((e) => (e.type === "step" ? [[e.name, e.op]] : [])));
const report = (run: ProgramRun) => run.outputs["resources"] as Record<string, Record<string, unknown>>;
const failure = (run: ProgramRun) => run.events.find((e): e is { type: "error"; message: string } => e.type === "error")?.message ?? "";

describe("the new resources' life through the host", () => {
  const world = { jobId: "", jobTaskId: "", taskId: "", rocketmqTaskId: "" };
  /** Starts the awaited tasks as their resources register, once. */
  const startAsRegistered: RunOptions["onEvent"] = (e) => {
    if (e.type !== "registering") return;
    if (e.name === "dcs-instance-task" && world.taskId === "")
      world.taskId = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: "dcs-res-1", durationMs: 10 * minute, outcome: "success", extra: { enableShow: true } }).id;
    if (e.name === "rocketmq-extend" && world.rocketmqTaskId === "")
      world.rocketmqTaskId = ctx.emu.createTask({ service: "rocketmq", name: "extend", scope: "rmq-res-1", durationMs: 10 * minute, outcome: "success" }).id;
  };
  let config: Record<string, string> = {};
  let first: Record<string, Record<string, unknown>> = {};

  beforeAll(() => {
    const emu = ctx.emu;
    emu.addInstance("dcs", "dcs-res-1");
    emu.addInstance("dcs", "dcs-res-gated");
    emu.addInstance("rocketmq", "rmq-res-1");
    const job = emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: "dcs-res-1", durationMs: 2 * minute, outcome: "success" });
    world.jobId = String(job.jobId);
    world.jobTaskId = job.id;
    emu.createTask({ service: "dcs", name: "BindEip", scope: "dcs-res-gated", durationMs: 2 * minute });
    config = {
      "more:kinds": "DcsJobWaiter,DcsTaskWaiter,RocketMqTaskWaiter,TaskGate",
      "more:dcsJobId": world.jobId,
      "more:dcsInstanceId": "dcs-res-1",
      "more:dcsTaskName": "EXTEND",
      "more:rocketmqInstanceId": "rmq-res-1",
      "more:rocketmqTaskName": "extend",
      "more:after": new Date(emu.clock.now()).toISOString(),
      "more:dcsGatedInstanceId": "dcs-res-gated",
    };
  });

  it("up: each resource waits for its task or job; the waits on tasks log their progress", async () => {
    const { run, requests } = await step(config, { args: ["--state", stateFile], onEvent: startAsRegistered });
    expect(failure(run)).toBe("");
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual({ "dcs-job": "create", "dcs-instance-task": "create", "rocketmq-extend": "create", "dcs-gate": "create" });
    first = report(run);
    const emu = ctx.emu;
    expect(first["dcs-job"]).toMatchObject({ id: world.jobId, status: "SUCCESS", jobType: "masterStandbySwapJob" });
    expect(Date.parse(String(first["dcs-job"]?.["endTime"]))).toBe(emu.task("dcs", world.jobTaskId)?.finishAt);
    expect(first["dcs-instance-task"]).toMatchObject({ id: world.taskId, status: "SUCCESS", instanceId: "dcs-res-1" });
    expect(first["rocketmq-extend"]).toMatchObject({ id: world.rocketmqTaskId, status: "SUCCESS" });
    expect(first["dcs-gate"]).toMatchObject({ idle: true, scope: "instance dcs-res-gated" });
    for (const [name, service, id] of [["dcs-instance-task", "dcs", world.taskId], ["rocketmq-extend", "rocketmq", world.rocketmqTaskId]] as const) {
      expect(Date.parse(String(first[name]?.["finishedAt"]))).toBeGreaterThanOrEqual(emu.task(service, id)?.finishAt ?? Infinity);
    }
    const lines = logs(run);
    if (process.env['SHOW_LOGS']) console.error(lines.join('\n'));
    expect(lines.some((l) => /DcsTaskWaiter name=EXTEND instanceId=dcs-res-1: EXTEND \d+ %, about \d+ (s|min) left/.test(l))).toBe(true);
    expect(lines.some((l) => /RocketMqTaskWaiter name=extend instanceId=rmq-res-1: extend \d+ %, about \d+ (s|min) left/.test(l))).toBe(true);
    expect(lines.some((l) => /progress not available/.test(l))).toBe(false);
    // The instance's own list, never the task center; the job by id; progress while pending.
    expect(count(requests, "dcs", "ListCenterTask")).toBe(0);
    expect(count(requests, "dcs", "ListBackgroundTask")).toBeGreaterThan(0);
    expect(count(requests, "dcs", "ShowJobInfo")).toBeGreaterThan(0);
    expect(count(requests, "dcs", "ShowBackgroundTaskProgress")).toBeGreaterThan(0);
    expect(count(requests, "rocketmq", "ShowBackgroundTaskProgress")).toBeGreaterThan(0);
  });

  it("refresh re-reads each; a job the service purged keeps its last known state", async () => {
    ctx.emu.fault({ fault: { kind: "vanish", taskId: world.jobId }, count: 100 });
    const { run, requests } = await step(config, { args: ["--state", stateFile, "--refresh"] });
    ctx.emu.clearFaults();
    expect(run.code).toBe(0);
    expect(steps(run)).toEqual({ "dcs-job": "refresh", "dcs-instance-task": "refresh", "rocketmq-extend": "refresh", "dcs-gate": "refresh" });
    expect(requests.filter((r) => r.operation === "ShowJobInfo").map((r) => r.status)).toEqual([404]);
    expect(count(requests, "dcs", "ListBackgroundTask")).toBe(1);
    expect(count(requests, "dcs", "ListCenterTask")).toBe(0);
    const again = await step(config, { args: ["--state", stateFile] });
    expect(again.run.code).toBe(0);
    expect(report(again.run)["dcs-job"]).toEqual(first["dcs-job"]);
    expect(again.requests).toEqual([]);
  });

  it("new triggers replace each and wait again; a new timeout alone replaces nothing and calls nothing", async () => {
    const replaced = await step({ ...config, "more:triggers": "2" }, { args: ["--state", stateFile] });
    expect(replaced.run.code).toBe(0);
    expect(steps(replaced.run)).toEqual({ "dcs-job": "delete", "dcs-instance-task": "delete", "rocketmq-extend": "delete", "dcs-gate": "delete" });
    const ops = replaced.run.events.flatMap((e) => (e.type === "step" ? [e.op] : []));
    expect(ops.filter((op) => op === "replace")).toHaveLength(4);
    expect(count(replaced.requests, "dcs", "ShowJobInfo")).toBeGreaterThan(0);
    expect(report(replaced.run)["dcs-job"]).toMatchObject({ id: world.jobId, status: "SUCCESS" });
    const timeoutOnly = await step({ ...config, "more:triggers": "2", "more:timeout": "2h" }, { args: ["--state", stateFile] });
    expect(timeoutOnly.run.code).toBe(0);
    expect(Object.values(steps(timeoutOnly.run))).toEqual(["same", "same", "same", "same"]);
    expect(timeoutOnly.requests).toEqual([]);
  });

  it("destroy deletes every resource and nothing in the cloud", async () => {
    const { run, requests } = await step(config, { args: ["--state", stateFile, "--destroy"] });
    expect(run.code).toBe(0);
    expect(Object.values(steps(run))).toEqual(["delete", "delete", "delete", "delete"]);
    expect(requests).toEqual([]);
  });
});

describe("failures through the host", () => {
  it("a failed DCS job fails the deployment with its fail_reason", async () => {
    ctx.emu.addInstance("dcs", "dcs-res-fail");
    const job = ctx.emu.createTask({ service: "dcs", name: "modifyBandwidth", scope: "dcs-res-fail", durationMs: minute, outcome: "failure", errorMsg: "bandwidth quota exceeded" });
    const { run } = await step({ "more:kinds": "DcsJobWaiter", "more:dcsJobId": String(job.jobId) });
    expect(run.code).toBe(1);
    expect(failure(run)).toMatch(new RegExp(`DcsJobWaiter "dcs-job": .*${String(job.jobId)}.*FAIL.*bandwidth quota exceeded`));
  });

  let serverSeq = 0;
  /** A reset that fails with KPS.2011, run through the host with `clearFailedTaskRecord` as given. */
  async function failedReset(clear: boolean): Promise<{ run: ProgramRun; requests: RequestRecord[]; taskId: string }> {
    const server = `srv-res-fail-${++serverSeq}`;
    ctx.emu.addServer({ id: server });
    ctx.emu.nextTask({ service: "kps", durationMs: minute, outcome: "failure", errorCode: "KPS.2011", errorMsg: "The server's cloud-init agent is not running" });
    const r = await step({ "more:kinds": "KpsKeypairAssociation", "more:resetServerId": server, "more:clearFailedTaskRecord": String(clear) });
    const taskId = ctx.emu.tasks("kps").find((t) => t.scope === server)?.id ?? "";
    return { ...r, taskId };
  }
  const failedIds = async () => (await getKpsFailedTasks({}, { ...ctx.emu.settings(), sources: { env: {} } })).tasks.map((t) => t.taskId);

  it("clearFailedTaskRecord: the deployment fails with the task's own error, then its record is deleted", async () => {
    const kept = await failedReset(false);
    const cleared = await failedReset(true);
    for (const r of [kept, cleared]) {
      expect(r.run.code).toBe(1);
      expect(failure(r.run)).toMatch(/KPS\.2011/);
      expect(failure(r.run)).toContain("The server's cloud-init agent is not running");
    }
    // The error printed is the same but for the task id and the answer's request id.
    const same = (r: { run: ProgramRun; taskId: string }) => failure(r.run).replace(r.taskId, "ID").replace(/request id [0-9a-f]+/, "request id R");
    expect(same(cleared)).toBe(same(kept));
    expect(count(kept.requests, "kps", "DeleteFailedTask")).toBe(0);
    expect(cleared.requests.filter((r) => r.operation === "DeleteFailedTask").map((r) => [r.params["task_id"], r.status])).toEqual([[cleared.taskId, 200]]);
    const listed = await failedIds();
    expect(listed).toContain(kept.taskId);
    expect(listed).not.toContain(cleared.taskId);
    expect(logs(cleared.run).some((l) => l.includes(`deleted the failed-task record of task ${cleared.taskId}`))).toBe(true);
  });

  it("a deletion that fails is logged as a warning; the task's error is still the one printed", async () => {
    ctx.emu.fault({ fault: { kind: "status", status: 403, errorCode: "KPS.0403", errorMsg: "no permission to delete" }, match: { operation: "DeleteFailedTask" }, count: 100 });
    const r = await failedReset(true);
    ctx.emu.clearFaults();
    expect(r.run.code).toBe(1);
    expect(failure(r.run)).toMatch(/KPS\.2011/);
    expect(failure(r.run)).not.toMatch(/KPS\.0403/);
    expect(logs(r.run).some((l) => l.includes(`could not delete the failed-task record of task ${r.taskId}`) && l.includes("KPS.0403"))).toBe(true);
    expect(await failedIds()).toContain(r.taskId);
  });
});
