/**
 * RocketMQ's read by id and progress, and KPS's failed-task cleanup, against the emulator on its time-scaled clock:
 * a task the instance's list does not show is read by id (the authoritative read: success, failure, not found, an
 * error of its own), `getRocketMqTask`, progress of a scale-up (and of a task type without progress: read once), and
 * the deletion of failed-task records.
 */
import {
  ApiError,
  TaskFailedError,
  TaskNotFoundError,
  awaitRocketMqTask,
  deleteAllKpsFailedTasks,
  deleteKpsFailedTask,
  getKpsFailedTasks,
  getKpsTask,
  getRocketMqTask,
  getRocketMqTaskOutput,
  waitForRocketMqTask,
  type TaskApiOptions,
  type WaitEvent,
  type WaitOptions,
} from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { resolveOutput } from "../helpers/pulumi";

const ctx = useEmulator({ timeScale: 200, seed: 62, history: 3 });
const minute = 60_000;
let instanceSeq = 0;

const opts = (extra: WaitOptions = {}): WaitOptions => ({ ...ctx.emu.settings(), sources: { env: {} }, clock: ctx.emu.clock, ...extra });
const api = (): TaskApiOptions => ({ ...ctx.emu.settings(), sources: { env: {} } });

function instance(): string {
  const id = `rmq-more-${++instanceSeq}`;
  ctx.emu.addInstance("rocketmq", id);
  return id;
}

const reads = (operation: string, instanceId: string) => ctx.emu.requests({ service: "rocketmq", operation }).filter((r) => r.params["instance_id"] === instanceId);

describe("RocketMQ: a task the list does not show is read by id", () => {
  afterEach(() => ctx.emu.clearFaults());

  it("succeeds on the read by id while the list leaves the task out", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: 2 * minute, outcome: "success" });
    ctx.emu.fault({ fault: { kind: "omit", taskId: t.id }, count: 1000 });
    ctx.emu.clearRequests();
    const r = await awaitRocketMqTask({ instanceId: id, taskId: t.id }, opts());
    expect(r).toMatchObject({ status: "SUCCESS", task: { id: t.id, name: "restart", phase: "succeeded" } });
    expect(r.finishedAt).toBeGreaterThanOrEqual(t.finishAt);
    expect(reads("ShowBackgroundTask", id).length).toBeGreaterThan(0);
    expect(reads("ListBackgroundTasks", id).length).toBeGreaterThan(0);
  });

  it("fails with the status the read by id shows", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "extend", scope: id, durationMs: minute, outcome: "failure" });
    ctx.emu.fault({ fault: { kind: "omit", taskId: t.id }, count: 1000 });
    const err = await waitForRocketMqTask({ instanceId: id, taskId: t.id }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ service: "rocketmq", taskId: t.id, status: "FAILED" });
  });

  it("reads by id only the task the list leaves out", async () => {
    const id = instance();
    const listed = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: minute, outcome: "success" });
    const hidden = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: minute / 2, outcome: "success" });
    ctx.emu.fault({ fault: { kind: "omit", taskId: hidden.id }, count: 1000 });
    ctx.emu.clearRequests();
    await Promise.all([waitForRocketMqTask({ instanceId: id, taskId: listed.id }, opts()), waitForRocketMqTask({ instanceId: id, taskId: hidden.id }, opts())]);
    const byId = reads("ShowBackgroundTask", id);
    expect(byId.length).toBeGreaterThan(0);
    expect(byId.every((r) => r.params["task_id"] === hidden.id)).toBe(true);
  });

  it("a task neither the list nor the read by id shows is not found, with the service's 404", async () => {
    const id = instance();
    const err = await waitForRocketMqTask({ instanceId: id, taskId: "0123456789abcdef0123456789abcdef" }, opts({ notFoundGraceMs: 20_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskNotFoundError);
    expect(err).toMatchObject({ service: "rocketmq", errorCode: "DMS.00404022" });
  });

  it("an error of the read by id is that task's own: its neighbour on the list finishes", async () => {
    const id = instance();
    const ok = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: minute, outcome: "success" });
    const broken = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: 10 * minute });
    ctx.emu.fault({ fault: { kind: "omit", taskId: broken.id }, count: 1000 });
    ctx.emu.fault({ fault: { kind: "task-error", taskId: broken.id, status: 400, errorCode: "DMS.00400002" }, count: 1000 });
    const [a, b] = await Promise.all([
      waitForRocketMqTask({ instanceId: id, taskId: ok.id }, opts()).catch((e: unknown) => e),
      waitForRocketMqTask({ instanceId: id, taskId: broken.id }, opts()).catch((e: unknown) => e),
    ]);
    expect(a).toMatchObject({ id: ok.id, status: "SUCCESS" });
    expect(b).toBeInstanceOf(ApiError);
    expect(b).toMatchObject({ status: 400, errorCode: "DMS.00400002" });
  });

  it("a list that fails for a reason retrying will not fix leaves a wait by id to its read by id", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: minute, outcome: "success" });
    ctx.emu.fault({ fault: { kind: "status", status: 400, errorCode: "DMS.00400002" }, match: { operation: "ListBackgroundTasks" }, count: 1000 });
    const r = await awaitRocketMqTask({ instanceId: id, taskId: t.id }, opts());
    expect(r.status).toBe("SUCCESS");
  });
});

describe("getRocketMqTask", () => {
  it("reads one task by id; its Output twin too; an unknown one is the service's 404", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "bindInstancePublicIp", scope: id, durationMs: minute });
    expect(await getRocketMqTask({ instanceId: id, taskId: t.id }, api())).toMatchObject({ id: t.id, name: "bindInstancePublicIp", status: "CREATED", phase: "pending" });
    expect(await resolveOutput(getRocketMqTaskOutput({ instanceId: id, taskId: Promise.resolve(t.id) }, api()))).toMatchObject({ id: t.id });
    await expect(getRocketMqTask({ instanceId: id, taskId: "0123456789abcdef0123456789abcdef" }, api())).rejects.toMatchObject({ status: 404, errorCode: "DMS.00404022" });
    await expect(getRocketMqTask({ instanceId: id, taskId: "a/b" }, api())).rejects.toMatchObject({ field: "taskId" });
  });
});

describe("RocketMQ progress", () => {
  it("a scale-up reports percent and time left while it runs", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "extend", scope: id, durationMs: 8 * minute, outcome: "success" });
    const events: WaitEvent[] = [];
    const r = await awaitRocketMqTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    const progress = events.filter((e): e is Extract<WaitEvent, { type: "progress" }> => e.type === "progress");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.name === "extend" && p.percent !== undefined && p.remainingMs !== undefined)).toBe(true);
    expect(progress.some((p) => p.step !== undefined)).toBe(true);
    expect(events.some((e) => e.type === "progress-unavailable")).toBe(false);
  });

  it("a task type without progress is read once, reported once, and the wait goes on", async () => {
    const id = instance();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: id, durationMs: 6 * minute, outcome: "success" });
    const events: WaitEvent[] = [];
    ctx.emu.clearRequests();
    const r = await awaitRocketMqTask({ instanceId: id, taskId: t.id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.status).toBe("SUCCESS");
    expect(r.polls).toBeGreaterThan(1);
    expect(events.filter((e) => e.type === "progress-unavailable")).toEqual([expect.objectContaining({ message: expect.stringContaining("404") })]);
    expect(reads("ShowBackgroundTaskProgress", id)).toHaveLength(1);
  });
});

describe("KPS failed-task cleanup", () => {
  const failed = (serverId: string) => ctx.emu.createTask({ service: "kps", name: "RESET", scope: serverId, durationMs: 1000, startInMs: -minute, outcome: "failure" });

  it("deleteKpsFailedTask removes one record from failed-tasks; the task is still read by id", async () => {
    ctx.emu.addServer({ id: "srv-cleanup-1" });
    const a = failed("srv-cleanup-1");
    const b = failed("srv-cleanup-1");
    const r = await deleteKpsFailedTask({ taskId: a.id }, api());
    expect(r.requestId).toMatch(/^[0-9a-f]{32}$/);
    const left = (await getKpsFailedTasks({ serverId: "srv-cleanup-1" }, api())).tasks.map((t) => t.taskId);
    expect(left).toEqual([b.id]);
    expect(await getKpsTask({ taskId: a.id }, api())).toMatchObject({ taskStatus: "FAILED_RESET" });
  });

  it("refuses a task that is not failed with the service's 400, and a bad id before any request", async () => {
    ctx.emu.addServer({ id: "srv-cleanup-2" });
    const running = ctx.emu.createTask({ service: "kps", name: "RESET", scope: "srv-cleanup-2", durationMs: 10 * minute });
    await expect(deleteKpsFailedTask({ taskId: running.id }, api())).rejects.toMatchObject({ status: 400, errorCode: "KPS.0020" });
    ctx.emu.clearRequests();
    await expect(deleteKpsFailedTask({ taskId: "../x" }, api())).rejects.toMatchObject({ field: "taskId" });
    await expect(deleteKpsFailedTask({ taskId: "t", extra: 1 } as never, api())).rejects.toMatchObject({ field: "extra" });
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  it("deleteAllKpsFailedTasks empties failed-tasks", async () => {
    ctx.emu.addServer({ id: "srv-cleanup-3" });
    failed("srv-cleanup-3");
    expect((await getKpsFailedTasks({}, api())).total).toBeGreaterThan(0);
    await deleteAllKpsFailedTasks(api());
    expect(await getKpsFailedTasks({}, api())).toMatchObject({ total: 0, tasks: [] });
  });
});
