/**
 * The wait functions against the emulator, on its time-scaled clock: success, failure with the service's error,
 * timeout, abort, unknown statuses, late visibility, throttling, shared polling and idle scopes.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD } from "../../emulator";
import {
  AbortError,
  InputError,
  TaskFailedError,
  TaskNotFoundError,
  WaitTimeoutError,
  awaitKpsTask,
  awaitRocketMqTask,
  awaitTaskById,
  waitForCsmsTask,
  waitForDcsTask,
  waitForIdle,
  waitForKpsTask,
  waitForRocketMqTask,
  type WaitEvent,
  type WaitOptions,
} from "../../provider";
import { TaskApiClient } from "../../provider/http/client";
import { resolveSettings } from "../../provider/settings";
import { csmsRotateSecret, kpsAssociateKeypair } from "../../provider/endpoints";
import { useEmulator } from "../helpers/emulator";

const ctx = useEmulator({ timeScale: 200, seed: 21, history: 5 });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
const rmq2 = DEFAULT_WORLD.rocketmqInstances[1].id;

function opts(extra: WaitOptions = {}): WaitOptions {
  return { ...ctx.emu.settings(), sources: { env: {} }, clock: ctx.emu.clock, ...extra };
}

function client(): TaskApiClient {
  return new TaskApiClient({ settings: resolveSettings(ctx.emu.settings()) });
}

let serverSeq = 0;
/** Starts a KPS reset on a fresh server through the public API; returns the task id. */
async function startReset(spec: { durationMs: number; outcome?: "success" | "failure"; errorCode?: string; errorMsg?: string; visibleAfterMs?: number }): Promise<string> {
  const id = `srv-wait-${++serverSeq}`;
  ctx.emu.addServer({ id, name: id });
  ctx.emu.nextTask({ service: "kps", outcome: "success", ...spec });
  const res = await client().call(kpsAssociateKeypair, { body: { keypair_name: "KeyPair-demo", server: { id } } });
  return res.data.task_id;
}

describe("waitForKpsTask", () => {
  it("resolves with the final task when the reset succeeds, after the emulator's finish time", async () => {
    const taskId = await startReset({ durationMs: 30_000 });
    const r = await awaitKpsTask({ taskId }, opts());
    expect(r.task).toMatchObject({ taskId, taskStatus: "SUCCESS_RESET", phase: "succeeded", operation: "RESET" });
    expect(r.finishedAt).toBeGreaterThanOrEqual(ctx.emu.task("kps", taskId)?.finishAt ?? Infinity);
    expect(r.polls).toBeGreaterThanOrEqual(1);
    expect(r.preview).toBe(false);
  });

  it("fails with the service's task_error_code and task_error_msg, the task id and the request id", async () => {
    const taskId = await startReset({ durationMs: 20_000, outcome: "failure", errorCode: "KPS.2011", errorMsg: "The server's cloud-init agent is not running" });
    const err = await waitForKpsTask({ taskId }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ service: "kps", taskId, status: "FAILED_RESET", errorCode: "KPS.2011", errorMessage: "The server's cloud-init agent is not running" });
    expect((err as TaskFailedError).requestId).toMatch(/^[0-9a-f]{32}$/);
    expect((err as Error).message).toContain(taskId);
    expect((err as Error).message).toContain("KPS.2011");
  });

  it("alone, a wait told its task's start reads the task by id only; one not told reads the running list once, for the age", async () => {
    const ops = (from: number) => ctx.emu.requests().slice(from).map((r) => r.operation).filter((o) => o !== "KeystoneListProjects");
    const told = await startReset({ durationMs: 4_000 });
    const startedAt = ctx.emu.clock.now();
    let mark = ctx.emu.requests().length;
    await expect(awaitKpsTask({ taskId: told }, opts({ startedAt }))).resolves.toMatchObject({ status: "SUCCESS_RESET" });
    // A 4 s task is over by the first look (10 s): one read by id, where list-then-id would be two.
    expect(ops(mark)).toEqual(["ListKeypairTask"]);

    const untold = await startReset({ durationMs: 60_000 });
    mark = ctx.emu.requests().length;
    await expect(awaitKpsTask({ taskId: untold }, opts())).resolves.toMatchObject({ status: "SUCCESS_RESET" });
    const seen = ops(mark);
    expect(seen[0]).toBe("ListRunningTask");
    expect(seen.filter((o) => o === "ListRunningTask")).toHaveLength(1);
    expect(seen.slice(1).every((o) => o === "ListKeypairTask")).toBe(true);
  });

  it("alone and told its task's start, a wait reads a task not visible yet (404 by id) again until it shows", async () => {
    const taskId = await startReset({ durationMs: 60_000, visibleAfterMs: 20_000 });
    const r = await awaitKpsTask({ taskId }, opts({ startedAt: ctx.emu.clock.now() }));
    expect(r.task).toMatchObject({ taskId, taskStatus: "SUCCESS_RESET" });
  });

  it("times out with the last status seen, the polls made and the time elapsed", async () => {
    const taskId = await startReset({ durationMs: 3_600_000 });
    // 10 minutes of the emulator's time (3 s real at 200x): room for several looks even when the machine stalls.
    const err = await waitForKpsTask({ taskId }, opts({ timeout: "10m" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    const e = err as WaitTimeoutError;
    expect(e.lastStatus).toMatch(/^(READY|RUNNING)_RESET$/);
    expect(e.polls).toBeGreaterThanOrEqual(2);
    expect(e.elapsedMs).toBeGreaterThanOrEqual(600_000);
    expect(e.message).toMatch(/timed out after \d+\.\d s waiting for kps task/);
  });

  it("retries a task that is not visible yet right after it was started", async () => {
    // Invisible for 60 s of the emulator's time (300 ms real at 200x), so that even a loaded machine looks in time.
    const taskId = await startReset({ durationMs: 90_000, visibleAfterMs: 60_000 });
    const events: WaitEvent[] = [];
    const task = await waitForKpsTask({ taskId }, opts({ onProgress: (e) => events.push(e) }));
    expect(task.phase).toBe("succeeded");
    expect(events.filter((e) => e.type === "not-found-yet")).toHaveLength(1);
    const notFound = ctx.emu.requests({ operation: "ListKeypairTask" }).filter((r) => r.params["task_id"] === taskId && r.status === 404);
    expect(notFound.length).toBeGreaterThanOrEqual(1);
  });

  it("gives up on a task that never appears with a TaskNotFoundError carrying the service's 404", async () => {
    const taskId = "aee8d2fe-5484-4753-9177-5a38dc15546c";
    const err = await waitForKpsTask({ taskId }, opts({ notFoundGraceMs: 20_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskNotFoundError);
    expect(err).toMatchObject({ code: "TASK_NOT_FOUND", errorCode: "KPS.0404", service: "kps", taskId });
    expect((err as TaskNotFoundError).lookedForMs).toBeGreaterThanOrEqual(20_000);
    expect((err as Error).cause).toMatchObject({ status: 404, errorCode: "KPS.0404" });
  });

  it("shares one running-tasks poll between concurrent KPS waiters and settles tasks that left it", async () => {
    const emu = ctx.emu;
    const specs = [0, 1, 2, 3, 4, 5].map((i) => ({
      durationMs: 30_000 + i * 2_000,
      outcome: (i % 2 === 0 ? "success" : "failure") as "success" | "failure",
      errorCode: `KPS.20${10 + i}`,
      errorMsg: `failure ${i}`,
    }));
    const ids: string[] = [];
    for (const spec of specs) ids.push(await startReset(spec));
    emu.clearRequests();
    const results = await Promise.all(ids.map((taskId) => awaitKpsTask({ taskId }, opts()).then((r) => r.task, (e: unknown) => e)));
    results.forEach((r, i) => {
      if (specs[i]?.outcome === "success") expect(r).toMatchObject({ taskId: ids[i], taskStatus: "SUCCESS_RESET" });
      else expect(r).toMatchObject({ taskId: ids[i], status: "FAILED_RESET", errorCode: specs[i]?.errorCode, errorMessage: specs[i]?.errorMsg });
    });
    const ops = emu.requests().map((r) => r.operation);
    expect(ops.filter((o) => o === "ListRunningTask").length).toBeGreaterThan(0);
    // Six waiters, yet far fewer running-list reads than six independent pollers would make.
    expect(ops.length).toBeLessThan(6 * 4);
  });

  it("stops within a second of an abort, even mid-request", async () => {
    const taskId = await startReset({ durationMs: 3_600_000 });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { operation: "ListRunningTask" }, count: 1 });
    const controller = new AbortController();
    const wait = waitForKpsTask({ taskId }, { ...ctx.emu.settings(), sources: { env: {} }, signal: controller.signal, share: false });
    setTimeout(() => controller.abort(), 50);
    const late = new Promise<string>((resolve) => {
      const t = setTimeout(() => resolve("still waiting after 1 s"), 1000);
      wait.catch(() => clearTimeout(t));
    });
    const outcome = await Promise.race([wait.catch((e: unknown) => e), late]);
    expect(outcome).toBeInstanceOf(AbortError);
    ctx.emu.clearFaults();
  });
});

describe("waitForCsmsTask", () => {
  it("awaits a rotation by task id and fails with task_error_code / task_error_msg", async () => {
    ctx.emu.nextTask({ service: "csms", durationMs: 12_000, outcome: "failure", errorCode: "CSMS.0601", errorMsg: "The rotation function returned an error" });
    const started = await client().call(csmsRotateSecret, { path: { secret_name: "api-token" } });
    const taskId = started.data.rotation_task_id;
    const err = await waitForCsmsTask({ taskId }, opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ service: "csms", taskId, status: "FAILED", errorCode: "CSMS.0601", errorMessage: "The rotation function returned an error" });
    // Waits by id read the project's newest rotations, one list shared by every such wait: the task was in it, so no
    // read by id was needed.
    const queries = ctx.emu.requests({ operation: "ListSecretTask" }).map((r) => r.query);
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((q) => q["task_id"] === undefined && q["secret_name"] === undefined)).toBe(true);
  });

  it("awaits the rotation of a secret started after a time", async () => {
    const after = ctx.emu.clock.now();
    ctx.emu.nextTask({ service: "csms", durationMs: 10_000, outcome: "success" });
    const started = await client().call(csmsRotateSecret, { path: { secret_name: "rotating-secret" } });
    const task = await waitForCsmsTask({ secretName: "rotating-secret", after }, opts());
    expect(task).toMatchObject({ taskId: started.data.rotation_task_id, taskStatus: "SUCCESS", phase: "succeeded", secretName: "rotating-secret" });
    expect(typeof task.taskTime).toBe("number");
  });
});

describe("waitForDcsTask", () => {
  it("awaits by job id, by id and by name after a time; fails with the task's error_code", async () => {
    const emu = ctx.emu;
    const a = emu.createTask({ service: "dcs", name: "BindEip", durationMs: 15_000, outcome: "success" });
    const jobId = (await waitForDcsTask({ taskId: a.id }, opts())).jobId;
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    const b = emu.createTask({ service: "dcs", name: "AddWhitelist", durationMs: 5_000, outcome: "success" });
    const byName = await waitForDcsTask({ name: "AddWhitelist", after: b.createdAt }, opts());
    expect(byName).toMatchObject({ id: b.id, status: "SUCCESS", phase: "succeeded" });
    const c = emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 30_000, outcome: "failure", errorCode: "DCS.4049" });
    const jobs = await emu.tasks("dcs");
    expect(jobs.length).toBeGreaterThan(0);
    const err = await waitForDcsTask({ taskId: c.id }, opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ service: "dcs", taskId: c.id, status: "FAILED", errorCode: "DCS.4049" });
  });
});

describe("waitForRocketMqTask", () => {
  it("awaits by name after a time, reports an unknown status once, and still finishes", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "bindInstancePublicIp", scope: rmq, durationMs: 25_000, outcome: "success" });
    emu.fault({ fault: { kind: "unknown-status", taskId: t.id, status: "PAUSED_FOR_MAINTENANCE" }, count: 2 });
    const events: WaitEvent[] = [];
    const task = await waitForRocketMqTask({ instanceId: rmq, name: "bindInstancePublicIp", after: t.createdAt }, opts({ onProgress: (e) => events.push(e) }));
    expect(task).toMatchObject({ id: t.id, status: "SUCCESS" });
    expect(events.filter((e) => e.type === "unknown-status")).toEqual([expect.objectContaining({ status: "PAUSED_FOR_MAINTENANCE" })]);
  });

  it("survives 429 APIGW.0308 during the wait", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq2, durationMs: 20_000, outcome: "success" });
    emu.fault({ fault: { kind: "throttle" }, match: { operation: "ListBackgroundTasks" }, count: 3 });
    emu.clearRequests();
    const r = await awaitRocketMqTask({ instanceId: rmq2, taskId: t.id }, opts());
    expect(r.task.status).toBe("SUCCESS");
    const statuses = emu.requests({ operation: "ListBackgroundTasks" }).map((x) => x.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(statuses.at(-1)).toBe(200);
  });

  it("a throttled endpoint slows every waiter on it at once, instead of each retrying alone", async () => {
    const emu = ctx.emu;
    const instance = "throttled-instance";
    emu.addInstance("rocketmq", instance);
    const tasks = Array.from({ length: 20 }, () => emu.createTask({ service: "rocketmq", name: "restart", scope: instance, durationMs: 30_000, outcome: "success" }));
    emu.clearRequests();
    // Throttled for 300 real ms from the first look on: 20 independent waiters are all polling then.
    emu.fault({ fault: { kind: "throttle" }, match: { operation: "ListBackgroundTasks" }, forMs: 300, afterMs: 0 });
    const results = await Promise.all(tasks.map((t) => awaitRocketMqTask({ instanceId: instance, taskId: t.id }, opts({ share: false }))));
    expect(results.every((r) => r.task.status === "SUCCESS")).toBe(true);
    const throttled = emu.requests({ operation: "ListBackgroundTasks" }).filter((r) => r.status === 429).length;
    // Each waiter alone would retry up to 4 times inside the window (up to 100 throttled calls); the shared gate
    // closes for everyone after the first 429, so about one throttled call per waiter in flight remains.
    expect(throttled).toBeGreaterThan(0);
    expect(throttled).toBeLessThanOrEqual(25);
  });

  it("fails with the final status of a failed task, and honours custom success statuses", async () => {
    const emu = ctx.emu;
    const bad = emu.createTask({ service: "rocketmq", name: "extend", scope: rmq, durationMs: 10_000, outcome: "failure" });
    await expect(waitForRocketMqTask({ instanceId: rmq, taskId: bad.id }, opts())).rejects.toMatchObject({ status: "FAILED", taskId: bad.id });
    const slow = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 3_600_000 });
    const early = await waitForRocketMqTask({ instanceId: rmq, taskId: slow.id }, opts({ successStatuses: ["EXECUTING"] }));
    expect(early.status).toBe("EXECUTING");
  });

});

describe("shared polling", () => {
  // A stepped clock here: the counts must not depend on how fast a loaded machine serves 100 independent waiters.
  const own = useEmulator({ stepped: true, seed: 22, history: 5 });
  const ownOpts = (extra: WaitOptions = {}): WaitOptions => ({ ...own.emu.settings(), sources: { env: {} }, clock: own.emu.clock, ...extra });

  async function hundredWaiters(instance: string, share: boolean): Promise<number> {
    const emu = own.emu;
    emu.addInstance("rocketmq", instance);
    const tasks = Array.from({ length: 100 }, (_, i) =>
      emu.createTask({ service: "rocketmq", name: "restart", scope: instance, durationMs: 120_000 + i * 300, outcome: "success" }),
    );
    const before = emu.requests({ operation: "ListBackgroundTasks" }).length;
    const results = await Promise.all(tasks.map((t) => awaitRocketMqTask({ instanceId: instance, taskId: t.id }, ownOpts({ share }))));
    expect(results.map((r) => r.task.status)).toEqual(tasks.map(() => "SUCCESS"));
    expect(results.every((r, i) => r.finishedAt >= (tasks[i]?.finishAt ?? Infinity))).toBe(true);
    return emu.requests({ operation: "ListBackgroundTasks" }).length - before;
  }

  it("100 concurrent waiters on one instance share one list call per tick: 20x fewer calls than independent ones", async () => {
    const shared = await hundredWaiters("shared-instance-100", true);
    const independent = await hundredWaiters("independent-instance-100", false);
    expect(shared).toBeLessThan(100);
    expect(shared * 20).toBeLessThanOrEqual(independent);
  });
});

describe("awaitTaskById", () => {
  it("awaits a task of any service by id, and refuses an unknown service before any request", async () => {
    const emu = ctx.emu;
    const d = emu.createTask({ service: "dcs", name: "modify", durationMs: 5_000, outcome: "success" });
    const m = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 5_000, outcome: "success" });
    const [dr, mr] = await Promise.all([
      awaitTaskById({ service: "dcs", taskId: d.id }, opts()),
      awaitTaskById({ service: "rocketmq", instanceId: rmq, taskId: m.id }, opts()),
    ]);
    expect(dr).toMatchObject({ status: "SUCCESS", task: { id: d.id, name: "modify" } });
    expect(mr).toMatchObject({ status: "SUCCESS", task: { id: m.id, name: "restart" } });
    emu.clearRequests();
    await expect(awaitTaskById({ service: "obs", taskId: "t" } as never, opts())).rejects.toMatchObject({ field: "service" });
    await expect(awaitTaskById({ service: "ecs", taskId: "t" } as never, opts())).rejects.toMatchObject({ field: "jobId" });
    await expect(awaitTaskById({ service: "rocketmq", taskId: "t" } as never, opts())).rejects.toMatchObject({ field: "instanceId" });
    expect(emu.requests()).toHaveLength(0);
  });
});

describe("waitForIdle", () => {
  it("holds until a RocketMQ instance has no task in progress", async () => {
    const emu = ctx.emu;
    const instance = "idle-instance";
    emu.addInstance("rocketmq", instance);
    const a = emu.createTask({ service: "rocketmq", name: "restart", scope: instance, durationMs: 20_000 });
    const b = emu.createTask({ service: "rocketmq", name: "extend", scope: instance, durationMs: 45_000 });
    const r = await waitForIdle({ service: "rocketmq", instanceId: instance }, opts());
    expect(r).toMatchObject({ idle: true, busyTaskIds: [], service: "rocketmq", preview: false });
    expect(r.finishedAt).toBeGreaterThanOrEqual(Math.max(a.finishAt, b.finishAt));
  });

  it("holds until a KPS server and a CSMS secret are idle", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-idle" });
    const k = emu.createTask({ service: "kps", name: "RESET", scope: "srv-idle", durationMs: 30_000 });
    const c = emu.createTask({ service: "csms", scope: "db-password", durationMs: 15_000 });
    const [kr, cr] = await Promise.all([
      waitForIdle({ service: "kps", serverId: "srv-idle" }, opts()),
      waitForIdle({ service: "csms", secretName: "db-password" }, opts()),
    ]);
    expect(kr.finishedAt).toBeGreaterThanOrEqual(k.finishAt);
    expect(cr.finishedAt).toBeGreaterThanOrEqual(c.finishAt);
    expect(await waitForIdle({ service: "dcs" }, opts({ timeout: "30m" }))).toMatchObject({ idle: true });
  });

  it("refuses scopes that do not fit the service, before any request", async () => {
    ctx.emu.clearRequests();
    await expect(waitForIdle({ service: "rocketmq" }, opts())).rejects.toMatchObject({ field: "instanceId" });
    await expect(waitForIdle({ service: "kps", secretName: "x" }, opts())).rejects.toBeInstanceOf(InputError);
    await expect(waitForDcsTask({ name: "EXTEND" } as never, opts())).rejects.toMatchObject({ field: "after" });
    await expect(waitForKpsTask({ taskId: "t" }, opts({ timeout: "soon" }))).rejects.toMatchObject({ field: "timeout" });
    await expect(waitForKpsTask({ taskId: "t" }, { ...opts(), timout: "1m" } as WaitOptions)).rejects.toMatchObject({ field: "timout" });
    expect(ctx.emu.requests()).toHaveLength(0);
  });
});

describe("during a preview", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "project", "stack", true);
  });
  afterAll(() => {
    pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "project", "stack", false);
  });

  it("returns the current state at once instead of blocking, unless asked to wait", async () => {
    expect(pulumi.runtime.isDryRun()).toBe(true);
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 3_600_000 });
    const before = emu.requests().length;
    const r = await awaitRocketMqTask({ instanceId: rmq, taskId: t.id }, opts());
    expect(r).toMatchObject({ preview: true, status: expect.stringMatching(/CREATED|EXECUTING/) });
    expect(r.task.phase).toBe("pending");
    expect(emu.requests().length - before).toBe(1);
    const idle = await waitForIdle({ service: "rocketmq", instanceId: rmq }, opts());
    expect(idle).toMatchObject({ idle: false, preview: true });
    expect(idle.busyTaskIds).toContain(t.id);
    await expect(awaitRocketMqTask({ instanceId: rmq, taskId: t.id }, opts({ waitInPreview: true, timeout: "10s" }))).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it("answers NOT_VISIBLE, pending, for a task the service does not show yet (not started before the update)", async () => {
    const byName = await awaitRocketMqTask({ instanceId: rmq, name: "extend", after: ctx.emu.clock.now() + 60_000 }, opts());
    expect(byName).toMatchObject({ preview: true, status: "NOT_VISIBLE", task: { name: "extend", status: "NOT_VISIBLE", phase: "pending" } });
    const byId = await awaitKpsTask({ taskId: "aee8d2fe-5484-4753-9177-5a38dc15546c" }, opts());
    expect(byId).toMatchObject({ preview: true, status: "NOT_VISIBLE", task: { taskId: "aee8d2fe-5484-4753-9177-5a38dc15546c", phase: "pending" } });
  });
});
