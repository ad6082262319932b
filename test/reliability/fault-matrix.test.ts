/**
 * Fault matrix: every fault a task API can throw at a deployment, each against a data source and against a waiter,
 * on its own time-scaled emulator. Every run ends in success with the right task, or in a typed error whose fields
 * say what went wrong and what to do; the retries are counted in the emulator's request log (or, for refused
 * connections the emulator cannot log, in the client's exchange events).
 *
 * All runs execute concurrently in `beforeAll` (each on an isolated emulator: its own faults, request log, origin
 * and so its own throttle-gate key) and each `it` then asserts one run's outcome. The HTTP client's backoff and
 * throttle gate run on real time, so waits get a generous virtual deadline ("1h" = 36 s real at 100x).
 */
import { DEFAULT_WORLD, type Emulator, type TaskView } from "../../emulator";
import {
  ApiError,
  awaitTaskById,
  getCsmsTasks,
  getDcsTasks,
  getKpsTask,
  getRocketMqTasks,
  ResponseShapeError,
  TaskNotFoundError,
  WaitTimeoutError,
  type ExchangeEvent,
  type WaitEvent,
  type WaitOptions,
  type WaitResult,
} from "../../provider";
import { closeDefaultDispatcher } from "../../provider/runtime";
import { EmulatorFleet, count, pool, settle, statuses, until, type Settled } from "../helpers/reliability";

type Service = "kps" | "csms" | "dcs" | "rocketmq";
type Target = "data source" | "waiter";

const TIME_SCALE = 100;
const WAIT_DEADLINE_MS = 3_600_000;
const RMQ = DEFAULT_WORLD.rocketmqInstances[0].id;
const SERVER = "srv-fault-matrix";

/** The operation each service's data source and waiter read. */
const OPERATION: Record<Service, string> = {
  kps: "ListKeypairTask",
  csms: "ListSecretTask",
  dcs: "ListCenterTask",
  rocketmq: "ListBackgroundTasks",
};
const SUCCESS: Record<Service, string> = { kps: "SUCCESS_RESET", csms: "SUCCESS", dcs: "SUCCESS", rocketmq: "SUCCESS" };
const DS_NAME: Record<Service, string> = { kps: "getKpsTask", csms: "getCsmsTasks", dcs: "getDcsTasks", rocketmq: "getRocketMqTasks" };
const WAITER_NAME: Record<Service, string> = { kps: "awaitKpsTask", csms: "awaitCsmsTask", dcs: "awaitDcsTask", rocketmq: "awaitRocketMqTask" };

/** One execution of a case against one target. */
interface Run {
  emu: Emulator;
  service: Service;
  target: Target;
  task: TaskView;
  events: ExchangeEvent[];
  progress: WaitEvent[];
  outcome: Settled<unknown>;
  /** Virtual time the run took (the waiter's deadline is in virtual time). */
  virtualMs: number;
}

interface FaultCase {
  name: string;
  /** The outcome each target must reach, as the report lists it. */
  outcomes: { dataSource: string; waiter: string };
  service: Service;
  /** Options for both targets (retries, request timeout, settings overrides). */
  options?: Partial<WaitOptions>;
  /** Extra options for the waiter only (its deadline, ...). */
  waitOptions?: Partial<WaitOptions>;
  /** Emulator options beyond the time scale and seed. */
  emulator?: { gatewayClockOffsetMs?: number };
  /** The task's duration, virtual ms. @default 30000 */
  taskMs?: number;
  /** The RocketMQ instance the calls name. @default the default world's first */
  instanceId?: string;
  /** Sets the faults before the call. */
  arrange?: (run: Run) => void;
  /** Runs alongside the call (a fault injected mid-wait, a restart). */
  during?: (run: Run, start: number) => Promise<void>;
  /** Assertions on the data-source run. */
  dataSource: (run: Run) => void;
  /** Assertions on the waiter run. */
  waiter: (run: Run) => void;
}

// ------------------------------------------------------------------------------------------------ assertions

/** The statuses of the run's operation in the emulator's log. */
/**
 * The requests a case's faults hit: the operation each service's reads use. A KPS waiter reads the running list and
 * the task by id (the data source reads by id only), so KPS faults hit every KPS read.
 */
const matchOf = (run: Run) => (run.service === "kps" ? { service: "kps" as const } : { operation: OPERATION[run.service] });
const log = (run: Run) => (run.service === "kps" ? run.emu.requests({ service: "kps" }).map((r) => r.status) : statuses(run.emu, OPERATION[run.service]));

function dsTasks(run: Run): { id: string; status: string; phase: string; raw: Record<string, unknown> }[] {
  if (!run.outcome.ok) throw run.outcome.error;
  const v = run.outcome.value as Record<string, unknown>;
  if (run.service === "kps") return [{ id: String(v["taskId"]), status: String(v["taskStatus"]), phase: String(v["phase"]), raw: v }];
  const list = (v["tasks"] ?? []) as Record<string, unknown>[];
  return list.map((t) => ({
    id: String(t["taskId"] ?? t["id"]),
    status: String(t["taskStatus"] ?? t["status"]),
    phase: String(t["phase"]),
    raw: t,
  }));
}

/** The data source answered, and its answer shows the run's task. */
function expectDataSourceSuccess(run: Run): Record<string, unknown> {
  const found = dsTasks(run).find((t) => t.id === run.task.id);
  expect(found).toBeDefined();
  expect(["pending", "succeeded"]).toContain(found?.phase);
  return found?.raw ?? {};
}

/** The waiter resolved with the run's task in its success status, after the emulator's finish time, within its deadline. */
function expectWaitSuccess(run: Run): WaitResult<Record<string, unknown>> {
  if (!run.outcome.ok) throw run.outcome.error;
  const r = run.outcome.value as WaitResult<Record<string, unknown>>;
  const id = r.task["taskId"] ?? r.task["id"];
  expect(id).toBe(run.task.id);
  expect(r.status).toBe(SUCCESS[run.service]);
  expect(r.finishedAt).toBeGreaterThanOrEqual(run.task.finishAt);
  expect(r.elapsedMs).toBeLessThanOrEqual(WAIT_DEADLINE_MS);
  return r;
}

interface ExpectedApiError {
  status: number;
  errorCode?: string;
  attempts: number;
  hint: RegExp;
  errorMsg?: RegExp;
  service?: string;
}

function expectApiError(run: Run, e: ExpectedApiError): ApiError {
  expect(run.outcome.ok).toBe(false);
  const err = (run.outcome as { error: unknown }).error;
  expect(err).toBeInstanceOf(ApiError);
  const a = err as ApiError;
  expect(a.status).toBe(e.status);
  if (e.errorCode !== undefined) expect(a.errorCode).toBe(e.errorCode);
  expect(a.attempts).toBe(e.attempts);
  expect(a.hint).toMatch(e.hint);
  expect(a.message).toContain(a.hint as string);
  if (e.errorMsg) expect(a.errorMsg).toMatch(e.errorMsg);
  expect(a.service).toBe(e.service ?? run.service);
  return a;
}

const transientEvents = (run: Run) => run.progress.filter((e) => e.type === "transient-error") as { message: string }[];

// ------------------------------------------------------------------------------------------------------- cases

const throttle = (n: number, retryAfter?: string) => (run: Run) =>
  void run.emu.fault({ fault: { kind: "throttle", ...(retryAfter ? { retryAfter } : {}) }, match: matchOf(run), count: n });
const status = (s: number, n: number) => (run: Run) => void run.emu.fault({ fault: { kind: "status", status: s }, match: matchOf(run), count: n });
const transport = (kind: "reset" | "hang" | "truncate", n: number) => (run: Run) => void run.emu.fault({ fault: { kind }, match: matchOf(run), count: n });
/**
 * The emulator saw at most `attempts` requests of the operation and answered none (a request timeout is a total
 * deadline, connect included: on a loaded machine an attempt can end before the emulator has seen it).
 */
function expectHungRequests(run: Run, attempts: number): void {
  expect(log(run).length).toBeGreaterThanOrEqual(1);
  expect(log(run).length).toBeLessThanOrEqual(attempts);
  expect(log(run).every((s) => s === -1)).toBe(true);
}

const everyAnswer = (fault: Parameters<Emulator["fault"]>[0]["fault"]) => (run: Run) =>
  void run.emu.fault({ fault, match: matchOf(run), forMs: 120_000 });

/** A burst of `s` answers, then success: the data source retries through it; the waiter too. */
function burstCase(s: number, service: Service): FaultCase {
  return {
    name: `${s} burst of 3, within the retry budget`,
    outcomes: { dataSource: "succeeds after 3 retries", waiter: "succeeds after 3 retries" },
    service,
    arrange: status(s, 3),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([s, s, s, 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 4)).toEqual([s, s, s, 200]);
      expect(count(log(run), s)).toBe(3);
    },
  };
}

const cases: FaultCase[] = [
  {
    name: "429 APIGW.0308 burst of 2, within the retry budget",
    outcomes: { dataSource: "succeeds after 2 retries", waiter: "succeeds after 2 retries" },
    service: "rocketmq",
    arrange: throttle(2),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([429, 429, 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 3)).toEqual([429, 429, 200]);
      expect(count(log(run), 429)).toBe(2);
    },
  },
  {
    name: "429 APIGW.0308 burst of 3, longer than the retry budget (maxRetries 1)",
    outcomes: { dataSource: "ApiError 429 APIGW.0308 after 2 attempts; hint: raise huaweicloud:maxRetries", waiter: "succeeds: polls on through 3 throttles" },
    service: "kps",
    options: { maxRetries: 1 },
    arrange: throttle(3),
    dataSource: (run) => {
      expectApiError(run, { status: 429, errorCode: "APIGW.0308", attempts: 2, hint: /retries ran out.*raise huaweicloud:maxRetries/ });
      expect(log(run)).toEqual([429, 429]);
    },
    waiter: (run) => {
      // The call's retries ran out, but a throttle is transient: the wait polls on and finishes.
      expectWaitSuccess(run);
      expect(log(run).slice(0, 4)).toEqual([429, 429, 429, 200]);
      expect(transientEvents(run).length).toBeGreaterThanOrEqual(1);
      expect(transientEvents(run)[0]?.message).toMatch(/HTTP 429 APIGW\.0308/);
    },
  },
  {
    name: "429 with Retry-After: 1",
    outcomes: { dataSource: "succeeds after 1 retry", waiter: "succeeds after 1 retry" },
    service: "dcs",
    arrange: throttle(1, "1"),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([429, 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 2)).toEqual([429, 200]);
      expect(count(log(run), 429)).toBe(1);
    },
  },
  burstCase(500, "kps"),
  burstCase(502, "csms"),
  burstCase(503, "dcs"),
  burstCase(504, "rocketmq"),
  {
    name: "503 storm of 5, longer than the retry budget (maxRetries 2)",
    outcomes: { dataSource: "ApiError 503 after 3 attempts; hint: try again later", waiter: "succeeds: polls on through 5 failures" },
    service: "csms",
    options: { maxRetries: 2 },
    arrange: status(503, 5),
    dataSource: (run) => {
      expectApiError(run, { status: 503, errorCode: "EMULATOR.503", attempts: 3, hint: /kept failing; try again later/ });
      expect(log(run)).toEqual([503, 503, 503]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 6)).toEqual([503, 503, 503, 503, 503, 200]);
      expect(transientEvents(run).length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: "connection reset, once",
    outcomes: { dataSource: "succeeds after 1 retry", waiter: "succeeds after 1 retry" },
    service: "rocketmq",
    arrange: transport("reset", 1),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([-1, 200]);
      expect(run.events.map((e) => e.failure ?? e.status)).toEqual(["reset", 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 2)).toEqual([-1, 200]);
      expect(run.events[0]?.failure).toBe("reset");
    },
  },
  {
    name: "connection reset 3 times, longer than the retry budget (maxRetries 1)",
    outcomes: { dataSource: "ApiError NETWORK (no response) after 2 attempts; hint: check connectivity", waiter: "succeeds: polls on through 3 resets" },
    service: "dcs",
    options: { maxRetries: 1 },
    arrange: transport("reset", 3),
    dataSource: (run) => {
      expectApiError(run, { status: 0, errorCode: "NETWORK", attempts: 2, hint: /network kept failing; check connectivity and proxies/, errorMsg: /reset/ });
      expect(log(run)).toEqual([-1, -1]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 4)).toEqual([-1, -1, -1, 200]);
    },
  },
  {
    name: "a response that never ends, once (1 s request timeout: connect, headers and body)",
    outcomes: { dataSource: "succeeds after a request timeout and 1 retry", waiter: "succeeds after 1 retry" },
    service: "kps",
    options: { requestTimeoutMs: 1000 },
    arrange: transport("hang", 1),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      // The request timeout is a total deadline (connect included): on a loaded machine a retry may time out too,
      // sometimes before the emulator saw it. What holds: timeouts, then the answer.
      expect(log(run)[0]).toBe(-1);
      expect(log(run).at(-1)).toBe(200);
      const seen = run.events.map((e) => e.failure ?? e.status);
      expect(seen[0]).toBe("timeout");
      expect(seen.slice(0, -1).every((f) => f === "timeout")).toBe(true);
      expect(seen.at(-1)).toBe(200);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 2)).toEqual([-1, 200]);
      expect(run.events[0]?.failure).toBe("timeout");
    },
  },
  {
    name: "responses that never end, longer than the retry budget (maxRetries 1)",
    outcomes: { dataSource: "ApiError TIMEOUT after 2 attempts; hint: check connectivity", waiter: "succeeds: polls on through 2 timeouts" },
    service: "csms",
    options: { requestTimeoutMs: 1000, maxRetries: 1 },
    arrange: transport("hang", 2),
    dataSource: (run) => {
      expectApiError(run, { status: 0, errorCode: "TIMEOUT", attempts: 2, hint: /network kept failing/, errorMsg: /no complete answer within 1000 ms/ });
      expectHungRequests(run, 2);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 3)).toEqual([-1, -1, 200]);
    },
  },
  {
    name: "a body cut short, once",
    outcomes: { dataSource: "succeeds after 1 retry", waiter: "succeeds after 1 retry" },
    service: "dcs",
    arrange: transport("truncate", 1),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([-1, 200]);
      expect(run.events[0]?.status).toBe(0);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 2)).toEqual([-1, 200]);
    },
  },
  {
    name: "an HTML 502 error page from a proxy, twice",
    outcomes: { dataSource: "succeeds after 2 retries", waiter: "succeeds after 2 retries" },
    service: "rocketmq",
    arrange: (run) => void run.emu.fault({ fault: { kind: "html", status: 502 }, match: matchOf(run), count: 2 }),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([502, 502, 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 3)).toEqual([502, 502, 200]);
    },
  },
  {
    name: "an HTML page with status 200 instead of the API's answer, once",
    outcomes: { dataSource: "succeeds after 1 retry (a 2xx that is not JSON is the infrastructure's, retried)", waiter: "succeeds after 1 retry" },
    service: "kps",
    arrange: (run) => void run.emu.fault({ fault: { kind: "html", status: 200 }, match: matchOf(run), count: 1 }),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([200, 200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).slice(0, 2)).toEqual([200, 200]);
    },
  },
  {
    name: "an HTML page with status 200 in every answer",
    outcomes: {
      dataSource: "ResponseShapeError (not JSON) after 2 attempts; hint: report it with the request id",
      waiter: "transient, polled on: WaitTimeoutError at its 3 min deadline",
    },
    service: "kps",
    taskMs: 3_600_000,
    options: { maxRetries: 1 },
    waitOptions: { timeout: "3m" },
    arrange: everyAnswer({ kind: "html", status: 200 }),
    dataSource: (run) => {
      const e = expectApiError(run, { status: 200, attempts: 2, hint: /undocumented shape; report it with the request id/, errorMsg: /is not JSON/ });
      expect(e).toBeInstanceOf(ResponseShapeError);
      expect(e.requestId).toMatch(/^[0-9a-f]{32}$/);
      expect(log(run)).toEqual([200, 200]);
    },
    waiter: (run) => {
      // A page that is not JSON is the infrastructure's, whatever its status: transient, like a 503. The wait polls
      // on and its deadline ends it.
      expect(run.outcome.ok).toBe(false);
      const e = (run.outcome as { error: unknown }).error as WaitTimeoutError;
      expect(e).toBeInstanceOf(WaitTimeoutError);
      expect(e.elapsedMs).toBeGreaterThanOrEqual(180_000);
      expect(log(run).every((st) => st === 200)).toBe(true);
      expect(log(run).length).toBeGreaterThan(2);
      expect(transientEvents(run)[0]?.message).toMatch(/is not JSON/);
    },
  },
  {
    name: "a JSON body with unknown extra fields, in every answer",
    outcomes: { dataSource: "succeeds; unknown fields ignored", waiter: "succeeds" },
    service: "csms",
    arrange: everyAnswer({ kind: "mutate", mutation: "extra-fields" }),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([200]);
      expect(run.emu.requests()[0]?.fault).toBe("mutate");
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(log(run).every((s) => s === 200)).toBe(true);
    },
  },
  {
    name: "missing optional fields, in every answer",
    outcomes: { dataSource: "succeeds; absent fields read as undefined", waiter: "succeeds" },
    service: "rocketmq",
    arrange: everyAnswer({ kind: "mutate", mutation: "drop-optional" }),
    dataSource: (run) => {
      const t = expectDataSourceSuccess(run);
      expect(t["updatedAt"]).toBeUndefined();
      expect(t["params"]).toBeUndefined();
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      const r = expectWaitSuccess(run);
      expect(r.task["params"]).toBeUndefined();
      expect(log(run).every((s) => s === 200)).toBe(true);
    },
  },
  {
    name: "numbers sent as strings, in every answer",
    outcomes: { dataSource: "succeeds; numbers read as numbers", waiter: "succeeds; numbers read as numbers" },
    service: "csms",
    arrange: everyAnswer({ kind: "mutate", mutation: "numbers-as-strings" }),
    dataSource: (run) => {
      const t = expectDataSourceSuccess(run);
      expect(t["taskTime"]).toBe(run.task.createdAt);
      expect(typeof (run.outcome as { value: { total: unknown } }).value.total).toBe("number");
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      const r = expectWaitSuccess(run);
      expect(r.task["taskTime"]).toBe(run.task.createdAt);
      expect(log(run).every((s) => s === 200)).toBe(true);
    },
  },
  {
    name: "clock skew: the gateway's clock 20 minutes ahead, 401 APIGW.0301",
    outcomes: { dataSource: "ApiError 401 APIGW.0301, 1 attempt (never retried); hint: check the clock", waiter: "stops at once with the same ApiError 401" },
    service: "kps",
    emulator: { gatewayClockOffsetMs: 20 * 60_000 },
    dataSource: (run) => {
      expectApiError(run, { status: 401, errorCode: "APIGW.0301", attempts: 1, hint: /clock is within 15 minutes of UTC; not retried/, errorMsg: /X-Sdk-Date/ });
      expect(log(run)).toEqual([401]);
    },
    waiter: (run) => {
      expectApiError(run, { status: 401, errorCode: "APIGW.0301", attempts: 1, hint: /clock is within 15 minutes/ });
      expect(log(run)).toEqual([401]);
    },
  },
  {
    name: "401: a secret key the gateway rejects",
    outcomes: { dataSource: "ApiError 401 APIGW.0301, 1 attempt; hint: check the keys", waiter: "stops at once with the same ApiError 401" },
    service: "dcs",
    options: { secretKey: "not-the-secret-key" },
    dataSource: (run) => {
      expectApiError(run, { status: 401, errorCode: "APIGW.0301", attempts: 1, hint: /Check the access key and secret key/, errorMsg: /signature/ });
      expect(log(run)).toEqual([401]);
    },
    waiter: (run) => {
      expectApiError(run, { status: 401, errorCode: "APIGW.0301", attempts: 1, hint: /Check the access key and secret key/ });
      expect(log(run)).toEqual([401]);
    },
  },
  {
    name: "403: a project id of another account",
    outcomes: { dataSource: "ApiError 403 KPS.0403, 1 attempt; hint: permission or project id", waiter: "stops at once with the same ApiError 403" },
    service: "kps",
    options: { projectId: "0000000000000000000000000000dead" },
    dataSource: (run) => {
      expectApiError(run, { status: 403, errorCode: "KPS.0403", attempts: 1, hint: /lack permission.*not retried/ });
      expect(log(run)).toEqual([403]);
    },
    waiter: (run) => {
      expectApiError(run, { status: 403, errorCode: "KPS.0403", attempts: 1, hint: /lack permission/ });
      expect(log(run)).toEqual([403]);
    },
  },
  {
    name: "404: an instance that does not exist",
    outcomes: { dataSource: "ApiError 404 DMS.00404022, 1 attempt; hint: check the id", waiter: "stops at once with the same ApiError 404" },
    service: "rocketmq",
    instanceId: "00000000-0000-0000-0000-00000000beef",
    dataSource: (run) => {
      expectApiError(run, { status: 404, errorCode: "DMS.00404022", attempts: 1, hint: /Check the id, the region and the project id/ });
      expect(log(run)).toEqual([404]);
    },
    waiter: (run) => {
      expectApiError(run, { status: 404, errorCode: "DMS.00404022", attempts: 1, hint: /Check the id/ });
      expect(log(run)).toEqual([404]);
    },
  },
  {
    name: "a task that vanishes mid-wait for one answer, after the not-found grace would have run out",
    outcomes: { dataSource: "answers without the task", waiter: "succeeds; reports not-found-yet once" },
    service: "rocketmq",
    taskMs: 300_000,
    arrange: (run) => {
      // The data source reads while the task is hidden: the list answers without it.
      if (run.target === "data source") run.emu.fault({ fault: { kind: "vanish", taskId: run.task.id }, count: 1 });
    },
    during: async (run, start) => {
      if (run.target !== "waiter") return;
      // Seen, and more than the 60 s grace into the wait: the old grace (counted from the start) had run out.
      await until(() => count(log(run), 200) >= 1 && run.emu.clock.now() - start > 70_000, "the waiter to see the task past the grace");
      // Two answers: the list's, and the read by id its absence prompts.
      run.emu.fault({ fault: { kind: "vanish", taskId: run.task.id }, count: 2 });
    },
    dataSource: (run) => {
      expect(dsTasks(run).map((t) => t.id)).not.toContain(run.task.id);
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(run.progress.filter((e) => e.type === "not-found-yet")).toHaveLength(1);
      expect(run.emu.faults()[0]?.hits).toBe(2);
    },
  },
  {
    name: "a task that vanishes for good",
    outcomes: { dataSource: "ApiError 404 KPS.0404, 1 attempt", waiter: "TaskNotFoundError (KPS.0404) once its 30 s not-found grace has passed" },
    service: "kps",
    taskMs: 300_000,
    waitOptions: { notFoundGraceMs: 30_000 },
    arrange: (run) => {
      if (run.target === "data source") run.emu.fault({ fault: { kind: "vanish", taskId: run.task.id }, count: 1 });
    },
    during: async (run) => {
      if (run.target !== "waiter") return;
      await until(() => count(log(run), 200) >= 1, "the waiter to see the task");
      run.emu.fault({ fault: { kind: "vanish", taskId: run.task.id }, forMs: 120_000 });
    },
    dataSource: (run) => {
      expectApiError(run, { status: 404, errorCode: "KPS.0404", attempts: 1, hint: /Check the id, the region and the project id/ });
      expect(log(run)).toEqual([404]);
    },
    waiter: (run) => {
      expect(run.outcome.ok).toBe(false);
      const e = (run.outcome as { error: unknown }).error as TaskNotFoundError;
      expect(e).toBeInstanceOf(TaskNotFoundError);
      expect(e).toMatchObject({ service: "kps", taskId: run.task.id, errorCode: "KPS.0404" });
      expect(e.lookedForMs).toBeGreaterThanOrEqual(30_000);
      expect(e.message).toMatch(/Check the id and the scope/);
      expect(e.cause).toMatchObject({ status: 404, errorCode: "KPS.0404" });
      const seen = log(run);
      expect(seen[0]).toBe(200);
      // Once gone, it is looked for through the grace (several 404s), then the wait ends.
      expect(count(seen, 404)).toBeGreaterThanOrEqual(2);
      expect(seen.at(-1)).toBe(404);
    },
  },
  {
    name: "a status never seen before",
    outcomes: { dataSource: "shows the status, phase pending", waiter: "succeeds; reports the unknown status once" },
    service: "dcs",
    arrange: (run) =>
      void run.emu.fault({ fault: { kind: "unknown-status", taskId: run.task.id, status: "PAUSED_FOR_MAINTENANCE" }, count: 2 }),
    dataSource: (run) => {
      const t = dsTasks(run).find((x) => x.id === run.task.id);
      expect(t).toMatchObject({ status: "PAUSED_FOR_MAINTENANCE", phase: "pending" });
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(run.progress.filter((e) => e.type === "unknown-status")).toEqual([expect.objectContaining({ status: "PAUSED_FOR_MAINTENANCE" })]);
    },
  },
  {
    name: "the emulator restarted mid-call (down 300 ms) and mid-wait (down 1 s)",
    outcomes: { dataSource: "succeeds after retrying refused connections", waiter: "succeeds after the outage" },
    service: "rocketmq",
    taskMs: 120_000,
    during: async (run) => {
      if (run.target === "data source") {
        // Down before the call connects; back well inside the client's retries.
        await run.emu.restart(300);
        return;
      }
      // Down for longer than the waiter's longest gap between looks (30 s virtual = 300 ms real), so it meets the outage.
      await until(() => count(log(run), 200) >= 1, "the first answer");
      await run.emu.restart(1000);
    },
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      // Refused connections never reach the emulator's log: the client's exchanges show them.
      const failures = run.events.filter((e) => e.status === 0).map((e) => e.failure);
      expect(failures.length).toBeGreaterThanOrEqual(1);
      expect(failures.every((f) => f === "refused" || f === "reset")).toBe(true);
      expect(run.events.at(-1)?.status).toBe(200);
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(run.events.some((e) => e.failure === "refused" || e.failure === "reset")).toBe(true);
      expect(log(run).every((s) => s === 200)).toBe(true);
    },
  },
  {
    name: "a slow answer (250 ms) inside the request timeout",
    outcomes: { dataSource: "succeeds, no retry", waiter: "succeeds, no retry" },
    service: "csms",
    options: { requestTimeoutMs: 5_000 },
    arrange: (run) => void run.emu.fault({ fault: { kind: "latency", ms: 250 }, match: matchOf(run), count: 1 }),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(log(run)).toEqual([200]);
      expect(run.events).toHaveLength(1);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(run.events[0]).toMatchObject({ status: 200, attempt: 1 });
    },
  },
  {
    name: "IAM 503 twice while resolving the project id",
    outcomes: { dataSource: "succeeds after 2 IAM retries", waiter: "succeeds after 2 IAM retries" },
    service: "dcs",
    options: { projectId: undefined },
    arrange: (run) => void run.emu.fault({ fault: { kind: "status", status: 503 }, match: { service: "iam" }, count: 2 }),
    dataSource: (run) => {
      expectDataSourceSuccess(run);
      expect(statuses(run.emu, "KeystoneListProjects")).toEqual([503, 503, 200]);
      expect(log(run)).toEqual([200]);
    },
    waiter: (run) => {
      expectWaitSuccess(run);
      expect(statuses(run.emu, "KeystoneListProjects")).toEqual([503, 503, 200]);
    },
  },
  {
    name: "every answer 503 for the whole wait (maxRetries 1)",
    outcomes: { dataSource: "ApiError 503 after 2 attempts; hint: try again later", waiter: "WaitTimeoutError at its 3 min deadline, carrying the last 503 and its host" },
    service: "kps",
    taskMs: 3_600_000,
    options: { maxRetries: 1 },
    waitOptions: { timeout: "3m" },
    arrange: everyAnswer({ kind: "status", status: 503 }),
    dataSource: (run) => {
      expectApiError(run, { status: 503, attempts: 2, hint: /kept failing; try again later/ });
      expect(log(run)).toEqual([503, 503]);
    },
    waiter: (run) => {
      // Never hangs: the deadline ends it with what was seen.
      expect(run.outcome.ok).toBe(false);
      const e = (run.outcome as { error: unknown }).error as WaitTimeoutError;
      expect(e).toBeInstanceOf(WaitTimeoutError);
      expect(e.lastStatus).toBeUndefined();
      expect(e.polls).toBeGreaterThanOrEqual(1);
      expect(e.elapsedMs).toBeGreaterThanOrEqual(180_000);
      expect(e.message).toMatch(/waiting for kps task .* no status seen yet; \d+ polls made\. Last error \(from 127\.0\.0\.1:\d+\): .*HTTP 503/);
      expect(e.lastError).toMatchObject({ status: 503, host: new URL(run.emu.url).host });
      expect(log(run).every((s) => s === 503)).toBe(true);
      expect(log(run).length).toBeGreaterThanOrEqual(2);
      expect(transientEvents(run).length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: "no answer ever comes, for the whole wait",
    outcomes: { dataSource: "ApiError TIMEOUT after 2 attempts; hint: check connectivity", waiter: "WaitTimeoutError at its 2 min deadline, the hung call abandoned" },
    service: "csms",
    taskMs: 3_600_000,
    options: { maxRetries: 1, requestTimeoutMs: 1000 },
    waitOptions: { timeout: "2m", requestTimeoutMs: 30_000 },
    arrange: everyAnswer({ kind: "hang" }),
    dataSource: (run) => {
      expectApiError(run, { status: 0, errorCode: "TIMEOUT", attempts: 2, hint: /network kept failing/ });
      expectHungRequests(run, 2);
    },
    waiter: (run) => {
      // The one call never answers (30 s request timeout): the wait abandons it at its own deadline.
      expect(run.outcome.ok).toBe(false);
      const e = (run.outcome as { error: unknown }).error as WaitTimeoutError;
      expect(e).toBeInstanceOf(WaitTimeoutError);
      expect(e.target).toBe(`csms task ${run.task.id}`);
      expect(e.elapsedMs).toBeGreaterThanOrEqual(120_000);
      expectHungRequests(run, 1);
    },
  },
];

// --------------------------------------------------------------------------------------------------- running

const fleet = new EmulatorFleet();
const runs = new Map<string, Run>();
const key = (c: FaultCase, target: Target) => `${c.name} / ${target}`;

function createTask(emu: Emulator, c: FaultCase): TaskView {
  const durationMs = c.taskMs ?? 30_000;
  switch (c.service) {
    case "kps":
      emu.addServer({ id: SERVER });
      return emu.createTask({ service: "kps", name: "RESET", scope: SERVER, durationMs, outcome: "success" });
    case "csms":
      return emu.createTask({ service: "csms", scope: "db-password", durationMs, outcome: "success" });
    case "dcs":
      return emu.createTask({ service: "dcs", name: "EXTEND", durationMs, outcome: "success" });
    case "rocketmq":
      return emu.createTask({ service: "rocketmq", name: "restart", scope: RMQ, durationMs, outcome: "success" });
  }
}

function call(run: Run, c: FaultCase): Promise<unknown> {
  const base = {
    ...run.emu.settings(),
    sources: { env: {} },
    onExchange: (e: ExchangeEvent) => void run.events.push(e),
    ...c.options,
  };
  const id = run.task.id;
  const instanceId = c.instanceId ?? RMQ;
  if (run.target === "data source") {
    switch (run.service) {
      case "kps":
        return getKpsTask({ taskId: id }, base);
      case "csms":
        return getCsmsTasks({ taskId: id }, base);
      case "dcs":
        return getDcsTasks({}, base);
      case "rocketmq":
        return getRocketMqTasks({ instanceId }, base);
    }
  }
  const opts: WaitOptions = {
    ...base,
    clock: run.emu.clock,
    timeout: WAIT_DEADLINE_MS,
    onProgress: (e) => void run.progress.push(e),
    ...c.waitOptions,
  };
  return awaitTaskById(run.service === "rocketmq" ? { service: run.service, instanceId, taskId: id } : { service: run.service, taskId: id }, opts);
}

async function execute(c: FaultCase, target: Target, seed: number): Promise<Run> {
  const emu = await fleet.start({ timeScale: TIME_SCALE, seed, history: 3, ...c.emulator });
  const run: Run = {
    emu,
    service: c.service,
    target,
    task: createTask(emu, c),
    events: [],
    progress: [],
    outcome: { ok: false, error: new Error("not run") },
    virtualMs: 0,
  };
  c.arrange?.(run);
  const start = emu.clock.now();
  const [outcome, during] = await Promise.all([settle(call(run, c)), settle(c.during?.(run, start) ?? Promise.resolve())]);
  run.outcome = outcome;
  run.virtualMs = emu.clock.now() - start;
  if (!during.ok) run.outcome = { ok: false, error: during.error };
  return run;
}

beforeAll(async () => {
  const jobs = cases.flatMap((c) => (["data source", "waiter"] as const).map((t) => ({ c, t })));
  await pool(jobs, 16, async ({ c, t }, i) => {
    runs.set(key(c, t), await execute(c, t, 100 + i));
  });
}, 120_000);

afterAll(async () => {
  await fleet.closeAll();
  await closeDefaultDispatcher();
});

it("covers at least 25 fault cases, each against a data source and a waiter of every service", () => {
  expect(cases.length).toBeGreaterThanOrEqual(25);
  for (const s of ["kps", "csms", "dcs", "rocketmq"] as const) expect(cases.filter((c) => c.service === s).length).toBeGreaterThanOrEqual(5);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
});

describe.each(cases)("$name", (c) => {
  it(`data source (${DS_NAME[c.service]}): ${c.outcomes.dataSource}`, () => {
    const run = runs.get(key(c, "data source"));
    if (!run) throw new Error("not run");
    c.dataSource(run);
  });
  it(`waiter (${WAITER_NAME[c.service]}): ${c.outcomes.waiter}`, () => {
    const run = runs.get(key(c, "waiter"));
    if (!run) throw new Error("not run");
    c.waiter(run);
  });
});
