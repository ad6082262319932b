/**
 * Misbehaving servers, part 3: failures that must end early and say what broke, inputs past the edge, observers
 * that throw. A DNS name that does not resolve or a certificate no CA vouches for ends a wait at once with the host,
 * the cause and what to check; a wait that times out carries the last error and its host; times past the `Date`
 * range are refused before any request; poll gaps have a floor and the poller always yields; a throwing observer is
 * reported once and never changes a result. DNS is played by the runtime's injected `lookup` (no network).
 */
import type { LookupFunction } from "node:net";
import {
  ApiError,
  MIN_POLL_GAP_MS,
  WaitTimeoutError,
  awaitKpsTask,
  getDcsTasks,
  getKpsTask,
  getRocketMqTasks,
  waitForDcsTask,
  type TaskApiOptions,
  type WaitEvent,
} from "../../provider";
import { resetRuntime } from "../../provider/runtime";
import { hostileOptions, json, useHostileServers, type Behaviour } from "../helpers/hostile";
import { expectInputError, settle } from "../helpers/reliability";

const CREDS = { accessKey: "HOSTILEAK00000000003", secretKey: "hostile-secret-key-3" };
const PROJECT = "0123456789abcdef0123456789abcdef";
const CLOUD_HOST = "kms.cn-north-4.myhuaweicloud.com";
const hostile = useHostileServers();
const serve = (b: Behaviour, tls = false) => hostile(b, { tls });

/** A KPS that knows one task in `status` (never in the running list, so waits read it by id). */
function kps(status: string): Behaviour {
  return (req, res, r) => {
    const url = req.url ?? "";
    if (url.includes("/running-tasks") || url.includes("/failed-tasks")) return json(200, { total: 0, tasks: [] })(req, res, r);
    return json(200, { task_id: "task-1", task_status: status, server_id: "srv-1" })(req, res, r);
  };
}

/** A runtime whose name lookups are played by `lookup` (and that ignores proxy variables). */
async function runtimeWith(lookup: LookupFunction): Promise<void> {
  await resetRuntime({ agent: { connect: { lookup } }, proxyFromEnv: false });
}

/** Counts lookups; each fails as a name that does not exist. */
function nxdomain(): { lookup: LookupFunction; calls: string[] } {
  const calls: string[] = [];
  const lookup = ((host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null) => void) => {
    calls.push(host);
    cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host }));
  }) as unknown as LookupFunction;
  return { lookup, calls };
}

/** Resolves every name to 127.0.0.1. */
const toLoopback = ((_host: string, opts: { all?: boolean } | undefined, cb: (...args: unknown[]) => void) => {
  if (opts?.all) cb(null, [{ address: "127.0.0.1", family: 4 }]);
  else cb(null, "127.0.0.1", 4);
}) as unknown as LookupFunction;

const cloud = (over: Partial<TaskApiOptions> = {}): TaskApiOptions => ({ region: "cn-north-4", projectId: PROJECT, sources: { env: {} }, ...CREDS, ...over });

describe("DNS and TLS failures that repeat are final", () => {
  it("a cloud domain that does not resolve: a 30-minute wait ends at once with the host, the cause and what to check", async () => {
    const dns = nxdomain();
    await runtimeWith(dns.lookup);
    const r = await settle(awaitKpsTask({ taskId: "task-1" }, { ...cloud({ maxRetries: 4 }), timeout: "30m" }));
    const e = !r.ok ? r.error : undefined;
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 0, errorCode: "DNS", host: CLOUD_HOST, attempts: 2 });
    expect((e as ApiError).message).toContain(`no response from ${CLOUD_HOST} DNS: the host name does not resolve (ENOTFOUND)`);
    expect((e as ApiError).hint).toContain("huaweicloud:cloud");
    expect(dns.calls.every((h) => h === CLOUD_HOST)).toBe(true);
  });

  it("without retries, the second failed look of the wait ends it", async () => {
    const dns = nxdomain();
    await runtimeWith(dns.lookup);
    const events: WaitEvent[] = [];
    const r = await settle(awaitKpsTask({ taskId: "task-1" }, { ...cloud({ maxRetries: 0 }), timeout: "30m", policy: () => 300, onProgress: (e) => events.push(e) }));
    expect(!r.ok && r.error).toMatchObject({ errorCode: "DNS", attempts: 1 });
    expect(events.filter((e) => e.type === "transient-error")).toHaveLength(1);
  });

  it("a certificate no CA vouches for: the wait ends at once naming the host and the certificate problem", async () => {
    const s = await serve(kps("RUNNING_RESET"), true);
    await runtimeWith(toLoopback);
    const r = await settle(awaitKpsTask({ taskId: "task-1" }, { ...cloud({ endpoint: `https://${CLOUD_HOST}:${s.port}` }), timeout: "30m" }));
    const e = !r.ok ? r.error : undefined;
    expect(e).toMatchObject({ status: 0, errorCode: "TLS", host: `${CLOUD_HOST}:${s.port}`, attempts: 2 });
    expect((e as ApiError).errorMsg).toContain("DEPTH_ZERO_SELF_SIGNED_CERT");
    expect((e as ApiError).hint).toContain("NODE_EXTRA_CA_CERTS");
    expect(s.received).toEqual([]);
  });

  it("a data source that cannot connect names the host it tried", async () => {
    const s = await serve(json(200, {}));
    await s.close();
    const r = await settle(getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS)));
    expect(!r.ok && r.error).toMatchObject({ errorCode: "CONNECTION_REFUSED", host: `127.0.0.1:${s.port}` });
    expect(!r.ok && (r.error as Error).message).toContain(`no response from 127.0.0.1:${s.port}`);
  });

  it("a wait that times out through service errors carries the last one and its host; the advice fits", async () => {
    const s = await serve(json(503, { error_code: "KPS.5030", error_msg: "backend overloaded" }));
    const r = await settle(awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CREDS), timeout: "2s" }));
    const e = (!r.ok ? r.error : undefined) as WaitTimeoutError;
    expect(e).toBeInstanceOf(WaitTimeoutError);
    expect(e.lastError).toMatchObject({ status: 503, errorCode: "KPS.5030" });
    expect(e.host).toBe(`127.0.0.1:${s.port}`);
    expect(e.message).toContain("KPS.5030: backend overloaded");
    expect(e.message).toContain("a longer timeout does not help");
    expect(e.message).not.toContain("Raise the timeout");
  });
});

describe("inputs past the edge", () => {
  it("times beyond the Date range, or the 9999-12-31 the APIs can write, are refused before any request", async () => {
    const s = await serve(json(200, { task_count: "0", tasks: [] }));
    const opts = hostileOptions(s, CREDS);
    await expectInputError(() => getDcsTasks({ startTime: 1e20 }, opts), "startTime");
    await expectInputError(() => getDcsTasks({ endTime: new Date(8.64e15) }, opts), "endTime");
    await expectInputError(() => getRocketMqTasks({ instanceId: "i-1", beginTime: "+275760-09-13T00:00:00Z" }, opts), "beginTime");
    await expectInputError(() => waitForDcsTask({ name: "EXTEND", after: 1e20 }, opts), "after");
    await expectInputError(() => awaitKpsTask({ taskId: "task-1" }, { ...opts, startedAt: 1e20 }), "startedAt");
    expect(s.received).toEqual([]);
  });

  it("poll gaps have a floor: minGapMs below 1 s (or above maxGapMs) is refused", async () => {
    const s = await serve(kps("RUNNING_RESET"));
    const opts = hostileOptions(s, CREDS);
    const e = await expectInputError(() => awaitKpsTask({ taskId: "task-1" }, { ...opts, policy: { minGapMs: 1e-6 } }), "policy.minGapMs");
    expect(e.message).toContain(`at least ${MIN_POLL_GAP_MS} ms`);
    await expectInputError(() => awaitKpsTask({ taskId: "task-1" }, { ...opts, policy: { minGapMs: 5000, maxGapMs: 1000 } }), "policy.maxGapMs");
    expect(s.received).toEqual([]);
  });

  it("a schedule asking for no gap at all still polls at most once a second, and timers keep running", async () => {
    const s = await serve(kps("RUNNING_RESET"));
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    try {
      for (const gap of [0, 1e-6, Number.NaN, -5]) {
        const r = await settle(awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CREDS), timeout: 2000, policy: () => gap }));
        const e = (!r.ok ? r.error : undefined) as WaitTimeoutError;
        expect(e).toBeInstanceOf(WaitTimeoutError);
        // An upper bound only: a loaded machine polls less, never more (a spinning poller made thousands).
        expect(e.polls).toBeLessThanOrEqual(2000 / MIN_POLL_GAP_MS + 2);
      }
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });
});

describe("observers are isolated", () => {
  afterEach(() => jest.restoreAllMocks());

  it("a throwing onExchange or onProgress observer is reported once (a process warning) and changes no result", async () => {
    const s = await serve(kps("SUCCESS_RESET"));
    const warnings = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const onExchange = () => {
      throw new Error(`observer broke (${CREDS.secretKey})`);
    };
    const onProgress = (): void => {
      throw new Error("progress observer broke");
    };
    const plain = await getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS));
    expect(await getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { onExchange }))).toEqual(plain);
    expect(await getKpsTask({ taskId: "task-1" }, hostileOptions(s, CREDS, { onExchange }))).toEqual(plain);
    const waited = await awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CREDS, { onExchange }), onProgress });
    expect(waited).toMatchObject({ status: "SUCCESS_RESET", task: { taskId: "task-1" } });
    const log = warnings.mock.calls.map(([w]) => String(w));
    expect(log).toHaveLength(2);
    expect(log[0]).toContain("the onExchange observer threw (Error: observer broke (***))");
    expect(log[1]).toContain("the onProgress observer threw");
  });
});
