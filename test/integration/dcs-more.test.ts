/**
 * DCS beyond the task center, against the emulator on its time-scaled clock: one instance's task list (data source,
 * waits and gates read it, one list per instance per tick shared by every waiter), progress while a wait runs (and
 * a progress API that fails), DCS jobs (read, awaited: success, failure with `fail_reason`, timeout, not found,
 * faults) and the instance counts.
 */
import { DEFAULT_WORLD } from "../../emulator";
import {
  TaskFailedError,
  TaskNotFoundError,
  WaitTimeoutError,
  awaitDcsJob,
  awaitDcsTask,
  getDcsInstanceStatusCounts,
  getDcsInstanceStatusCountsOutput,
  getDcsInstanceTasks,
  getDcsInstanceTasksOutput,
  getDcsJob,
  getDcsJobOutput,
  waitForDcsJob,
  waitForDcsTask,
  waitForIdle,
  type TaskApiOptions,
  type WaitEvent,
  type WaitOptions,
} from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { resolveOutput } from "../helpers/pulumi";

const ctx = useEmulator({ timeScale: 200, seed: 61, history: 3 });
const minute = 60_000;
let instanceSeq = 0;

function opts(extra: WaitOptions = {}): WaitOptions {
  return { ...ctx.emu.settings(), sources: { env: {} }, clock: ctx.emu.clock, ...extra };
}

/** Options of the data sources (no wait options). */
function api(): TaskApiOptions {
  return { ...ctx.emu.settings(), sources: { env: {} } };
}

/** A fresh DCS instance, so that each test's request counts are its own. */
function instance(): string {
  const id = `dcs-more-${++instanceSeq}`;
  ctx.emu.addInstance("dcs", id);
  return id;
}

const ops = (operation: string, instanceId?: string) =>
  ctx.emu.requests({ service: "dcs", operation }).filter((r) => instanceId === undefined || r.params["instance_id"] === instanceId);

describe("getDcsInstanceTasks", () => {
  it("reads every page of one instance's tasks (numbers as numbers, camelCase), and its Output twin too", async () => {
    const id = instance();
    const made = Array.from({ length: 7 }, (_, i) => ctx.emu.createTask({ service: "dcs", name: "BindEip", scope: id, durationMs: minute, startInMs: -i * minute }));
    ctx.emu.createTask({ service: "dcs", name: "BindEip", scope: DEFAULT_WORLD.dcsInstances[0].id, durationMs: minute });
    const r = await getDcsInstanceTasks({ instanceId: id, pageSize: 3 }, api());
    expect(r.taskCount).toBe(7);
    expect(r.tasks.map((t) => t.id).sort()).toEqual(made.map((t) => t.id).sort());
    expect(r.requestIds).toHaveLength(3);
    expect(r.truncated).toBe(false);
    expect(r.tasks[0]).toMatchObject({ name: "BindEip", jobId: expect.stringMatching(/^[0-9a-f]{32}$/), phase: expect.any(String) });
    const capped = await resolveOutput(getDcsInstanceTasksOutput({ instanceId: Promise.resolve(id), maxItems: 4, pageSize: 2 }, api()));
    expect(capped).toMatchObject({ taskCount: 7, truncated: true });
    expect(capped.tasks).toHaveLength(4);
  });

  it("refuses a bad instance id or window before any request", async () => {
    ctx.emu.clearRequests();
    await expect(getDcsInstanceTasks({ instanceId: "../x" }, api())).rejects.toMatchObject({ field: "instanceId" });
    await expect(getDcsInstanceTasks({ instanceId: "i", startTime: "2024-02-01T00:00:00Z", endTime: "2024-01-01T00:00:00Z" }, api())).rejects.toMatchObject({ field: "endTime" });
    expect(ctx.emu.requests()).toHaveLength(0);
  });
});

describe("waitForDcsTask on an instance", () => {
  it("reads the instance's list, one per tick shared by every waiter, never the task center", async () => {
    const id = instance();
    const names = ["AddReplica", "AddReplica", "DelReplica", "AddReplica"];
    const ts = [3, 4, 5, 6].map((m, i) => ctx.emu.createTask({ service: "dcs", name: names[i], scope: id, durationMs: m * minute, outcome: "success" }));
    ctx.emu.clearRequests();
    const results = await Promise.all([
      awaitDcsTask({ instanceId: id, taskId: (ts[0] as { id: string }).id }, opts()),
      awaitDcsTask({ instanceId: id, jobId: String(ts[1]?.jobId) }, opts()),
      awaitDcsTask({ instanceId: id, name: "DelReplica", after: ts[2]?.createdAt ?? 0 }, opts()),
      awaitDcsTask({ instanceId: id, taskId: (ts[3] as { id: string }).id }, opts()),
    ]);
    expect(results.map((r) => r.task.id)).toEqual(ts.map((t) => t.id));
    results.forEach((r, i) => expect(r.finishedAt).toBeGreaterThanOrEqual(ts[i]?.finishAt ?? Infinity));
    const lists = ops("ListBackgroundTask", id).length;
    expect(ops("ListCenterTask")).toHaveLength(0);
    // One list per tick for all four: fewer reads than the looks the four waits made together.
    expect(lists).toBeGreaterThan(0);
    expect(lists).toBeLessThan(results.reduce((n, r) => n + r.polls, 0));
  });

  it("fails with the task's error_code; times out with the last status", async () => {
    const id = instance();
    const bad = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 2 * minute, outcome: "failure", errorCode: "DCS.4049" });
    const err = await waitForDcsTask({ instanceId: id, taskId: bad.id }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ service: "dcs", taskId: bad.id, status: "FAILED", errorCode: "DCS.4049" });
    const slow = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 120 * minute });
    const late = await waitForDcsTask({ instanceId: id, taskId: slow.id }, opts({ timeout: "5m" })).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(WaitTimeoutError);
    expect(late).toMatchObject({ lastStatus: "EXECUTING" });
  });

  it("a task of another instance is not found there", async () => {
    const elsewhere = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: DEFAULT_WORLD.dcsInstances[0].id, durationMs: minute });
    const err = await waitForDcsTask({ instanceId: instance(), taskId: elsewhere.id }, opts({ notFoundGraceMs: 20_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskNotFoundError);
  });
});

describe("progress while a DCS wait runs", () => {
  afterEach(() => ctx.emu.clearFaults());

  it("reports percent, the time left and the step in progress, read only while the task is pending", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 10 * minute, outcome: "success", extra: { enableShow: true } });
    const events: WaitEvent[] = [];
    ctx.emu.clearRequests();
    const r = await awaitDcsTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    const progress = events.filter((e): e is Extract<WaitEvent, { type: "progress" }> => e.type === "progress");
    expect(progress.length).toBeGreaterThan(0);
    // A progress read follows the look that saw the task pending; on a busy machine the task (10 min of the
    // emulator's time: a few hundred ms here) may have reached its end in between, so 100 % is a fair answer.
    for (const p of progress) {
      expect(p).toMatchObject({ name: "EXTEND", status: "EXECUTING" });
      expect(p.percent).toBeGreaterThanOrEqual(0);
      expect(p.percent).toBeLessThanOrEqual(100);
      expect(p.remainingMs).toBeGreaterThanOrEqual(0);
      expect(p.remainingMs).toBeLessThanOrEqual(10 * minute);
    }
    expect(progress.some((p) => (p.percent ?? 100) < 100)).toBe(true);
    const percents = progress.map((p) => p.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // At most once per pending look (one read at a time, beside the wait), never after the verdict: a read still in
    // flight when the verdict comes is ended, and reports nothing.
    const reads = ops("ShowBackgroundTaskProgress", id);
    expect(reads.length).toBeGreaterThanOrEqual(progress.length);
    expect(reads.length).toBeLessThanOrEqual(progress.length + 1);
    expect(events.filter((e) => e.type === "progress-unavailable")).toEqual([]);
    expect(events.findIndex((e) => e.type === "progress")).toBeLessThan(events.findIndex((e) => e.type === "done"));
  });

  it("is not read for a caller that does not observe progress, nor for a task without step details", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 3 * minute, outcome: "success", extra: { enableShow: true } });
    const hidden = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 3 * minute, outcome: "success", extra: { enableShow: false } });
    ctx.emu.clearRequests();
    await waitForDcsTask({ instanceId: id, taskId: t.id }, opts());
    const events: WaitEvent[] = [];
    await waitForDcsTask({ instanceId: id, taskId: hidden.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(ops("ShowBackgroundTaskProgress")).toHaveLength(0);
    expect(events.some((e) => e.type === "progress")).toBe(false);
  });

  it("finds the instance of a task-center task in its parameters", async () => {
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: instance(), durationMs: 5 * minute, outcome: "success", extra: { enableShow: true } });
    const events: WaitEvent[] = [];
    await waitForDcsTask({ taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(events.some((e) => e.type === "progress")).toBe(true);
  });

  it("a progress API that keeps failing never fails the wait, and is reported once", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 8 * minute, outcome: "success", extra: { enableShow: true } });
    ctx.emu.fault({ fault: { kind: "status", status: 503 }, match: { service: "dcs", operation: "ShowBackgroundTaskProgress" }, count: 1000 });
    const events: WaitEvent[] = [];
    ctx.emu.clearRequests();
    const r = await awaitDcsTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    expect(events.filter((e) => e.type === "progress-unavailable")).toEqual([expect.objectContaining({ message: expect.stringContaining("503") })]);
    expect(events.filter((e) => e.type === "transient-error")).toEqual([]);
    // A transient failure is tried again at the next look (one attempt each, no retries).
    expect(ops("ShowBackgroundTaskProgress", id).every((x) => x.status === 503)).toBe(true);
    expect(ops("ShowBackgroundTaskProgress", id).length).toBeGreaterThan(1);
  });

  it("a progress API that hangs never holds a look: its one read stays open beside the wait and ends with it", async () => {
    const id = instance();
    // 30 s of emulator time, about 150 ms here: far inside the progress read's 10 s (real) limit, even on a busy
    // machine; a look held by that read (as before) would end it with a progress-unavailable report.
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 30_000, outcome: "success", extra: { enableShow: true } });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { service: "dcs", operation: "ShowBackgroundTaskProgress" }, count: 1000 });
    const events: WaitEvent[] = [];
    ctx.emu.clearRequests();
    const r = await awaitDcsTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    expect(r.polls).toBeGreaterThan(1);
    // Every look after the first went on while that read hung (a read per look would be one per pending look).
    expect(ops("ShowBackgroundTaskProgress", id).length).toBeLessThanOrEqual(1);
    // Ended by the verdict, not by its 10 s timeout: nothing reported.
    expect(events.filter((e) => e.type === "progress" || e.type === "progress-unavailable")).toEqual([]);
  });

  it("a progress API that is absent (404) is read once, reported once, and left alone", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 8 * minute, outcome: "success", extra: { enableShow: true } });
    ctx.emu.fault({ fault: { kind: "status", status: 404 }, match: { service: "dcs", operation: "ShowBackgroundTaskProgress" }, count: 1000 });
    const events: WaitEvent[] = [];
    ctx.emu.clearRequests();
    const r = await awaitDcsTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    expect(r.polls).toBeGreaterThan(1);
    expect(events.filter((e) => e.type === "progress-unavailable")).toHaveLength(1);
    expect(ops("ShowBackgroundTaskProgress", id)).toHaveLength(1);
  });
});

describe("waitForIdle on a DCS instance", () => {
  it("reads the instance's own list and holds until its tasks end", async () => {
    const id = instance();
    const a = ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: id, durationMs: 2 * minute });
    const b = ctx.emu.createTask({ service: "dcs", name: "BindEip", scope: id, durationMs: 4 * minute });
    ctx.emu.createTask({ service: "dcs", name: "EXTEND", scope: DEFAULT_WORLD.dcsInstances[1].id, durationMs: 600 * minute });
    ctx.emu.clearRequests();
    const r = await waitForIdle({ service: "dcs", instanceId: id }, opts());
    expect(r).toMatchObject({ idle: true, scope: `instance ${id}` });
    expect(r.finishedAt).toBeGreaterThanOrEqual(Math.max(a.finishAt, b.finishAt));
    expect(ops("ListCenterTask")).toHaveLength(0);
    expect(ops("ListBackgroundTask", id).length).toBeGreaterThan(0);
  });
});

describe("DCS jobs", () => {
  it("getDcsJob reads a job: type, status, epoch-ms times as numbers; its Output twin too", async () => {
    const t = ctx.emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: instance(), durationMs: minute, outcome: "success" });
    const jobId = String(t.jobId);
    expect(await getDcsJob({ jobId }, api())).toEqual({
      jobId,
      jobType: "masterStandbySwapJob",
      status: "INIT",
      phase: "pending",
      beginTime: t.createdAt,
      endTime: undefined,
      failReason: undefined,
    });
    ctx.emu.clock.advance(2 * minute);
    expect(await resolveOutput(getDcsJobOutput({ jobId: Promise.resolve(jobId) }, api()))).toMatchObject({ status: "SUCCESS", phase: "succeeded", endTime: t.finishAt });
  });

  it("waitForDcsJob resolves when the job succeeds, after its end", async () => {
    const t = ctx.emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: instance(), durationMs: 90_000, outcome: "success" });
    const r = await awaitDcsJob({ jobId: String(t.jobId) }, opts());
    expect(r).toMatchObject({ status: "SUCCESS", task: { jobType: "masterStandbySwapJob", phase: "succeeded" } });
    expect(r.finishedAt).toBeGreaterThanOrEqual(t.finishAt);
  });

  it("fails with the job's fail_reason; times out; a job the service does not show is not found", async () => {
    const id = instance();
    const bad = ctx.emu.createTask({ service: "dcs", name: "modifyBandwidth", scope: id, durationMs: minute, outcome: "failure", errorMsg: "bandwidth quota exceeded" });
    const err = await waitForDcsJob({ jobId: String(bad.jobId) }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ service: "dcs", taskId: bad.jobId, status: "FAIL", errorMessage: "bandwidth quota exceeded" });
    expect((err as Error).message).toContain("bandwidth quota exceeded");
    const slow = ctx.emu.createTask({ service: "dcs", name: "modifyBandwidth", scope: id, durationMs: 120 * minute });
    await expect(waitForDcsJob({ jobId: String(slow.jobId) }, opts({ timeout: "5m" }))).rejects.toMatchObject({ name: "WaitTimeoutError", lastStatus: "INIT" });
    const missing = await waitForDcsJob({ jobId: "ffffffffffffffffffffffffffffffff" }, opts({ notFoundGraceMs: 20_000 })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TaskNotFoundError);
    expect(missing).toMatchObject({ errorCode: "DCS.4404", taskId: "ffffffffffffffffffffffffffffffff" });
  });

  it("polls through a job read that fails for a moment, and shares one read of a job between its waiters", async () => {
    const t = ctx.emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: instance(), durationMs: 2 * minute, outcome: "success" });
    const jobId = String(t.jobId);
    ctx.emu.fault({ fault: { kind: "task-error", taskId: jobId, status: 503 }, count: 2 });
    ctx.emu.clearRequests();
    const events: WaitEvent[] = [];
    // No client retries: each 503 reaches the wait, which polls on.
    const noRetries = { maxRetries: 0 };
    const [a, b] = await Promise.all([awaitDcsJob({ jobId }, opts({ ...noRetries, onProgress: (e) => events.push(e) })), awaitDcsJob({ jobId }, opts(noRetries))]);
    expect([a.status, b.status]).toEqual(["SUCCESS", "SUCCESS"]);
    expect(events.some((e) => e.type === "transient-error")).toBe(true);
    const reads = ctx.emu.requests({ operation: "ShowJobInfo" });
    expect(reads.length).toBeLessThan(a.polls + b.polls);
  });
});

describe("getDcsInstanceStatusCounts", () => {
  it("counts instances per status, per engine, with failed creations on request; missing counters are 0", async () => {
    ctx.emu.addInstance("dcs", "dcs-more-broken", "broken", { status: "CREATEFAILED", engine: "Memcached" });
    const plain = await getDcsInstanceStatusCounts({}, api());
    expect(plain.all.createFailed).toBe(0);
    expect(plain.all.running).toBeGreaterThanOrEqual(2);
    expect(plain.requestId).toMatch(/^[0-9a-f]{32}$/);
    const all = await resolveOutput(getDcsInstanceStatusCountsOutput({ includeFailure: true }, api()));
    expect(all.all.createFailed).toBe(1);
    expect(all.memcached.createFailed).toBe(1);
    expect(all.all.running).toBe(plain.all.running);
    expect(Object.values(all.redis).every((n) => typeof n === "number")).toBe(true);
    await expect(getDcsInstanceStatusCounts({ includeFailure: "yes" } as never, api())).rejects.toMatchObject({ field: "includeFailure" });
  });
});
