/**
 * The CSMS, DCS and RocketMQ watchers as pure functions: a snapshot of one tick in, one waiter's observation out.
 * A list entry carries its task's own status (authoritative); absence by id is "not found", never a verdict; a task
 * awaited by name is pending until it shows.
 */
import { ApiError } from "../../../provider/errors";
import { classifier } from "../../../provider/core/status";
import { observeRead } from "../../../provider/core/plan";
import { CSMS_STATUSES, toCsmsTask } from "../../../provider/tasks/csms/model";
import { csmsBusy, csmsMatch, csmsTaskRead, type CsmsSnapshot } from "../../../provider/tasks/csms/watch";
import { DCS_STATUSES, toDcsTask } from "../../../provider/tasks/dcs/model";
import { dcsBusy, dcsRead } from "../../../provider/tasks/dcs/watch";
import { ROCKETMQ_STATUSES, toRocketMqTask } from "../../../provider/tasks/rocketmq/model";
import { rocketmqRead } from "../../../provider/tasks/rocketmq/watch";

const NOW = Date.parse("2026-11-30T12:00:00.000Z");
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

describe("CSMS watcher", () => {
  const csms = (id: string, status: string, msAgo: number, error?: [string, string]) =>
    toCsmsTask({ task_id: id, secret_name: "db", task_status: status, task_time: NOW - msAgo, ...(error ? { task_error_code: error[0], task_error_msg: error[1] } : {}) });
  const snap = (parts: Partial<CsmsSnapshot>): CsmsSnapshot => ({ tasks: [], byId: new Map(), requestId: "rid", ...parts });
  const observe = (s: CsmsSnapshot, id: string) => observeRead(csmsTaskRead(s, id, NOW), classifier(CSMS_STATUSES), CSMS_STATUSES);

  it("a listed task is read from the list: its status, its age, its error", () => {
    const s = snap({ tasks: [csms("a", "PROCESSING", 5000), csms("b", "FAILED", 90_000, ["CSMS.0601", "function error"])] });
    expect(observe(s, "a")).toMatchObject({ kind: "pending", status: "PROCESSING", taskAgeMs: 5000 });
    expect(observe(s, "b")).toMatchObject({ kind: "failed", errorCode: "CSMS.0601", errorMessage: "function error", requestId: "rid" });
  });

  it("absent from the page and not read by id: pending; read by id and not there: not found", () => {
    expect(observe(snap({}), "x")).toEqual({ kind: "pending", status: undefined });
    expect(observe(snap({ byId: new Map([["x", { ok: true, wire: undefined, requestId: "r2" }]]) }), "x").kind).toBe("not-found");
  });

  it("absent from the page, read by id: the read by id decides", () => {
    const wire = { task_id: "x", task_status: " success ", task_time: NOW - 1000 };
    expect(observe(snap({ byId: new Map([["x", { ok: true, wire, requestId: "r2" }]]) }), "x")).toMatchObject({ kind: "succeeded", status: "SUCCESS" });
  });

  it("an error reading one task by id is that task's", () => {
    const error = new ApiError({ service: "csms", operation: "ListSecretTask", status: 400, errorCode: "CSMS.0002", attempts: 1 });
    expect(observe(snap({ byId: new Map([["x", { ok: false, notFound: false, error }]]) }), "x")).toMatchObject({ kind: "error", transient: false });
  });

  it("a secret's waiter takes its first rotation at or after `after` (5 s tolerance), or its latest", () => {
    const s = snap({ tasks: [csms("new", "PROCESSING", 1000), csms("mid", "SUCCESS", 60_000), csms("old", "SUCCESS", 3_600_000)] });
    expect(csmsMatch(s, { after: NOW - 62_000 })?.taskId).toBe("mid");
    expect(csmsMatch(s, { after: NOW - 30_000 })?.taskId).toBe("new");
    expect(csmsMatch(s, { latest: true })?.taskId).toBe("new");
    expect(csmsMatch(s, { after: NOW + 60_000 })).toBeUndefined();
  });

  it("a gate sees the rotations in progress, or the error that kept the page away", () => {
    expect((csmsBusy(snap({ tasks: [csms("a", "PROCESSING", 1), csms("b", "SUCCESS", 1)] })) as { taskId: string }[]).map((t) => t.taskId)).toEqual(["a"]);
    expect(csmsBusy(snap({ listError: "boom" }))).toEqual({ error: "boom" });
  });
});

describe("DCS watcher", () => {
  const dcs = (id: string, name: string, status: string, msAgo: number, extra: { job?: string; error?: string; instance?: string } = {}) =>
    toDcsTask({ id, name, status, created_at: iso(msAgo), updated_at: iso(msAgo / 2), job_id: extra.job ?? null, error_code: extra.error ?? null, params: JSON.stringify({ instance_id: extra.instance ?? "i-1" }) });
  const snap = { tasks: [dcs("t1", "EXTEND", "EXECUTING", 60_000, { job: "j1" }), dcs("t2", "BindEip", "FAILED", 30_000, { error: "DCS.4049", instance: "i-2" }), dcs("t3", "EXTEND", "success", 3 * 24 * 3_600_000)], requestId: "rid" };
  const observe = (m: Parameters<typeof dcsRead>[1]) => observeRead(dcsRead(snap, m, NOW), classifier(DCS_STATUSES), DCS_STATUSES);

  it("finds a task by id, by job id, or by name after a time; the entry's status is the verdict", () => {
    expect(observe({ id: "t3" })).toMatchObject({ kind: "succeeded", status: "SUCCESS" });
    expect(observe({ jobId: "j1" })).toMatchObject({ kind: "pending", status: "EXECUTING", taskAgeMs: 60_000 });
    expect(observe({ name: "BindEip", after: NOW - 40_000 })).toMatchObject({ kind: "failed", errorCode: "DCS.4049" });
  });

  it("by id or job id and absent: not found; by name and not shown yet: pending", () => {
    expect(observe({ id: "nope" }).kind).toBe("not-found");
    expect(observe({ jobId: "nope" }).kind).toBe("not-found");
    expect(observe({ name: "EXTEND", after: NOW - 1000 })).toEqual({ kind: "pending", status: undefined });
  });

  it("a gate sees the tasks in progress of its list (the task center's, or an instance's own)", () => {
    expect(dcsBusy(snap).map((t) => t.id)).toEqual(["t1"]);
    expect(dcsBusy({ tasks: [], requestId: undefined })).toEqual([]);
  });
});

describe("RocketMQ watcher", () => {
  const task = (id: string, name: string, status: string, msAgo: number) => toRocketMqTask({ id, name, status, created_at: iso(msAgo), updated_at: iso(0) });
  const snap = { tasks: [task("a", "restart", "DELETED", 10_000), task("b", "restart", "CREATED", 5_000)], byId: new Map(), requestId: "rid" };
  const observe = (m: Parameters<typeof rocketmqRead>[1]) => observeRead(rocketmqRead(snap, m, NOW), classifier(ROCKETMQ_STATUSES), ROCKETMQ_STATUSES);

  it("DELETED ends without success; CREATED is pending; by name, the earliest after the time", () => {
    expect(observe({ id: "a" })).toMatchObject({ kind: "failed", status: "DELETED" });
    expect(observe({ name: "restart", after: NOW - 4_000 })).toMatchObject({ kind: "pending", status: "CREATED", taskAgeMs: 5_000 });
    expect(observe({ name: "restart", after: NOW - 60_000 })).toMatchObject({ kind: "failed", value: { id: "a" } });
  });
});
