/**
 * Misbehaving servers, part 1: every bound of the HTTP layer, against a raw `node:http` server on 127.0.0.1 (not
 * the emulator). A body that trickles forever ends at the total deadline, the caller's signal or the runtime
 * closing; a flood or a lying `Content-Length` is refused early and memory stays bounded; a day's `Retry-After` is
 * honoured up to a cap, per endpoint and credential, never past the caller's deadline; the shared project-id lookup
 * is bounded by each caller's own deadline and signal.
 */
import {
  AbortError,
  ApiError,
  ResponseShapeError,
  ResponseTooLargeError,
  ThrottledError,
  WaitTimeoutError,
  awaitKpsTask,
  getKpsRunningTasks,
  getKpsTask,
} from "../../provider";
import { DEFAULT_MAX_RESPONSE_BYTES, TaskApiClient } from "../../provider/http/client";
import { closeDefaultDispatcher } from "../../provider/runtime";
import { kpsShowTask } from "../../provider/endpoints";
import { resolveSettings } from "../../provider/settings";
import { flood, hang, hostileOptions, inTurn, json, trickle, useHostileServers, type Behaviour, type HostileServer } from "../helpers/hostile";
import { expectInputError, settle, until } from "../helpers/reliability";

const CREDS = { accessKey: "HOSTILEAK00000000001", secretKey: "hostile-secret-key-1" };
const OTHER = { accessKey: "HOSTILEAK00000000002", secretKey: "hostile-secret-key-2" };
const TASK = { task_id: "task-1", task_status: "RUNNING_RESET", server_id: "srv-1" };
const serve = useHostileServers();

async function failure<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const r = await settle(p);
  expect(r.ok).toBe(false);
  const error = r.ok ? undefined : r.error;
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe("total deadline, the caller's signal to the last byte, and closing", () => {
  it("a body trickling one byte every 400 ms ends at requestTimeoutMs, not never", async () => {
    const s = await serve(trickle(400));
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { requestTimeoutMs: 1500 })), ApiError);
    expect(e).toMatchObject({ status: 0, errorCode: "TIMEOUT", host: `127.0.0.1:${s.port}`, attempts: 1 });
    expect(e.message).toContain(`no response from 127.0.0.1:${s.port}`);
    expect(e.errorMsg).toContain("within 1500 ms");
    await until(() => s.received[0]?.closed === true, "the client to hang up");
  });

  it("the caller's abort ends the call mid-body", async () => {
    const s = await serve(trickle(50));
    const controller = new AbortController();
    const call = settle(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { signal: controller.signal })));
    await until(() => s.written() >= 2, "two bytes of body");
    controller.abort();
    const r = await call;
    expect(!r.ok && r.error).toBeInstanceOf(AbortError);
    await until(() => s.received[0]?.closed === true, "the client to hang up");
  });

  it("closeDefaultDispatcher ends a request in flight", async () => {
    const s = await serve(trickle(50));
    const call = settle(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { requestTimeoutMs: 600_000 })));
    await until(() => s.written() >= 1, "the body to start");
    await closeDefaultDispatcher();
    const r = await call;
    expect(!r.ok && r.error).toBeInstanceOf(AbortError);
    expect(!r.ok && (r.error as Error).message).toContain("closed the connections");
    await until(() => s.received[0]?.closed === true, "the connection to close");
  });

  it("a wait on a server that trickles ends at its deadline with the last error and its host", async () => {
    const s = await serve(trickle(400));
    const e = await failure(awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CREDS, { requestTimeoutMs: 1000 }), timeout: "3s" }), WaitTimeoutError);
    expect(e.lastError).toBeInstanceOf(ApiError);
    expect(e.lastError).toMatchObject({ errorCode: "TIMEOUT", host: `127.0.0.1:${s.port}` });
    expect(e.host).toBe(`127.0.0.1:${s.port}`);
    expect(e.message).toContain(`Last error (from 127.0.0.1:${s.port})`);
    expect(e.cause).toBe(e.lastError);
  });
});

describe("response size", () => {
  it("a 1 GiB body without a length is refused once the cap is passed; the server could write only a few MiB", async () => {
    const s = await serve(flood(2 ** 30, false));
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS)), ResponseTooLargeError);
    expect(e).toMatchObject({ status: 200, errorCode: "RESPONSE_TOO_LARGE", limitBytes: DEFAULT_MAX_RESPONSE_BYTES, declaredBytes: undefined, attempts: 1 });
    expect(e.message).toContain("maxResponseBytes");
    await until(() => s.received[0]?.closed === true, "the client to hang up");
    expect(s.written()).toBeLessThan(64 * 2 ** 20);
  });

  it("a declared Content-Length of 1 GiB is refused before reading the body", async () => {
    const s = await serve(flood(2 ** 30, true));
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS)), ResponseTooLargeError);
    expect(e.declaredBytes).toBe(2 ** 30);
    expect(e.message).toContain("Content-Length 1073741824");
    await until(() => s.received[0]?.closed === true, "the client to hang up");
    expect(s.written()).toBeLessThan(64 * 2 ** 20);
  });

  it("the default derives from the largest page (1000 tasks at 4 KiB); maxResponseBytes raises it, within bounds", async () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(1000 * 4096);
    const s = await serve(json(200, { ...TASK, padding: "x".repeat(5_000_000) }));
    await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS)), ResponseTooLargeError);
    const task = await getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxResponseBytes: 8_000_000 }));
    expect(task).toMatchObject({ taskId: "task-1", taskStatus: "RUNNING_RESET" });
    await expectInputError(() => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxResponseBytes: 10 })), "maxResponseBytes");
    await expectInputError(() => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxResponseBytes: 2 ** 31 })), "maxResponseBytes");
  });

  it("a Content-Length larger than the body sent, then a closed connection: a transport error naming the host", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"task_id":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxRetries: 1 })), ApiError);
    expect(e).toMatchObject({ status: 0, attempts: 2, host: `127.0.0.1:${s.port}` });
    expect(s.received).toHaveLength(2);
  });

  it("a Content-Length smaller than the body: the truncated answer is not taken for the task", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "12" });
      res.end(JSON.stringify(TASK));
    });
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS)), ResponseShapeError);
    expect(e.errorMsg).toContain("is not JSON (12 bytes");
  });
});

describe("Retry-After", () => {
  const throttle = (retryAfter: string) => json(429, { error_code: "APIGW.0308", error_msg: "throttled" }, { "retry-after": retryAfter });

  it("a day: the call fails at once saying when the next call is allowed; the gate closes for the 60 s cap only, per credential and endpoint", async () => {
    const s = await serve(throttle("86400"));
    const before = Date.now();
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxRetries: 4 })), ThrottledError);
    expect(e).toMatchObject({ status: 429, errorCode: "APIGW.0308", attempts: 1, reason: "retry-after-too-long" });
    expect(e.retryAt).toBeGreaterThanOrEqual(before + 86_400_000);
    expect(e.retryAt).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(e.message).toContain(`allows the next call at ${new Date(e.retryAt).toISOString()}`);
    expect(s.received).toHaveLength(1);

    // The same credential and endpoint, with a deadline 5 s away: not sent, and the gate reopens within the cap.
    const client = new TaskApiClient({ settings: resolveSettings(hostileOptions(s, CREDS), { env: {} }) });
    const gated = await failure(client.call(kpsShowTask, { path: { task_id: "task-1" } }, { deadline: Date.now() + 5000 }), ThrottledError);
    expect(gated).toMatchObject({ reason: "past-deadline", attempts: 0 });
    expect(gated.retryAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(s.received).toHaveLength(1);

    // Another credential on the same endpoint, and the same credential on another endpoint, go out at once.
    s.answer(json(200, TASK));
    await expect(getKpsTask({ taskId: "task-1" }, hostileOptions(s, OTHER))).resolves.toMatchObject({ taskId: "task-1" });
    const other = await serve(json(200, TASK));
    await expect(getKpsTask({ taskId: "task-1" }, hostileOptions(other, CREDS))).resolves.toMatchObject({ taskId: "task-1" });
    expect(s.received.map((r) => r.headers["authorization"]?.includes(OTHER.accessKey))).toEqual([false, true]);
  });

  it("10^9 seconds (past what a timer holds): refused at once, no retry fired by an overflowing timer", async () => {
    const s = await serve(throttle("1000000000"));
    const e = await failure(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxRetries: 4 })), ThrottledError);
    expect(e.retryAt - Date.now()).toBeGreaterThan(999_000_000_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.received).toHaveLength(1);
  });

  it("a wait throttled past its deadline ends at once with the ThrottledError, not at its timeout", async () => {
    const s = await serve(throttle("86400"));
    const e = await failure(awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CREDS), timeout: "30m" }), ThrottledError);
    expect(e.reason).toBe("retry-after-too-long");
    expect(s.received).toHaveLength(1);
  });

  it("one within the cap and the deadline is honoured: the retry waits for it", async () => {
    const s = await serve(inTurn(throttle("1"), json(200, TASK)));
    await expect(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { maxRetries: 2 }))).resolves.toMatchObject({ taskId: "task-1" });
    expect(s.received).toHaveLength(2);
    // A lower bound only: a loaded machine makes the gap longer, never shorter.
    expect((s.received[1]?.at ?? 0) - (s.received[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });
});

describe("the shared project-id lookup is bounded by each caller", () => {
  /** IAM answers only when released; every other path answers the KPS running list. */
  function heldIam() {
    let release: (() => void) | undefined;
    const behaviour: Behaviour = (req, res) => {
      if (!(req.url ?? "").startsWith("/v3/projects")) return json(200, { total: 0, tasks: [] })(req, res, undefined as never);
      release = () => json(200, { projects: [{ id: "0123456789abcdef0123456789abcdef", name: "cn-north-4" }] })(req, res, undefined as never);
    };
    return { behaviour, release: () => release?.() };
  }
  const noProject = (s: HostileServer, extra = {}) => hostileOptions(s, CREDS, { projectId: undefined, ...extra });

  it("a 3 s wait whose IAM lookup trickles ends at its deadline, naming the lookup and the IAM host", async () => {
    const s = await serve(trickle(400));
    const e = await failure(awaitKpsTask({ taskId: "task-1" }, { ...noProject(s), timeout: "3s" }), WaitTimeoutError);
    expect(e.lastError).toMatchObject({ service: "iam", errorCode: "TIMEOUT", host: `127.0.0.1:${s.port}` });
    expect(e.message).toContain("the project id lookup had not answered");
    await until(() => s.received[0]?.closed === true, "the abandoned lookup to hang up");
  });

  it("caller A's abort rejects A only: B gets the id when IAM answers, from one lookup", async () => {
    const iam = heldIam();
    const s = await serve(iam.behaviour);
    const a = new AbortController();
    const callA = settle(getKpsRunningTasks({}, noProject(s, { signal: a.signal })));
    const callB = settle(getKpsRunningTasks({}, noProject(s)));
    await until(() => s.received.length === 1, "the IAM request");
    a.abort();
    const rA = await callA;
    expect(!rA.ok && rA.error).toBeInstanceOf(AbortError);
    iam.release();
    const rB = await callB;
    expect(rB.ok && rB.value.total).toBe(0);
    expect(s.received.filter((r) => r.url.startsWith("/v3/projects"))).toHaveLength(1);
  });

  it("a caller's abort is prompt while IAM holds the lookup; the lookup stops once no caller is left", async () => {
    const iam = heldIam();
    const s = await serve(iam.behaviour);
    const b = new AbortController();
    const call = settle(getKpsRunningTasks({}, noProject(s, { signal: b.signal })));
    await until(() => s.received.length === 1, "the IAM request");
    b.abort();
    const r = await call;
    expect(!r.ok && r.error).toBeInstanceOf(AbortError);
    await until(() => s.received[0]?.closed === true, "the lookup to hang up");
  });

  it("a server that never answers IAM: each data-source caller is bounded by its own signal", async () => {
    const s = await serve(hang);
    const r = await settle(getKpsRunningTasks({}, noProject(s, { signal: AbortSignal.timeout(300) })));
    expect(!r.ok && r.error).toBeInstanceOf(AbortError);
    await until(() => s.received[0]?.closed === true, "the lookup to hang up");
  });
});
