/**
 * The pure parts of the DCS job, DCS progress and RocketMQ by-id readers: a snapshot or an answer in, one waiter's
 * read (or a result) out. A job read is authoritative; a 404 by id is "not found"; an error by id is that task's;
 * a list that could not be read leaves waits by id to their reads by id, and gates with its error.
 */
import { ApiError } from "../../../provider/errors";
import { observeRead } from "../../../provider/core/plan";
import { describeProgress, percentOf, remainingOf } from "../../../provider/core/progress";
import { classifier } from "../../../provider/core/status";
import { DCS_JOB_STATUSES, epochMs, toDcsJob, toInstanceStatusCounts } from "../../../provider/tasks/dcs/job-model";
import { dcsJobRead, type DcsJobSnapshot } from "../../../provider/tasks/dcs/job-watch";
import { dcsTaskInstance, toDcsProgress } from "../../../provider/tasks/dcs/progress";
import { ROCKETMQ_STATUSES, toRocketMqTask } from "../../../provider/tasks/rocketmq/model";
import { toRocketMqProgress } from "../../../provider/tasks/rocketmq/progress";
import { rocketmqBusy, rocketmqRead, type RocketMqSnapshot } from "../../../provider/tasks/rocketmq/watch";

const NOW = Date.parse("2026-11-30T12:00:00.000Z");
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();
const notFound = new ApiError({ service: "dcs", operation: "ShowJobInfo", status: 404, errorCode: "DCS.4404", attempts: 1 });
const badRequest = new ApiError({ service: "rocketmq", operation: "ShowBackgroundTask", status: 400, errorCode: "DMS.00400002", attempts: 1 });

describe("DCS jobs", () => {
  const wire = (status: string, extra: Record<string, unknown> = {}) => ({ job_id: "j1", job_type: "masterStandbySwapJob", status, begin_time: String(NOW - 90_000), end_time: "", fail_reason: null, ...extra });
  const snap = (r: DcsJobSnapshot["byId"] extends ReadonlyMap<string, infer V> ? V : never): DcsJobSnapshot => ({ byId: new Map([["j1", r]]) });
  const observe = (s: DcsJobSnapshot) => observeRead(dcsJobRead(s, "j1", NOW), classifier(DCS_JOB_STATUSES), DCS_JOB_STATUSES);

  it("maps a job: epoch-ms text to numbers, empty texts to nothing, statuses normalised", () => {
    expect(toDcsJob(wire(" running "))).toEqual({ jobId: "j1", jobType: "masterStandbySwapJob", status: "RUNNING", phase: "pending", beginTime: NOW - 90_000, endTime: undefined, failReason: undefined });
    expect(toDcsJob(wire("FAIL", { end_time: NOW, fail_reason: "quota" }))).toMatchObject({ phase: "failed", endTime: NOW, failReason: "quota" });
    expect(toDcsJob(wire("SUCCESS", { job_type: "", begin_time: null }))).toMatchObject({ phase: "succeeded", jobType: undefined, beginTime: undefined });
    expect([epochMs("1684191545379"), epochMs(1684191545379), epochMs("2023-05-15T22:59:05.379Z"), epochMs("soon"), epochMs(" "), epochMs(null)]).toEqual([
      1684191545379, 1684191545379, 1684191545379, undefined, undefined, undefined,
    ]);
  });

  it("a job's read decides: INIT/RUNNING pending with its age, SUCCESS, FAIL with its reason", () => {
    expect(observe(snap({ ok: true, wire: wire("INIT"), requestId: "r" }))).toMatchObject({ kind: "pending", status: "INIT", taskAgeMs: 90_000, known: true });
    expect(observe(snap({ ok: true, wire: wire("SUCCESS"), requestId: "r" }))).toMatchObject({ kind: "succeeded", status: "SUCCESS" });
    expect(observe(snap({ ok: true, wire: wire("FAIL", { fail_reason: "quota" }), requestId: "r" }))).toMatchObject({ kind: "failed", status: "FAIL", errorMessage: "quota", requestId: "r" });
    expect(observe(snap({ ok: true, wire: wire("PAUSED"), requestId: "r" }))).toMatchObject({ kind: "pending", known: false });
  });

  it("not read this tick: pending; a 404: not found; another failure: that job's error", () => {
    expect(observe({ byId: new Map() })).toEqual({ kind: "pending", status: undefined });
    expect(observe(snap({ ok: false, notFound: true, error: notFound }))).toMatchObject({ kind: "not-found", error: notFound });
    expect(observe(snap({ ok: false, notFound: false, error: badRequest }))).toMatchObject({ kind: "error", transient: false });
  });

  it("counts instances per status; missing counters (and engines) are 0", () => {
    const c = toInstanceStatusCounts({ running_count: 3, error_count: "1", redis: { running_count: 2 }, memcached: null });
    expect(c.all).toMatchObject({ running: 3, error: 1, createFailed: 0, extending: 0 });
    expect(c.redis.running).toBe(2);
    expect(Object.values(c.memcached).every((n) => n === 0)).toBe(true);
    expect(Object.keys(c.all)).toHaveLength(13);
  });
});

describe("progress answers", () => {
  it("DCS: percent, seconds left as ms, the step in progress", () => {
    const w = {
      progress: 40,
      remain_time: 180,
      step_details: [
        { step_name: "Check", step_status: "FINISH" },
        { step_name: "Run EXTEND", step_status: "executing" },
        { step_name: "Update", step_status: "WAITING" },
      ],
    };
    expect(toDcsProgress(w)).toEqual({ percent: 40, remainingMs: 180_000, step: "Run EXTEND" });
    expect(toDcsProgress({ progress: "140", remain_time: -1, step_details: null })).toEqual({ percent: 100, remainingMs: undefined, step: undefined });
  });

  it("RocketMQ: reads the wire's `statue`", () => {
    const w = { progress_percentage: 65, remain_time: "30", step_list: [{ name: "Check", statue: "COMPLETED", start_time: 1 }, { name: "Expand", statue: "IN_PROGRESS", start_time: "2" }] };
    expect(toRocketMqProgress(w)).toEqual({ percent: 65, remainingMs: 30_000, step: "Expand" });
    expect(toRocketMqProgress({})).toEqual({ percent: undefined, remainingMs: undefined, step: undefined });
  });

  it("bounds and reads percents and times left", () => {
    expect([percentOf(-5), percentOf(55), percentOf("101"), percentOf(null)]).toEqual([0, 55, 100, undefined]);
    expect([remainingOf(0), remainingOf("7"), remainingOf(-3), remainingOf(undefined)]).toEqual([0, 7000, undefined, undefined]);
  });

  it("in words, for the deployment log", () => {
    expect(describeProgress({ name: "EXTEND", percent: 40, remainingMs: 180_000 })).toBe("EXTEND 40 %, about 3 min left");
    expect(describeProgress({ name: "extend", percent: 5, remainingMs: 45_000, step: "Expand" })).toBe("extend 5 %, about 45 s left (Expand)");
    expect(describeProgress({ name: undefined, percent: undefined, remainingMs: 500 })).toBe("in progress, finishing");
    expect(describeProgress({ name: "BindEip", percent: 90, remainingMs: undefined })).toBe("BindEip 90 %");
  });

  it("finds a task-center task's instance in its parameters, when they name one", () => {
    expect(dcsTaskInstance({ params: JSON.stringify({ instance_id: "i-1", other: 2 }) })).toBe("i-1");
    expect([dcsTaskInstance({ params: undefined }), dcsTaskInstance({ params: "not json" }), dcsTaskInstance({ params: "[1]" }), dcsTaskInstance({ params: '{"instance_id":7}' })]).toEqual([
      undefined, undefined, undefined, undefined,
    ]);
  });
});

describe("RocketMQ reads by id", () => {
  const task = (id: string, status: string) => ({ id, name: "restart", status, created_at: iso(60_000), updated_at: iso(0) });
  const snap = (parts: Partial<RocketMqSnapshot>): RocketMqSnapshot => ({ tasks: [], byId: new Map(), requestId: "list", ...parts });
  const observe = (s: RocketMqSnapshot, m: Parameters<typeof rocketmqRead>[1]) => observeRead(rocketmqRead(s, m, NOW), classifier(ROCKETMQ_STATUSES), ROCKETMQ_STATUSES);

  it("the list's entry first; else the read by id, authoritative, with the answer's request id", () => {
    const listed = snap({ tasks: [toRocketMqTask(task("a", "EXECUTING"))] });
    expect(observe(listed, { id: "a" })).toMatchObject({ kind: "pending", status: "EXECUTING", taskAgeMs: 60_000 });
    const byId = snap({ byId: new Map([["b", { ok: true, wire: { task_count: 1, tasks: [task("b", "success")] }, requestId: "by-id" }]]) });
    expect(observe(byId, { id: "b" })).toMatchObject({ kind: "succeeded", status: "SUCCESS", value: { id: "b" } });
    expect(rocketmqRead(byId, { id: "b" }, NOW)).toMatchObject({ requestId: "by-id", authoritative: true });
  });

  it("a read by id that does not show the task, or a 404: not found; another failure: that task's error", () => {
    const empty = snap({ byId: new Map([["b", { ok: true, wire: { task_count: 0, tasks: [] }, requestId: "r" }]]) });
    expect(observe(empty, { id: "b" }).kind).toBe("not-found");
    expect(observe(snap({ byId: new Map([["b", { ok: false, notFound: true, error: notFound }]]) }), { id: "b" }).kind).toBe("not-found");
    expect(observe(snap({ byId: new Map([["b", { ok: false, notFound: false, error: badRequest }]]) }), { id: "b" })).toMatchObject({ kind: "error", error: badRequest });
    // Not read by id (and not listed): not found on the list's word.
    expect(observe(snap({}), { id: "b" }).kind).toBe("not-found");
  });

  it("a list that could not be read: waits by name and gates get its error; waits by id their reads by id", () => {
    const s = snap({ listError: badRequest, byId: new Map([["b", { ok: true, wire: { task_count: 1, tasks: [task("b", "EXECUTING")] }, requestId: "r" }]]) });
    expect(observe(s, { name: "restart", after: NOW - 120_000 })).toMatchObject({ kind: "error", error: badRequest });
    expect(observe(s, { id: "b" })).toMatchObject({ kind: "pending", status: "EXECUTING" });
    expect(rocketmqBusy(s)).toEqual({ error: badRequest });
    expect(rocketmqBusy(snap({ tasks: [toRocketMqTask(task("a", "EXECUTING")), toRocketMqTask(task("c", "SUCCESS"))] }))).toEqual([expect.objectContaining({ id: "a" })]);
  });
});
