/**
 * The DCS and RocketMQ endpoints beyond the task lists, read raw off the wire: one DCS instance's tasks, DCS jobs,
 * DCS instance counts, progress on both services (advancing with the task's stage), RocketMQ's read by id, the
 * paths both services share (routed to the instance's owner), task-level faults by task or job id, and each
 * service's error body.
 */
import { DEFAULT_WORLD } from "../../emulator";
import { raw, useEmulator, type RawAnswer } from "../helpers/emulator";

const ctx = useEmulator({ seed: 5, history: 2 });
const p = () => ctx.emu.projectId;
const dcs = DEFAULT_WORLD.dcsInstances[0].id;
const dcs2 = DEFAULT_WORLD.dcsInstances[1].id;
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
const minute = 60_000;

type Json = Record<string, unknown>;
const body = (a: RawAnswer) => a.json as Json;
const tasks = (a: RawAnswer) => (body(a)["tasks"] ?? []) as Json[];
const get = (path: string, query?: Record<string, string | number>) => raw(ctx.emu, "GET", path, query ? { query } : {});

describe("DCS: one instance's background tasks", () => {
  it("lists only the instance's tasks, the task center's shape, paged by offset/limit and windowed", async () => {
    const emu = ctx.emu;
    for (let i = 0; i < 5; i += 1) emu.createTask({ service: "dcs", name: "EXTEND", scope: dcs2, durationMs: 10 * minute, startInMs: -i * minute });
    const all = await get(`/v2/${p()}/instances/${dcs2}/tasks`, { limit: 1000 });
    expect(all.status).toBe(200);
    expect(typeof body(all)["task_count"]).toBe("string");
    const truth = emu.tasks("dcs").filter((t) => t.scope === dcs2);
    expect(Number(body(all)["task_count"])).toBe(truth.length);
    expect(tasks(all).map((t) => t["id"]).sort()).toEqual(truth.map((t) => t.id).sort());
    for (const t of tasks(all)) expect(JSON.parse(String(t["params"]))).toEqual({ instance_id: dcs2 });
    const second = await get(`/v2/${p()}/instances/${dcs2}/tasks`, { offset: 2, limit: 2 });
    expect(tasks(second).map((t) => t["id"])).toEqual(tasks(all).slice(2, 4).map((t) => t["id"]));
    expect(tasks(await get(`/v2/${p()}/instances/${dcs2}/tasks`, { limit: 10 }))).toHaveLength(Math.min(10, truth.length));
    const none = await get(`/v2/${p()}/instances/${dcs2}/tasks`, { start_time: "20000101000000", end_time: "20000102000000" });
    expect(body(none)).toEqual({ task_count: "0", tasks: [] });
  });

  it("answers DCS's own error body: a bad limit, and an instance nobody has", async () => {
    const bad = await get(`/v2/${p()}/instances/${dcs}/tasks`, { limit: 0 });
    expect(bad.status).toBe(400);
    expect(body(bad)).toEqual({ error_msg: expect.stringContaining("limit"), error_code: "DCS.4800", error_ext_msg: null });
    // A path both services share goes to the instance's owner; one nobody owns is answered by the first (RocketMQ).
    const unknown = await get(`/v2/${p()}/instances/no-such-instance/tasks`);
    expect(unknown.status).toBe(404);
    expect(Object.keys(body(unknown)).sort()).toEqual(["error_code", "error_msg"]);
  });
});

describe("progress", () => {
  it("DCS: percent, seconds left and steps advance with the task's stage; a failed task stops at its last step", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "dcs", name: "EXTEND", scope: dcs, durationMs: 10 * minute, outcome: "failure", errorCode: "DCS.4049" });
    const progress = async () => body(await get(`/v2/${p()}/instances/${dcs}/tasks/${t.id}/progress`));
    const first = await progress();
    expect(first).toMatchObject({ progress: 0, remain_time: expect.any(Number) });
    expect((first["step_details"] as Json[]).map((s) => s["step_status"])).toEqual(["WAITING", "WAITING", "WAITING"]);
    emu.clock.advance(5 * minute);
    const mid = await progress();
    expect(mid["progress"]).toBeGreaterThanOrEqual(40);
    expect(mid["progress"]).toBeLessThan(60);
    expect(mid["remain_time"]).toBeGreaterThan(250);
    expect(mid["remain_time"]).toBeLessThanOrEqual(300);
    expect((mid["step_details"] as Json[]).map((s) => s["step_status"])).toEqual(["FINISH", "EXECUTING", "WAITING"]);
    expect((mid["step_details"] as Json[])[0]).toMatchObject({ step_id: "1", begin_time: expect.stringMatching(/Z$/), end_time: expect.stringMatching(/Z$/) });
    emu.clock.advance(6 * minute);
    const end = await progress();
    expect(end).toMatchObject({ progress: 66, remain_time: 0 });
    expect((end["step_details"] as Json[]).map((s) => [s["step_status"], s["error_code"]])).toEqual([["FINISH", null], ["FINISH", null], ["FAILED", "DCS.4049"]]);
  });

  it("DCS: 404 in DCS's shape for a task of another instance, or none", async () => {
    const t = ctx.emu.createTask({ service: "dcs", name: "BindEip", scope: dcs2, durationMs: minute });
    for (const path of [`/v2/${p()}/instances/${dcs}/tasks/${t.id}/progress`, `/v2/${p()}/instances/${dcs}/tasks/0123456789abcdef0123456789abcdef/progress`]) {
      const a = await get(path);
      expect(a.status).toBe(404);
      expect(body(a)).toMatchObject({ error_code: "DCS.4404", error_ext_msg: null });
    }
  });

  it("RocketMQ: a scale-up reports progress_percentage and steps with `statue` and epoch-ms numbers; a restart has none", async () => {
    const emu = ctx.emu;
    const extend = emu.createTask({ service: "rocketmq", name: "extend", scope: rmq, durationMs: 10 * minute, outcome: "success" });
    emu.clock.advance(7 * minute);
    const a = await get(`/v2/${p()}/instances/${rmq}/tasks/${extend.id}/progress`);
    expect(a.status).toBe(200);
    expect(body(a)["progress_percentage"]).toBeGreaterThanOrEqual(60);
    const steps = body(a)["step_list"] as Json[];
    expect(steps.map((s) => s["statue"])).toEqual(["COMPLETED", "COMPLETED", "IN_PROGRESS"]);
    expect(typeof steps[0]?.["start_time"]).toBe("number");
    expect(steps[2]?.["end_time"]).toBeNull();
    const restart = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 10 * minute });
    const none = await get(`/v2/${p()}/instances/${rmq}/tasks/${restart.id}/progress`);
    expect(none.status).toBe(404);
    expect(Object.keys(body(none)).sort()).toEqual(["error_code", "error_msg"]);
  });
});

describe("RocketMQ: one task by id", () => {
  it("answers in the list's shape; 404 in DMS's shape for an unknown id or another instance's task", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: minute, outcome: "success" });
    const a = await get(`/v2/${p()}/instances/${rmq}/tasks/${t.id}`);
    expect(body(a)).toMatchObject({ task_count: "1", tasks: [{ id: t.id, name: "restart", status: "CREATED" }] });
    emu.clock.advance(2 * minute);
    expect(tasks(await get(`/v2/${p()}/instances/${rmq}/tasks/${t.id}`))[0]).toMatchObject({ status: "SUCCESS" });
    const other = DEFAULT_WORLD.rocketmqInstances[1].id;
    for (const path of [`/v2/${p()}/instances/${rmq}/tasks/0123456789abcdef0123456789abcdef`, `/v2/${p()}/instances/${other}/tasks/${t.id}`]) {
      const miss = await get(path);
      expect(miss.status).toBe(404);
      expect(body(miss)).toEqual({ error_code: "DMS.00404022", error_msg: expect.any(String) });
    }
  });

  it("honours task-level faults: vanish (404), unknown-status", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: minute });
    emu.fault({ fault: { kind: "vanish", taskId: t.id } });
    expect((await get(`/v2/${p()}/instances/${rmq}/tasks/${t.id}`)).status).toBe(404);
    emu.fault({ fault: { kind: "unknown-status", taskId: t.id, status: "PAUSED" } });
    expect(tasks(await get(`/v2/${p()}/instances/${rmq}/tasks/${t.id}`))[0]).toMatchObject({ status: "PAUSED" });
  });
});

describe("DCS jobs", () => {
  it("plays INIT → RUNNING → SUCCESS with epoch-ms times as text", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: dcs, durationMs: minute, outcome: "success" });
    expect(t.jobId).toMatch(/^[0-9a-f]{32}$/);
    const job = async () => body(await get(`/v2/${p()}/jobs/${t.jobId}`));
    expect(await job()).toEqual({ job_id: t.jobId, job_type: "masterStandbySwapJob", status: "INIT", begin_time: String(t.createdAt), end_time: null, fail_reason: null });
    emu.clock.advance(minute / 2);
    expect((await job())["status"]).toBe("RUNNING");
    emu.clock.advance(minute);
    expect(await job()).toMatchObject({ status: "SUCCESS", end_time: String(t.finishAt) });
  });

  it("ends a failed job in FAIL with its fail_reason; an unknown job is DCS's 404", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "dcs", name: "modifyBandwidth", scope: dcs, durationMs: minute, outcome: "failure", errorMsg: "bandwidth quota exceeded" });
    emu.clock.advance(2 * minute);
    expect(body(await get(`/v2/${p()}/jobs/${t.jobId}`))).toMatchObject({ status: "FAIL", fail_reason: "bandwidth quota exceeded" });
    const none = await get(`/v2/${p()}/jobs/ffffffffffffffffffffffffffffffff`);
    expect(none.status).toBe(404);
    expect(body(none)).toEqual({ error_msg: expect.any(String), error_code: "DCS.4404", error_ext_msg: null });
  });

  it("honours task-level faults naming the job id, not the task's", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "dcs", name: "masterStandbySwapJob", scope: dcs, durationMs: 10 * minute });
    emu.fault({ fault: { kind: "unknown-status", taskId: String(t.jobId), status: "PAUSED" } });
    expect(body(await get(`/v2/${p()}/jobs/${t.jobId}`))["status"]).toBe("PAUSED");
    emu.fault({ fault: { kind: "task-error", taskId: String(t.jobId), status: 500, errorCode: "DCS.5000" } });
    const err = await get(`/v2/${p()}/jobs/${t.jobId}`);
    expect([err.status, body(err)["error_code"]]).toEqual([500, "DCS.5000"]);
    emu.fault({ fault: { kind: "vanish", taskId: String(t.jobId) } });
    expect((await get(`/v2/${p()}/jobs/${t.jobId}`)).status).toBe(404);
    // The task itself is untouched by faults on its job.
    const center = await get(`/v2/${p()}/instances/${dcs}/tasks`, { limit: 1000 });
    expect(tasks(center).find((x) => x["id"] === t.id)).toMatchObject({ status: "EXECUTING" });
  });
});

describe("DCS instance counts", () => {
  it("counts instances per status and engine; failed creations only with include_failure=true", async () => {
    const emu = ctx.emu;
    emu.addInstance("dcs", "dcs-count-error", "e", { status: "ERROR" });
    emu.addInstance("dcs", "dcs-count-failed", "f", { status: "CREATEFAILED", engine: "Memcached" });
    emu.addInstance("dcs", "dcs-count-mc", "m", { engine: "Memcached" });
    emu.addInstance("dcs", "dcs-count-resizing", "r");
    emu.createTask({ service: "dcs", name: "EXTEND", scope: "dcs-count-resizing", durationMs: 60 * minute });
    const without = body(await get(`/v2/${p()}/instances/status`));
    expect(without).not.toHaveProperty("createfailed_count");
    expect(without).toMatchObject({ error_count: 1, extending_count: expect.any(Number), memcached: { running_count: 1 } });
    expect(without["extending_count"]).toBeGreaterThanOrEqual(1);
    const running = Number(without["running_count"]);
    const withFailures = body(await get(`/v2/${p()}/instances/status`, { include_failure: "true" }));
    expect(withFailures).toMatchObject({ createfailed_count: 1, running_count: running, memcached: { createfailed_count: 1, running_count: 1 } });
    const bad = await get(`/v2/${p()}/instances/status`, { include_failure: "yes" });
    expect([bad.status, body(bad)["error_code"]]).toEqual([400, "DCS.4800"]);
  });
});
