/**
 * TaskApiClient against the emulator: retries and their exact delays (sleep, random and clock injected), what is
 * never retried, error bodies of every service, response-shape errors, timeouts, aborts, project-id resolution
 * through IAM, the headers sent, and proxies from the environment.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import { z } from "zod";
import { DEFAULT_WORLD } from "../../emulator";
import { AbortError, ApiError, InputError, ResponseShapeError } from "../../provider/errors";
import { getKpsRunningTasks } from "../../provider";
import { closeDefaultDispatcher } from "../../provider/http/dispatcher";
import {
  TaskApiClient,
  clearProjectCache,
  parseErrorBody,
  type ClientOptions,
  type ExchangeEvent,
} from "../../provider/http/client";
import { ThrottleGate, type RetryPolicy } from "../../provider/http/retry";
import {
  csmsListTasks,
  dcsListTasks,
  kpsAssociateKeypair,
  kpsListRunningTasks,
  kpsShowTask,
  rocketmqListTasks,
  type EndpointDef,
} from "../../provider/endpoints";
import { resolveSettings, type SettingsArgs } from "../../provider/settings";
import { useEmulator } from "../helpers/emulator";
import { startProxy, withProxyEnv, type TestProxy } from "../helpers/proxy";

const SECOND = { accessKey: "SECONDAK000000000002", secretKey: "second-secret-key" };
const ctx = useEmulator({ seed: 21, extraCredentials: [SECOND] });
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

let agent: Agent;
beforeAll(() => {
  agent = new Agent({ keepAliveTimeout: 1000 });
});
afterAll(async () => {
  await agent.close();
});
beforeEach(() => {
  ctx.emu.clearRequests();
  clearProjectCache();
});
afterEach(() => ctx.emu.clearFaults());

interface Harness {
  client: TaskApiClient;
  /** Every delay the client asked to sleep, in order. */
  sleeps: number[];
  events: ExchangeEvent[];
  /** The injected clock (advanced by every sleep). */
  now: () => number;
}

interface HarnessOptions {
  settings?: Partial<SettingsArgs>;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** A client on the emulator with a fake clock that only sleeps move, random() = 0.5 and its own throttle gate. */
function harness(o: HarnessOptions = {}): Harness {
  let t = Math.floor(Date.now() / 1000) * 1000; // whole seconds, so HTTP dates are exact
  const now = () => t;
  const sleeps: number[] = [];
  const events: ExchangeEvent[] = [];
  const options: ClientOptions = {
    settings: resolveSettings({ ...ctx.emu.settings(), ...o.settings }, { env: {} }),
    dispatcher: o.dispatcher ?? agent,
    now,
    random: () => 0.5,
    gate: new ThrottleGate(now, () => 0.5),
    onExchange: (e) => events.push(e),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  };
  options.sleep = async (ms, signal) => {
    sleeps.push(ms);
    t += ms;
    if (signal?.aborted) throw new AbortError("sleep");
  };
  return { client: new TaskApiClient(options), sleeps, events, now };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`rejected with a non-Error: ${String(e)}`);
  }
  throw new Error("expected a rejection, the call succeeded");
}

async function apiFailure(p: Promise<unknown>): Promise<ApiError> {
  const e = await failure(p);
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${e.name}: ${e.message}`);
  return e;
}

const statuses = (operation: string) => ctx.emu.requests({ operation }).map((r) => r.status);

/** Polls (on the event loop, no wall-clock assertion) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

// ------------------------------------------------------------------------------------------------- retries

describe("retries", () => {
  // random() = 0.5: the k-th retry waits 0.5 * 500 * 2^(k-1) ms (250, 500 ...). A 429 also closes the gate for
  // ceiling/2 + 0.5*ceiling/2 with ceiling 1000 * 2^(level-1) (750, 1500 ...), and the longer of the two is slept.
  it.each([
    { status: 429, sleeps: [750, 1500] },
    { status: 500, sleeps: [250, 500] },
    { status: 502, sleeps: [250, 500] },
    { status: 503, sleeps: [250, 500] },
    { status: 504, sleeps: [250, 500] },
  ])("retries a GET answered $status twice, then succeeds", async ({ status, sleeps }) => {
    const h = harness();
    ctx.emu.fault({
      fault: status === 429 ? { kind: "throttle" } : { kind: "status", status },
      match: { operation: "ListRunningTask" },
      count: 2,
    });
    const res = await h.client.call(kpsListRunningTasks, {});
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(statuses("ListRunningTask")).toEqual([status, status, 200]);
    expect(h.sleeps).toEqual(sleeps);
    expect(h.events.map((e) => [e.status, e.attempt])).toEqual([
      [status, 1],
      [status, 2],
      [200, 3],
    ]);
  });

  it("retries a GET whose connection was reset", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "reset" }, match: { operation: "ListRunningTask" }, count: 2 });
    const res = await h.client.call(kpsListRunningTasks, {});
    expect(res.attempts).toBe(3);
    expect(statuses("ListRunningTask")).toEqual([-1, -1, 200]);
    expect(h.sleeps).toEqual([250, 500]);
    expect(h.events.map((e) => e.failure)).toEqual(["reset", "reset", undefined]);
    expect(h.events.slice(0, 2).every((e) => e.status === 0)).toBe(true);
  });

  it("retries an HTML 502 from a load balancer", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "html", status: 502 }, match: { operation: "ListCenterTask" }, count: 1 });
    const res = await h.client.call(dcsListTasks, {});
    expect(res.attempts).toBe(2);
    expect(statuses("ListCenterTask")).toEqual([502, 200]);
  });

  it("honours Retry-After in seconds on a 429", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "throttle", retryAfter: "3" }, match: { operation: "ListRunningTask" }, count: 1 });
    await h.client.call(kpsListRunningTasks, {});
    expect(h.sleeps).toEqual([3000]);
  });

  it("honours Retry-After in seconds on a 503", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "status", status: 503, retryAfter: "2" }, match: { operation: "ListRunningTask" }, count: 1 });
    await h.client.call(kpsListRunningTasks, {});
    expect(h.sleeps).toEqual([2000]);
  });

  it("honours Retry-After as an HTTP date, read against the injected clock", async () => {
    const h = harness();
    const at = new Date(h.now() + 4000).toUTCString();
    ctx.emu.fault({ fault: { kind: "status", status: 503, retryAfter: at }, match: { operation: "ListRunningTask" }, count: 1 });
    await h.client.call(kpsListRunningTasks, {});
    expect(h.sleeps).toEqual([4000]);
  });

  it("keeps the backoff when it is longer than Retry-After", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "status", status: 503, retryAfter: "0" }, match: { operation: "ListRunningTask" }, count: 3 });
    await h.client.call(kpsListRunningTasks, {});
    expect(h.sleeps).toEqual([250, 500, 1000]);
  });

  it("stops at once when Retry-After is longer than the policy allows", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "status", status: 503, retryAfter: "120" }, match: { operation: "ListRunningTask" }, count: 5 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(1);
    expect(statuses("ListRunningTask")).toEqual([503]);
    expect(h.sleeps).toEqual([]);
  });

  it("gives up after maxRetries with an ApiError carrying status, code, message, request id and attempts", async () => {
    const h = harness({ retry: { maxRetries: 2 } });
    ctx.emu.fault({
      fault: { kind: "status", status: 503, errorCode: "KPS.5030", errorMsg: "backend overloaded" },
      match: { operation: "ListRunningTask" },
      count: 10,
    });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({
      service: "kps",
      operation: "ListRunningTask",
      status: 503,
      errorCode: "KPS.5030",
      errorMsg: "backend overloaded",
      attempts: 3,
    });
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(e.requestId).toBe(h.events.at(-1)?.requestId);
    expect(e.message).toContain("after 3 attempts");
    expect(e.message).toContain(`request id ${e.requestId}`);
    expect(e.hint).toMatch(/kept failing/);
    expect(statuses("ListRunningTask")).toEqual([503, 503, 503]);
    expect(h.sleeps).toEqual([250, 500]);
  });

  it("takes maxRetries from the settings when the policy does not override it", async () => {
    const h = harness({ settings: { maxRetries: 1 } });
    ctx.emu.fault({ fault: { kind: "throttle" }, match: { operation: "ListRunningTask" }, count: 10 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ status: 429, errorCode: "APIGW.0308", attempts: 2 });
    expect(e.hint).toMatch(/maxRetries/);
    expect(statuses("ListRunningTask")).toEqual([429, 429]);
  });

  it("with maxRetries 0 sends exactly once", async () => {
    const h = harness({ settings: { maxRetries: 0 } });
    ctx.emu.fault({ fault: { kind: "status", status: 500 }, match: { operation: "ListRunningTask" }, count: 10 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e.attempts).toBe(1);
    expect(statuses("ListRunningTask")).toEqual([500]);
    expect(h.sleeps).toEqual([]);
  });
});

describe("never retried", () => {
  it("400", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "status", status: 400, errorCode: "KPS.0001", errorMsg: "bad limit" }, count: 1 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ status: 400, errorCode: "KPS.0001", errorMsg: "bad limit", attempts: 1 });
    expect(ctx.emu.requests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it("401 (a secret key the gateway does not accept)", async () => {
    const h = harness({ settings: { secretKey: "not-the-secret" } });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ status: 401, errorCode: "APIGW.0301", attempts: 1 });
    expect(e.errorMsg).toMatch(/verify aksk signature fail/);
    expect(e.hint).toMatch(/not retried/);
    expect(ctx.emu.requests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it("403 (a project that is not the caller's)", async () => {
    const h = harness({ settings: { projectId: "0000000000000000000000000000dead" } });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ status: 403, errorCode: "KPS.0403", attempts: 1 });
    expect(ctx.emu.requests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it("404 (a task that does not exist)", async () => {
    const h = harness();
    const e = await apiFailure(h.client.call(kpsShowTask, { path: { task_id: "no-such-task" } }));
    expect(e).toMatchObject({ status: 404, errorCode: "KPS.0404", attempts: 1 });
    expect(e.errorMsg).toContain("no-such-task");
    expect(ctx.emu.requests()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  describe("a POST that starts work (KPS AssociateKeypair)", () => {
    let n = 0;
    /** A fresh server, so each test can start a task on it. */
    const server = () => {
      n += 1;
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
      ctx.emu.addServer({ id, name: `post-test-${n}` });
      return id;
    };
    const associate = (h: Harness, id: string) =>
      h.client.call(kpsAssociateKeypair, {
        body: { keypair_name: "KeyPair-xt", server: { id, auth: { type: "password", key: "Not-a-real-pw1" } } },
      });
    const tasksOn = (id: string) => ctx.emu.tasks("kps").filter((t) => t.scope === id);

    it("is not retried on 503", async () => {
      const h = harness();
      const id = server();
      ctx.emu.fault({ fault: { kind: "status", status: 503 }, match: { operation: "AssociateKeypair" }, count: 1 });
      const e = await apiFailure(associate(h, id));
      expect(e).toMatchObject({ status: 503, attempts: 1 });
      expect(statuses("AssociateKeypair")).toEqual([503]);
      expect(h.sleeps).toEqual([]);
      expect(tasksOn(id)).toHaveLength(0);
    });

    it("is not retried after a connection reset", async () => {
      const h = harness();
      const id = server();
      ctx.emu.fault({ fault: { kind: "reset" }, match: { operation: "AssociateKeypair" }, count: 1 });
      const e = await apiFailure(associate(h, id));
      expect(e).toMatchObject({ status: 0, errorCode: "NETWORK", attempts: 1 });
      expect(statuses("AssociateKeypair")).toEqual([-1]);
    });

    it("is retried after a 429, which the gateway answers before the service sees the call", async () => {
      const h = harness();
      const id = server();
      ctx.emu.fault({ fault: { kind: "throttle" }, match: { operation: "AssociateKeypair" }, count: 1 });
      const res = await associate(h, id);
      expect(res.status).toBe(202);
      expect(statuses("AssociateKeypair")).toEqual([429, 202]);
      expect(tasksOn(id).map((t) => t.id)).toEqual([res.data.task_id]);
    });
  });
});

// ------------------------------------------------------------------------------------------------ error bodies

describe("ApiError from every error body shape", () => {
  const h0 = () => harness({ settings: { maxRetries: 0 } });

  it("flat KPS {error_code, error_msg}", async () => {
    const h = h0();
    ctx.emu.fault({ fault: { kind: "status", status: 500, errorCode: "KPS.0500", errorMsg: "kps broke" }, match: { service: "kps" } });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ service: "kps", status: 500, errorCode: "KPS.0500", errorMsg: "kps broke" });
    expect(e.requestId).toBe(h.events[0]?.requestId);
  });

  it("flat DMS (RocketMQ) {error_code, error_msg}, from a real 404", async () => {
    const h = h0();
    const missing = "00000000-0000-0000-0000-00000000beef";
    const e = await apiFailure(h.client.call(rocketmqListTasks, { path: { instance_id: missing } }));
    expect(e).toMatchObject({ service: "rocketmq", status: 404, errorCode: "DMS.00404022" });
    expect(e.errorMsg).toContain(missing);
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("DCS {error_msg, error_code, error_ext_msg}", async () => {
    const h = h0();
    ctx.emu.fault({ fault: { kind: "status", status: 500, errorCode: "DCS.5000", errorMsg: "dcs broke" }, match: { service: "dcs" } });
    const e = await apiFailure(h.client.call(dcsListTasks, {}));
    expect(e).toMatchObject({ service: "dcs", status: 500, errorCode: "DCS.5000", errorMsg: "dcs broke" });
  });

  it('nested CSMS {"error": {error_code, error_msg}}', async () => {
    const h = h0();
    ctx.emu.fault({ fault: { kind: "status", status: 500, errorCode: "CSMS.0500", errorMsg: "csms broke" }, match: { service: "csms" } });
    const e = await apiFailure(h.client.call(csmsListTasks, {}));
    expect(e).toMatchObject({ service: "csms", status: 500, errorCode: "CSMS.0500", errorMsg: "csms broke" });
  });

  it("API gateway {error_code, error_msg, request_id} (an access key the emulator has never heard of)", async () => {
    const h = harness({ settings: { accessKey: "UNKNOWNAK00000000001", maxRetries: 0 } });
    const e = await apiFailure(h.client.call(dcsListTasks, {}));
    expect(e).toMatchObject({ service: "dcs", status: 401, errorCode: "APIGW.0301", attempts: 1 });
    expect(e.errorMsg).toMatch(/access key does not exist/);
    expect(e.requestId).toBe(h.events[0]?.requestId);
  });

  it("an HTML error page: status kept, no code, a readable snippet", async () => {
    const h = h0();
    ctx.emu.fault({ fault: { kind: "html", status: 502 }, match: { service: "kps" } });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e.status).toBe(502);
    expect(e.errorCode).toBeUndefined();
    expect(e.errorMsg).toMatch(/^non-JSON body: 502 Bad Gateway/);
    expect(e.errorMsg).not.toMatch(/[<>]/);
    expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it("parseErrorBody reads every documented shape (request_id from the body when present)", () => {
    expect(parseErrorBody('{"error_code":"KPS.0001","error_msg":"bad"}')).toEqual({ errorCode: "KPS.0001", errorMsg: "bad" });
    expect(parseErrorBody('{"error_msg":"m","error_code":"DCS.4800","error_ext_msg":null}')).toEqual({ errorCode: "DCS.4800", errorMsg: "m" });
    expect(parseErrorBody('{"error":{"error_code":"CSMS.0002","error_msg":"m"}}')).toEqual({ errorCode: "CSMS.0002", errorMsg: "m" });
    expect(parseErrorBody('{"error_code":"APIGW.0308","error_msg":"m","request_id":"r1"}')).toEqual({
      errorCode: "APIGW.0308",
      errorMsg: "m",
      requestId: "r1",
    });
    expect(parseErrorBody('{"error":{"code":"KMS.1","message":"m"}}')).toEqual({ errorCode: "KMS.1", errorMsg: "m" });
    expect(parseErrorBody("")).toEqual({ errorMsg: "empty body" });
    expect(parseErrorBody("[1,2]").errorCode).toBeUndefined();
    expect(parseErrorBody("null")).toEqual({ errorMsg: "unexpected body" });
  });
});

// ------------------------------------------------------------------------------------------ response shapes

describe("ResponseShapeError", () => {
  it("a 200 that is not JSON is retried like a 5xx, then names the body", async () => {
    const h = harness({ retry: { maxRetries: 2 } });
    ctx.emu.fault({ fault: { kind: "html", status: 200 }, match: { operation: "ListRunningTask" }, count: 1 });
    await expect(h.client.call(kpsListRunningTasks, {})).resolves.toMatchObject({ status: 200, attempts: 2 });
    expect(statuses("ListRunningTask")).toEqual([200, 200]);
    ctx.emu.clearRequests();
    ctx.emu.fault({ fault: { kind: "html", status: 200 }, match: { operation: "ListRunningTask" }, count: 3 });
    const e = await failure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toBeInstanceOf(ResponseShapeError);
    const shape = e as ResponseShapeError;
    expect(shape.field).toBe("");
    expect(shape.status).toBe(200);
    expect(shape.attempts).toBe(3);
    expect(shape.message).toMatch(/response field \(body\) is not JSON/);
    expect(shape.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(statuses("ListRunningTask")).toEqual([200, 200, 200]);
  });

  // The real endpoint schemas read every mutation the emulator can make (see datasources.test.ts); a stricter copy
  // of one shows that the error names the first offending field of whatever the emulator actually sent.
  const strict = (response: z.ZodType): EndpointDef => ({ ...kpsListRunningTasks, response }) as EndpointDef;

  it("names a top-level field sent as a string (mutate numbers-as-strings)", async () => {
    const h = harness();
    ctx.emu.fault({ fault: { kind: "mutate", mutation: "numbers-as-strings" }, match: { operation: "ListRunningTask" }, count: 1 });
    const ep = strict(z.object({ total: z.number(), tasks: z.array(z.unknown()) }));
    const e = await failure(h.client.call(ep, {}));
    expect(e).toBeInstanceOf(ResponseShapeError);
    expect((e as ResponseShapeError).field).toBe("total");
    expect(e.message).toContain("response field total");
    expect(statuses("ListRunningTask")).toEqual([200]);
  });

  it("names a nested field dropped from an item (mutate drop-optional)", async () => {
    const h = harness();
    ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 3_600_000, scope: DEFAULT_WORLD.servers[1].id });
    ctx.emu.fault({ fault: { kind: "mutate", mutation: "drop-optional" }, match: { operation: "ListRunningTask" }, count: 1 });
    const ep = strict(z.object({ total: z.number(), tasks: z.array(z.object({ task_id: z.string(), server_name: z.string() })) }));
    const e = await failure(h.client.call(ep, {}));
    expect((e as ResponseShapeError).field).toBe("tasks.0.server_name");
  });

  it("names the wire quirk itself: KPS task_time is a string of epoch ms", async () => {
    const h = harness();
    const ep = strict(z.object({ tasks: z.array(z.object({ task_time: z.number() })) }));
    const e = await failure(h.client.call(ep, {}));
    expect((e as ResponseShapeError).field).toBe("tasks.0.task_time");
    expect(e).toMatchObject({ service: "kps", operation: "ListRunningTask", status: 200, attempts: 1 });
  });
});

// ------------------------------------------------------------------------------------------ timeouts and aborts

describe("timeouts", () => {
  it("ends an attempt after requestTimeoutMs when the server hangs", async () => {
    const h = harness({ requestTimeoutMs: 150, retry: { maxRetries: 0 } });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { operation: "ListRunningTask" }, count: 1 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ status: 0, errorCode: "TIMEOUT", errorMsg: "no complete answer within 150 ms", attempts: 1 });
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ status: 0, failure: "timeout" });
    expect(statuses("ListRunningTask")).toEqual([-1]);
  });

  it("retries a GET that timed out", async () => {
    const h = harness({ requestTimeoutMs: 150, retry: { maxRetries: 1 } });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { operation: "ListRunningTask" }, count: 1 });
    const res = await h.client.call(kpsListRunningTasks, {});
    expect(res.attempts).toBe(2);
    expect(statuses("ListRunningTask")).toEqual([-1, 200]);
    expect(h.sleeps).toEqual([250]);
  });

  it("does not retry a POST that timed out", async () => {
    const h = harness({ requestTimeoutMs: 150 });
    ctx.emu.addServer({ id: "00000000-0000-4000-8000-0000000000ff", name: "post-timeout" });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { operation: "AssociateKeypair" }, count: 1 });
    const e = await apiFailure(
      h.client.call(kpsAssociateKeypair, {
        body: { keypair_name: "KeyPair-xt", server: { id: "00000000-0000-4000-8000-0000000000ff", auth: { type: "password", key: "pw-123456" } } },
      }),
    );
    expect(e).toMatchObject({ errorCode: "TIMEOUT", attempts: 1 });
    expect(statuses("AssociateKeypair")).toEqual([-1]);
  });
});

describe("AbortSignal", () => {
  it("an already aborted signal sends nothing", async () => {
    const h = harness();
    const e = await failure(h.client.call(kpsListRunningTasks, {}, { signal: AbortSignal.abort() }));
    expect(e).toBeInstanceOf(AbortError);
    expect(ctx.emu.requests()).toHaveLength(0);
  });

  // If abort were not prompt, the call would hang for requestTimeoutMs (20 s) and the 5 s test timeout would fail.
  it("aborts a call waiting on a hung server", async () => {
    const h = harness({ requestTimeoutMs: 20_000 });
    ctx.emu.fault({ fault: { kind: "hang" }, match: { operation: "ListRunningTask" }, count: 1 });
    const controller = new AbortController();
    const pending = failure(h.client.call(kpsListRunningTasks, {}, { signal: controller.signal }));
    await until(() => ctx.emu.requests({ operation: "ListRunningTask" }).length === 1);
    controller.abort();
    const e = await pending;
    expect(e).toBeInstanceOf(AbortError);
    expect(statuses("ListRunningTask")).toEqual([-1]);
    expect(h.sleeps).toEqual([]);
  }, 5000);

  it("aborts a call sleeping before a retry (real sleep, 60 s backoff)", async () => {
    const controller = new AbortController();
    const client = new TaskApiClient({
      settings: resolveSettings(ctx.emu.settings(), { env: {} }),
      dispatcher: agent,
      random: () => 1,
      gate: new ThrottleGate(),
      retry: { baseMs: 60_000, capMs: 60_000, maxRetries: 3 },
      onExchange: (e) => {
        if (e.status === 503) setImmediate(() => controller.abort());
      },
    });
    ctx.emu.fault({ fault: { kind: "status", status: 503 }, match: { operation: "ListRunningTask" }, count: 5 });
    const e = await failure(client.call(kpsListRunningTasks, {}, { signal: controller.signal }));
    expect(e).toBeInstanceOf(AbortError);
    expect(statuses("ListRunningTask")).toEqual([503]);
  }, 5000);
});

// ------------------------------------------------------------------------------------------------ project id

describe("project id through IAM", () => {
  const noProject = { projectId: undefined } as Partial<SettingsArgs>;
  const iamCalls = () => ctx.emu.requests({ operation: "KeystoneListProjects" });

  it("is resolved once per access key and region, shared by calls, concurrent calls and clients", async () => {
    const a = harness({ settings: noProject });
    await a.client.call(kpsListRunningTasks, {});
    await a.client.call(csmsListTasks, {});
    await a.client.call(dcsListTasks, {});
    await a.client.call(rocketmqListTasks, { path: { instance_id: rmq } });
    await Promise.all([1, 2, 3, 4].map(() => a.client.call(kpsListRunningTasks, {})));
    const b = harness({ settings: noProject });
    await b.client.call(dcsListTasks, {});
    expect(iamCalls()).toHaveLength(1);
    expect(iamCalls()[0]?.query).toEqual({ name: ctx.emu.region });

    const others = ctx.emu.requests().filter((r) => r.service !== "iam");
    expect(others).toHaveLength(9);
    for (const r of others) {
      expect(r.path).toContain(`/${ctx.emu.projectId}/`);
      expect(r.status).toBe(200);
    }
  });

  it("is resolved again for another access key", async () => {
    await harness({ settings: noProject }).client.call(kpsListRunningTasks, {});
    await harness({ settings: { ...noProject, ...SECOND } }).client.call(kpsListRunningTasks, {});
    await harness({ settings: { ...noProject, ...SECOND } }).client.call(kpsListRunningTasks, {});
    expect(iamCalls().map((r) => r.accessKey)).toEqual([ctx.emu.accessKey, SECOND.accessKey]);
  });

  it("is not looked up when the settings carry it", async () => {
    await harness().client.call(kpsListRunningTasks, {});
    expect(iamCalls()).toHaveLength(0);
  });

  it("a region IAM does not know is an InputError naming projectId, and is not cached", async () => {
    const h = harness({ settings: { ...noProject, region: "cn-north-1" } });
    const e = await failure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).field).toBe("projectId");
    expect(e.message).toContain("IAM lists 0 projects named cn-north-1");
    await failure(h.client.call(kpsListRunningTasks, {}));
    expect(iamCalls()).toHaveLength(2);
    expect(ctx.emu.requests().filter((r) => r.service !== "iam")).toHaveLength(0);
  });

  it("an IAM failure is reported as such and not cached", async () => {
    const h = harness({ settings: { ...noProject, maxRetries: 0 } });
    ctx.emu.fault({ fault: { kind: "status", status: 500 }, match: { service: "iam" }, count: 1 });
    const e = await apiFailure(h.client.call(kpsListRunningTasks, {}));
    expect(e).toMatchObject({ service: "iam", operation: "KeystoneListProjects", status: 500 });
    const res = await h.client.call(kpsListRunningTasks, {});
    expect(res.status).toBe(200);
    expect(iamCalls().map((r) => r.status)).toEqual([500, 200]);
  });
});

describe("headers sent", () => {
  /** The agent, with an interceptor that records what undici is asked to send. */
  function recording(): { dispatcher: Dispatcher; sent: { path: string; headers: Record<string, string> }[] } {
    const sent: { path: string; headers: Record<string, string> }[] = [];
    const dispatcher = agent.compose((dispatch) => (opts, handler) => {
      sent.push({ path: String(opts.path), headers: { ...(opts.headers as Record<string, string>) } });
      return dispatch(opts, handler);
    });
    return { dispatcher, sent };
  }

  it("X-Project-Id (the resolved id) is sent and signed on project calls, not on the IAM call", async () => {
    const { dispatcher, sent } = recording();
    const h = harness({ settings: { projectId: undefined }, dispatcher });
    await h.client.call(kpsListRunningTasks, {});
    expect(sent).toHaveLength(2);
    const [iam, kps] = sent;
    expect(iam?.path.startsWith("/v3/projects")).toBe(true);
    expect(iam?.headers["X-Project-Id"]).toBeUndefined();
    expect(kps?.headers["X-Project-Id"]).toBe(ctx.emu.projectId);
    expect(kps?.headers["Authorization"]).toMatch(/SignedHeaders=[^,]*x-project-id/);
    expect(kps?.headers["X-Sdk-Date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(kps?.headers["User-Agent"]).toBe("pulumi-hwc-tasks");
  });

  it("X-Security-Token is sent and signed with temporary credentials", async () => {
    const { dispatcher, sent } = recording();
    const h = harness({ settings: { securityToken: "temporary-token-1" }, dispatcher });
    // The emulator's default key has no token configured: it accepts a signed one.
    await h.client.call(dcsListTasks, {});
    expect(sent[0]?.headers["X-Security-Token"]).toBe("temporary-token-1");
    expect(sent[0]?.headers["Authorization"]).toMatch(/SignedHeaders=[^,]*x-security-token/);
  });
});

// ------------------------------------------------------------------------------------------------------ proxies

describe("proxies from the environment", () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startProxy();
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    proxy.hits.length = 0;
  });
  const viaProxy = () => proxy.hits.filter((h) => h.target.includes(`127.0.0.1:${ctx.emu.port}`));

  it("HTTP_PROXY is honoured by an EnvHttpProxyAgent (NO_PROXY unset)", async () => {
    await withProxyEnv({ HTTP_PROXY: proxy.url }, async () => {
      const dispatcher = new EnvHttpProxyAgent();
      try {
        const res = await harness({ dispatcher }).client.call(kpsListRunningTasks, {});
        expect(res.status).toBe(200);
      } finally {
        await dispatcher.close();
      }
    });
    expect(viaProxy().length).toBeGreaterThanOrEqual(1);
    expect(statuses("ListRunningTask")).toEqual([200]);
  });

  it("NO_PROXY covering 127.0.0.1 bypasses the proxy", async () => {
    await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: "127.0.0.1" }, async () => {
      const dispatcher = new EnvHttpProxyAgent();
      try {
        await harness({ dispatcher }).client.call(kpsListRunningTasks, {});
      } finally {
        await dispatcher.close();
      }
    });
    expect(proxy.hits).toHaveLength(0);
    expect(statuses("ListRunningTask")).toEqual([200]);
  });

  it("the package's shared default dispatcher honours HTTP_PROXY too", async () => {
    await closeDefaultDispatcher();
    try {
      await withProxyEnv({ HTTP_PROXY: proxy.url }, async () => {
        const res = await getKpsRunningTasks({}, { ...ctx.emu.settings(), sources: { env: {} } });
        expect(typeof res.total).toBe("number");
      });
    } finally {
      await closeDefaultDispatcher();
    }
    expect(viaProxy().length).toBeGreaterThanOrEqual(1);
    expect(statuses("ListRunningTask")).toEqual([200]);
  });
});
