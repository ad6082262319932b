/**
 * Verdicts per task, against the emulator: the conditions that made the shared watch layer lie. A task absent from
 * the lists is read by id before anything is concluded; one task's failed read is its own; transient pages are
 * transient whatever their status; a poll group is shared only by callers with the same credential; a DCS task
 * awaited by id is found however old.
 */
import {
  ApiError,
  TaskFailedError,
  awaitCsmsTask,
  awaitDcsTask,
  awaitKpsTask,
  awaitRocketMqTask,
  waitForKpsTask,
  type ExchangeEvent,
  type WaitOptions,
} from "../../provider";
import { kpsDeleteFailedTask, kpsListRunningTasks } from "../../provider/endpoints";
import { TaskApiClient } from "../../provider/http/client";
import { resolveSettings } from "../../provider/settings";
import { useEmulator } from "../helpers/emulator";

const SECOND = { accessKey: "VERDICTSSECONDAK0001", secretKey: "verdicts-second-secret" };
const ctx = useEmulator({ timeScale: 100, seed: 31, history: 2, extraCredentials: [SECOND] });

function opts(extra: WaitOptions = {}): WaitOptions {
  return { ...ctx.emu.settings(), sources: { env: {} }, clock: ctx.emu.clock, ...extra };
}

let serverSeq = 0;
function kpsTask(spec: { durationMs: number; outcome?: "success" | "failure"; startInMs?: number; errorCode?: string }) {
  const scope = `srv-verdict-${++serverSeq}`;
  ctx.emu.addServer({ id: scope, name: scope });
  return ctx.emu.createTask({ service: "kps", name: "RESET", scope, outcome: "success", ...spec });
}

const outcome = (p: Promise<unknown>) => p.then(() => "succeeded", (e: unknown) => e);

describe("KPS verdicts with several waiters", () => {
  it("a failed task whose failure record was deleted fails; it never reads as a success", async () => {
    const failed = kpsTask({ durationMs: 10_000, outcome: "failure", startInMs: -60_000, errorCode: "KPS.2010" });
    const running = kpsTask({ durationMs: 40_000 });
    const client = new TaskApiClient({ settings: resolveSettings(ctx.emu.settings()) });
    await client.call(kpsDeleteFailedTask, { path: { task_id: failed.id } });
    const [a, b] = await Promise.all([outcome(awaitKpsTask({ taskId: failed.id }, opts())), outcome(awaitKpsTask({ taskId: running.id }, opts()))]);
    expect(a).toBeInstanceOf(TaskFailedError);
    expect(a).toMatchObject({ taskId: failed.id, status: "FAILED_RESET" });
    expect(b).toBe("succeeded");
    // It was read by id: absence from both lists was a reason to look.
    expect(ctx.emu.requests({ operation: "ListKeypairTask" }).some((r) => r.params["task_id"] === failed.id)).toBe(true);
  });

  it("a running list that lags (tasks missing from it) is a reason to look, not a success", async () => {
    const x = kpsTask({ durationMs: 120_000, outcome: "failure", errorCode: "KPS.2011" });
    const y = kpsTask({ durationMs: 90_000 });
    const waits = [outcome(awaitKpsTask({ taskId: x.id }, opts())), outcome(awaitKpsTask({ taskId: y.id }, opts()))];
    // Once both were seen running, the list drops them for a while.
    const seen = () => ctx.emu.requests({ operation: "ListRunningTask" }).length >= 1;
    while (!seen()) await new Promise((r) => setTimeout(r, 5));
    ctx.emu.fault({ fault: { kind: "omit", taskId: x.id }, count: 5 });
    ctx.emu.fault({ fault: { kind: "omit", taskId: y.id }, count: 5 });
    const [rx, ry] = await Promise.all(waits);
    expect(rx).toBeInstanceOf(TaskFailedError);
    expect(rx).toMatchObject({ status: "FAILED_RESET", errorCode: "KPS.2011" });
    expect(ry).toBe("succeeded");
  });

  it("a 400 on one task's read by id fails that wait only; its neighbour in the same poll group succeeds", async () => {
    const a = kpsTask({ durationMs: 20_000, startInMs: -60_000 });
    const b = kpsTask({ durationMs: 20_000, startInMs: -60_000 });
    ctx.emu.fault({ fault: { kind: "task-error", taskId: b.id, status: 400, errorCode: "KPS.0001", errorMsg: "invalid task" }, count: 1000 });
    const [ra, rb] = await Promise.all([outcome(awaitKpsTask({ taskId: a.id }, opts())), outcome(awaitKpsTask({ taskId: b.id }, opts()))]);
    ctx.emu.clearFaults();
    expect(ra).toBe("succeeded");
    expect(rb).toBeInstanceOf(ApiError);
    expect(rb).toMatchObject({ status: 400, errorCode: "KPS.0001" });
  });

  it("a status with stray white space is the same status: the wait succeeds on ' SUCCESS_RESET'", async () => {
    const t = kpsTask({ durationMs: 600_000 });
    ctx.emu.fault({ fault: { kind: "unknown-status", taskId: t.id, status: " SUCCESS_RESET" }, count: 100 });
    const r = await awaitKpsTask({ taskId: t.id }, opts());
    ctx.emu.clearFaults();
    expect(r.status).toBe("SUCCESS_RESET");
  });
});

describe("transient is transient whatever the status code", () => {
  it("a burst of HTML pages with status 200 is survived like a burst of 503s", async () => {
    const t = kpsTask({ durationMs: 30_000 });
    ctx.emu.fault({ fault: { kind: "html", status: 200 }, match: { service: "kps" }, count: 4 });
    const events: string[] = [];
    const task = await waitForKpsTask({ taskId: t.id }, opts({ maxRetries: 1, onProgress: (e) => e.type === "transient-error" && events.push(e.message) }));
    expect(task.taskStatus).toBe("SUCCESS_RESET");
    expect(events.some((m) => /is not JSON/.test(m))).toBe(true);
  });
});

describe("poll groups and credentials", () => {
  it("a caller with a wrong secret key gets its 401; a caller with the right one, waiting at the same time, succeeds", async () => {
    const t = kpsTask({ durationMs: 30_000 });
    const wrong = outcome(awaitKpsTask({ taskId: t.id }, opts({ secretKey: "not-the-secret-key" })));
    const right = outcome(awaitKpsTask({ taskId: t.id }, opts()));
    const [w, r] = await Promise.all([wrong, right]);
    expect(w).toBeInstanceOf(ApiError);
    expect(w).toMatchObject({ status: 401, errorCode: "APIGW.0301" });
    expect(r).toBe("succeeded");
  });

  it("two credentials read through two groups: each key's calls are its own", async () => {
    const t = kpsTask({ durationMs: 30_000 });
    ctx.emu.clearRequests();
    await Promise.all([awaitKpsTask({ taskId: t.id }, opts()), awaitKpsTask({ taskId: t.id }, opts(SECOND))]);
    expect(ctx.emu.requests({ accessKey: ctx.emu.accessKey }).length).toBeGreaterThan(0);
    expect(ctx.emu.requests({ accessKey: SECOND.accessKey }).length).toBeGreaterThan(0);
  });

  it("observers stay each caller's: both see the shared reads, and one that throws breaks nothing", async () => {
    const t = kpsTask({ durationMs: 30_000 });
    const seenA: ExchangeEvent[] = [];
    const a = awaitKpsTask({ taskId: t.id }, opts({ onExchange: (e) => seenA.push(e) }));
    const b = awaitKpsTask({ taskId: t.id }, opts({ onExchange: () => { throw new Error("observer bug"); } }));
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.status).toBe("SUCCESS_RESET");
    expect(rb.status).toBe("SUCCESS_RESET");
    expect(seenA.length).toBeGreaterThan(0);
    expect(seenA.every((e) => e.service === "kps" && e.status === 200)).toBe(true);
  });
});

describe("waits by name or by start time follow their task by id once found", () => {
  it("a RocketMQ task found by name, then dropped by the instance list, is read by id to its verdict", async () => {
    const instance = "verdict-rmq-instance";
    ctx.emu.addInstance("rocketmq", instance);
    const after = ctx.emu.clock.now();
    const t = ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: instance, durationMs: 60_000, outcome: "failure" });
    let omitted = false;
    const err = await awaitRocketMqTask(
      { instanceId: instance, name: "restart", after },
      opts({
        onProgress: (e) => {
          // Once the wait has seen its task, the list stops showing it for the rest of the wait.
          if (e.type === "status" && !omitted) {
            omitted = true;
            ctx.emu.fault({ fault: { kind: "omit", taskId: t.id }, count: 10_000 });
          }
        },
      }),
    ).catch((e: unknown) => e);
    ctx.emu.clearFaults();
    expect(omitted).toBe(true);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ taskId: t.id, status: "FAILED" });
    expect(ctx.emu.requests({ operation: "ShowBackgroundTask" }).some((r) => r.params["task_id"] === t.id)).toBe(true);
  });

  it("a CSMS rotation found by its start time, then dropped by the secret's list, is read by task_id to its verdict", async () => {
    ctx.emu.addSecret("verdict-secret");
    const after = ctx.emu.clock.now();
    const t = ctx.emu.createTask({ service: "csms", scope: "verdict-secret", durationMs: 40_000, outcome: "success" });
    let omitted = false;
    const r = await awaitCsmsTask(
      { secretName: "verdict-secret", after },
      opts({
        onProgress: (e) => {
          if (e.type === "status" && !omitted) {
            omitted = true;
            ctx.emu.fault({ fault: { kind: "omit", taskId: t.id }, count: 10_000 });
          }
        },
      }),
    );
    ctx.emu.clearFaults();
    expect(omitted).toBe(true);
    expect(r.task).toMatchObject({ taskId: t.id, taskStatus: "SUCCESS" });
    expect(ctx.emu.requests({ operation: "ListSecretTask" }).some((q) => q.query["task_id"] === t.id)).toBe(true);
  });
});

describe("DCS waits by id", () => {
  it("find a task created days ago (the task center is read without a window until the task is seen)", async () => {
    const old = ctx.emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 60_000, outcome: "success", startInMs: -3 * 24 * 3_600_000 });
    const byId = await awaitDcsTask({ taskId: old.id }, opts({ timeout: "2m" }));
    expect(byId.task).toMatchObject({ id: old.id, status: "SUCCESS" });
    const job = ctx.emu.task("dcs", old.id);
    expect(job).toBeDefined();
  });
});

describe("counts", () => {
  it("a negative total is not a count: the answer is refused as malformed", () => {
    expect(kpsListRunningTasks.response.safeParse({ total: -1, tasks: [] }).success).toBe(false);
    expect(kpsListRunningTasks.response.safeParse({ total: "-1", tasks: [] }).success).toBe(false);
    expect(kpsListRunningTasks.response.safeParse({ total: "3", tasks: [] }).success).toBe(true);
  });
});
