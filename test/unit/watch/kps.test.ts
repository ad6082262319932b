/**
 * KPS's watcher as a pure function: a snapshot of one tick (running list, failed list, reads by id) in, one task's
 * observation out. Only an authoritative read ends a wait; absence is never a verdict; errors stay with their task.
 */
import { ApiError } from "../../../provider/errors";
import { classifier } from "../../../provider/core/status";
import { observeRead, type ByIdResult } from "../../../provider/core/plan";
import { KPS_STATUSES, toKpsListedTask, type KpsShowWire } from "../../../provider/tasks/kps/model";
import { kpsBusy, kpsTaskRead, type KpsSnapshot } from "../../../provider/tasks/kps/watch";

const NOW = 1_700_000_000_000;
const classify = classifier(KPS_STATUSES);

function listed(id: string, status: string, extra: { server?: string; error?: [string, string]; startedAt?: number } = {}) {
  return toKpsListedTask({
    task_id: id,
    operate_type: status,
    task_time: String(extra.startedAt ?? NOW - 30_000),
    server_id: extra.server ?? "srv-1",
    ...(extra.error ? { task_error_code: extra.error[0], task_error_msg: extra.error[1] } : {}),
  });
}
const ok = (id: string, status: string): ByIdResult<KpsShowWire> => ({ ok: true, wire: { task_id: id, task_status: status, server_id: "srv-1" }, requestId: "rid-by-id" });
const apiError = (status: number, code: string) => new ApiError({ service: "kps", operation: "ListKeypairTask", status, errorCode: code, attempts: 1 });
const failedRead = (status: number, code: string): ByIdResult<KpsShowWire> => ({ ok: false, notFound: status === 404, error: apiError(status, code) });

function snap(parts: Partial<KpsSnapshot>): KpsSnapshot {
  return { running: new Map(), failed: undefined, byId: new Map(), startedAt: new Map(), requestId: "rid-list", ...parts };
}
const observe = (s: KpsSnapshot, id: string) => observeRead(kpsTaskRead(s, id, NOW), classify, KPS_STATUSES);

describe("KPS watcher", () => {
  it("absent from the running list and never looked at: pending, never a success", () => {
    expect(observe(snap({}), "t1")).toEqual({ kind: "pending", status: undefined });
  });

  it("absent from both lists (its failure record deleted, or a list that lags): pending until read by id", () => {
    expect(observe(snap({ failed: new Map() }), "t1").kind).toBe("pending");
  });

  it("read by id SUCCESS_x: succeeded, with the request id of that read", () => {
    const o = observe(snap({ byId: new Map([["t1", ok("t1", "SUCCESS_RESET")]]) }), "t1");
    expect(o).toMatchObject({ kind: "succeeded", status: "SUCCESS_RESET", value: { taskId: "t1", operation: "RESET", phase: "succeeded" } });
  });

  it("read by id FAILED_x: failed, with the failed-tasks entry's code and message", () => {
    const failed = new Map([["t1", listed("t1", "FAILED_RESET", { error: ["KPS.2011", "agent not running"] })]]);
    const o = observe(snap({ failed, byId: new Map([["t1", ok("t1", "FAILED_RESET")]]) }), "t1");
    expect(o).toMatchObject({ kind: "failed", status: "FAILED_RESET", errorCode: "KPS.2011", errorMessage: "agent not running", requestId: "rid-by-id" });
  });

  it("read by id FAILED_x whose record was deleted: still failed (without a code), never a success", () => {
    const o = observe(snap({ failed: new Map(), byId: new Map([["t1", ok("t1", "FAILED_RESET")]]) }), "t1");
    expect(o).toMatchObject({ kind: "failed", status: "FAILED_RESET", errorCode: undefined });
  });

  it("read by id FAILED_x while the failed list could not be read (transient): try again rather than lose the cause", () => {
    const s = snap({ failedError: apiError(503, "EMULATOR.503"), byId: new Map([["t1", ok("t1", "FAILED_RESET")]]) });
    expect(observe(s, "t1")).toMatchObject({ kind: "error", transient: true });
  });

  it("an entry of failed-tasks is the task's own terminal status: failed, with its code", () => {
    const failed = new Map([["t1", listed("t1", "FAILED_UNBIND", { error: ["KPS.2010", "injection failed"] })]]);
    expect(observe(snap({ failed }), "t1")).toMatchObject({ kind: "failed", status: "FAILED_UNBIND", errorCode: "KPS.2010" });
  });

  it("read by id still pending (the list lags the task's start): pending", () => {
    expect(observe(snap({ byId: new Map([["t1", ok("t1", "READY_RESET")]]) }), "t1")).toMatchObject({ kind: "pending", status: "READY_RESET", known: true });
  });

  it("in the running list: pending, with the task's age from task_time", () => {
    const s = snap({ running: new Map([["t1", listed("t1", "RUNNING_RESET")]]), startedAt: new Map([["t1", NOW - 30_000]]) });
    expect(observe(s, "t1")).toMatchObject({ kind: "pending", status: "RUNNING_RESET", taskAgeMs: 30_000 });
  });

  it("a terminal status in the running list is not a verdict", () => {
    expect(observe(snap({ running: new Map([["t1", listed("t1", "SUCCESS_RESET")]]) }), "t1")).toMatchObject({ kind: "pending", status: "SUCCESS_RESET" });
  });

  it("a 404 by id: not found (its own)", () => {
    const o = observe(snap({ byId: new Map([["t1", failedRead(404, "KPS.0404")]]) }), "t1");
    expect(o.kind).toBe("not-found");
  });

  it("a 400 on one task's read by id is that task's error; its neighbour's verdict stands", () => {
    const s = snap({ byId: new Map([["bad", failedRead(400, "KPS.0001")], ["good", ok("good", "SUCCESS_BIND")]]) });
    expect(observe(s, "bad")).toMatchObject({ kind: "error", transient: false, error: { status: 400 } });
    expect(observe(s, "good")).toMatchObject({ kind: "succeeded", status: "SUCCESS_BIND" });
  });

  it("statuses are normalised once: stray white space and case do not change the verdict", () => {
    for (const raw of [" SUCCESS_RESET", "SUCCESS_RESET\n", "success_reset"]) {
      expect(observe(snap({ byId: new Map([["t1", ok("t1", raw)]]) }), "t1")).toMatchObject({ kind: "succeeded", status: "SUCCESS_RESET" });
    }
    expect(observe(snap({ byId: new Map([["t1", ok("t1", "\tfailed_replace ")]]) }), "t1")).toMatchObject({ kind: "failed", status: "FAILED_REPLACE" });
  });

  it("a gate sees the running list (of one server, or all); without the list, the error that kept it away", () => {
    const running = new Map([
      ["a", listed("a", "RUNNING_RESET", { server: "s1" })],
      ["b", listed("b", "READY_BIND", { server: "s2" })],
    ]);
    expect((kpsBusy(snap({ running }), "s2") as { taskId: string }[]).map((t) => t.taskId)).toEqual(["b"]);
    expect((kpsBusy(snap({ running }), undefined) as unknown[]).length).toBe(2);
    const error = apiError(400, "KPS.0001");
    expect(kpsBusy(snap({ running: undefined, runningError: error }), undefined)).toEqual({ error });
  });
});
