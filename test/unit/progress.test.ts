/**
 * The progress tracker of a wait, with a reader given to it (no HTTP): read only for a caller that observes
 * progress and only while the task is pending; a failure never escapes, is reported once, and a failure retrying
 * would not fix stops the reads; an abort is silent.
 */
import { AbortError, ApiError } from "../../provider/errors";
import type { ProgressReader } from "../../provider/core/plan";
import { progressTracker, type ProgressSetup } from "../../provider/core/progress";
import { TaskApiClient } from "../../provider/http/client";
import { progressLogger } from "../../provider/resources/host";
import { resolveSettings } from "../../provider/settings";
import type { Observation, WaitEvent } from "../../provider/waiter/poller";

const client = new TaskApiClient({
  settings: resolveSettings({ region: "cn-north-4", projectId: "p", accessKey: "AK", secretKey: "SK", endpoint: "http://127.0.0.1:9" }, { env: {} }),
});
const pending: Observation<{ id: string }> = { kind: "pending", status: "EXECUTING", value: { id: "t1" } };
const error = (status: number) => new ApiError({ service: "dcs", operation: "ShowBackgroundTaskProgress", status, errorCode: `E${status}`, attempts: 1 });

function setup(reader: ProgressReader<{ id: string }>, events: WaitEvent[] | undefined): ProgressSetup<{ id: string }> {
  return {
    reader,
    observer: events ? (e) => events.push(e) : undefined,
    client,
    onExchange: undefined,
    requestTimeoutMs: undefined,
    typeName: () => "EXTEND",
    elapsedMs: () => 1234,
  };
}

const signal = () => new AbortController().signal;

describe("progressTracker", () => {
  it("is nothing without a reader or without an observer", () => {
    const reader: ProgressReader<{ id: string }> = async () => ({ percent: 1, remainingMs: 1, step: undefined });
    expect(progressTracker(setup(reader, undefined))).toBeUndefined();
    expect(progressTracker({ ...setup(reader, []), reader: undefined })).toBeUndefined();
  });

  it("reads a pending task and reports what the service says, with the task type and status", async () => {
    const events: WaitEvent[] = [];
    const seen: string[] = [];
    const track = progressTracker(setup(async (t) => (seen.push(t.id), { percent: 40, remainingMs: 180_000, step: "Run" }), events));
    await track?.(pending, signal());
    expect(seen).toEqual(["t1"]);
    expect(events).toEqual([{ type: "progress", name: "EXTEND", status: "EXECUTING", percent: 40, remainingMs: 180_000, step: "Run", elapsedMs: 1234 }]);
  });

  it("does not read a task that is not pending, not visible yet, or that has nothing to read", async () => {
    const events: WaitEvent[] = [];
    let reads = 0;
    const track = progressTracker(setup(async () => (reads++, undefined), events));
    await track?.({ kind: "succeeded", status: "SUCCESS", value: { id: "t1" } }, signal());
    await track?.({ kind: "pending", status: undefined }, signal());
    await track?.({ kind: "not-found" }, signal());
    expect(reads).toBe(0);
    await track?.(pending, signal());
    expect(reads).toBe(1);
    expect(events).toEqual([]);
  });

  it("reports a failure once; reads again after one retrying may fix, never after one it will not", async () => {
    const events: WaitEvent[] = [];
    const failures = [error(503), error(503), error(404), error(503)];
    let reads = 0;
    const track = progressTracker(
      setup(async () => {
        reads++;
        throw failures.shift();
      }, events),
    );
    for (let i = 0; i < 5; i += 1) await track?.(pending, signal());
    expect(reads).toBe(3);
    expect(events).toEqual([{ type: "progress-unavailable", message: expect.stringContaining("progress not available"), elapsedMs: 1234 }]);
  });

  it("is silent when the wait's look is aborted", async () => {
    const events: WaitEvent[] = [];
    const controller = new AbortController();
    const track = progressTracker(
      setup(
        (_t, _c, call) =>
          new Promise((_resolve, reject) => call.signal?.addEventListener("abort", () => reject(new AbortError("progress")), { once: true })),
        events,
      ),
    );
    const done = track?.(pending, controller.signal);
    controller.abort();
    await done;
    expect(events).toEqual([]);
  });

  it("an observer that throws breaks nothing", async () => {
    const track = progressTracker({
      ...setup(async () => ({ percent: 1, remainingMs: undefined, step: undefined }), []),
      observer: () => {
        throw new Error("observer bug");
      },
    });
    const warn = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    await expect(track?.(pending, signal())).resolves.toBeUndefined();
    warn.mockRestore();
  });
});

describe("the deployment log's progress lines", () => {
  it("logs the first report, then each new tenth of the way or new step, and an unavailable progress once", () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, "log").mockImplementation((...a: unknown[]) => void lines.push(a.map(String).join(" ")));
    try {
      const log = progressLogger("DcsTaskWaiter", "taskId=t1");
      const at = (percent: number, step = "Run EXTEND"): WaitEvent => ({ type: "progress", name: "EXTEND", status: "EXECUTING", percent, remainingMs: (100 - percent) * 6000, step, elapsedMs: 0 });
      for (const p of [5, 8, 12, 15, 25]) log(at(p));
      log(at(27, "Update"));
      log({ type: "progress-unavailable", message: "progress not available: 503", elapsedMs: 0 });
      expect(lines.map((l) => l.replace(/^.*DcsTaskWaiter taskId=t1: /, ""))).toEqual([
        "EXTEND 5 %, about 10 min left (Run EXTEND)",
        "EXTEND 12 %, about 9 min left (Run EXTEND)",
        "EXTEND 25 %, about 8 min left (Run EXTEND)",
        "EXTEND 27 %, about 7 min left (Update)",
        "progress not available: 503; waiting on",
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
