/**
 * The pure retry decisions of provider/http/retry.ts: what is retried, how long to wait, and the shared throttle
 * gate. Randomness and clocks are injected, so every delay is exact.
 */
import {
  DEFAULT_RETRY,
  ThrottleGate,
  classifyTransportError,
  isRetryableStatus,
  isRetryableTransport,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
  type TransportFailure,
} from "../../provider/http/retry";

describe("isRetryableStatus", () => {
  it.each([429, 500, 502, 503, 504])("retries %i", (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 202, 301, 400, 401, 403, 404, 405, 409, 413, 422, 501, 505, 0])("never retries %i", (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe("classifyTransportError", () => {
  it.each<[string, TransportFailure]>([
    ["ECONNRESET", "reset"],
    ["UND_ERR_SOCKET", "reset"],
    ["EPIPE", "reset"],
    ["UND_ERR_CLOSED", "reset"],
    ["ECONNREFUSED", "refused"],
    ["UND_ERR_HEADERS_TIMEOUT", "timeout"],
    ["UND_ERR_BODY_TIMEOUT", "timeout"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
    ["ETIMEDOUT", "timeout"],
    ["HPE_INVALID_CONSTANT", "protocol"],
    ["HPE_UNEXPECTED_CONTENT_LENGTH", "protocol"],
    ["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", "protocol"],
    ["ENOTFOUND", "dns"],
    ["EAI_AGAIN", "dns"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "tls"],
    ["CERT_HAS_EXPIRED", "tls"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "tls"],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "tls"],
    ["EACCES", "other"],
  ])("%s is %s, on the error or on its cause", (code, kind) => {
    expect(classifyTransportError(Object.assign(new Error("x"), { code }))).toBe(kind);
    expect(classifyTransportError(new TypeError("fetch failed", { cause: Object.assign(new Error("y"), { code }) }))).toBe(kind);
  });

  it("prefers the error's own code to its cause's", () => {
    const err = Object.assign(new Error("x"), { code: "ECONNREFUSED", cause: { code: "ECONNRESET" } });
    expect(classifyTransportError(err)).toBe("refused");
  });

  it.each([undefined, null, "boom", new Error("no code"), {}])("anything without a code is other (%p)", (err) => {
    expect(classifyTransportError(err)).toBe("other");
  });
});

describe("isRetryableTransport", () => {
  it("GET retries resets, refusals, timeouts and broken answers, not unknown failures", () => {
    expect(isRetryableTransport("reset", true)).toBe(true);
    expect(isRetryableTransport("refused", true)).toBe(true);
    expect(isRetryableTransport("timeout", true)).toBe(true);
    expect(isRetryableTransport("protocol", true)).toBe(true);
    expect(isRetryableTransport("other", true)).toBe(false);
  });

  it("POST retries only a refused connection, which proves nothing was received", () => {
    expect(isRetryableTransport("refused", false)).toBe(true);
    for (const f of ["reset", "timeout", "protocol", "other"] as const) expect(isRetryableTransport(f, false)).toBe(false);
  });

  it("DNS and TLS failures (nothing was sent) are retried once, GET or POST: when they repeat they are final", () => {
    for (const f of ["dns", "tls"] as const) {
      for (const idempotent of [true, false]) {
        expect(isRetryableTransport(f, idempotent, 1)).toBe(true);
        expect(isRetryableTransport(f, idempotent, 2)).toBe(false);
      }
    }
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2024, 0, 31, 12, 0, 0);

  it.each([
    ["0", 0],
    ["2", 2000],
    ["120", 120_000],
    ["0.5", 500],
    ["1.25", 1250],
    [" 3 ", 3000],
  ])("reads seconds: %p is %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("reads an HTTP date as ms from now", () => {
    expect(parseRetryAfter("Wed, 31 Jan 2024 12:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
  });

  it("reads an HTTP date in the past as 0", () => {
    expect(parseRetryAfter("Wed, 31 Jan 2024 11:59:00 GMT", now)).toBe(0);
  });

  it.each([undefined, "", "   ", "soon", "later please", "1e3", "NaN"])("is undefined when absent or malformed: %p", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  // Documented as "undefined when absent or malformed". RFC 9110: Retry-After = HTTP-date / delay-seconds, with
  // delay-seconds = 1*DIGIT; these are neither (a lenient Date.parse reads "-1" and "+5" as dates in 2001, and
  // "2099-01" as a date 75 years away, which would end the retries).
  it.each(["-1", "-30", "+5", "2099-01"])("is undefined for text that is neither delay-seconds nor an HTTP-date: %p", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("retryDelay", () => {
  const half = () => 0.5;

  it("is full jitter on base * 2^(retry-1): exact values with random() = 0.5", () => {
    // ceilings 500, 1000, 2000, 4000, 8000, 16000, then the 20000 cap
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n, DEFAULT_RETRY, half))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it("spans [0, ceiling] as random() spans [0, 1)", () => {
    expect(retryDelay(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(retryDelay(3, DEFAULT_RETRY, () => 0.999)).toBe(1998);
    expect(retryDelay(30, DEFAULT_RETRY, () => 0.999)).toBe(19_980);
  });

  it("follows the policy's base and cap", () => {
    const policy: RetryPolicy = { maxRetries: 3, baseMs: 100, capMs: 300, maxRetryAfterMs: 1000 };
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, () => 0.5))).toEqual([50, 100, 150, 150]);
  });

  it("never goes below a Retry-After, and keeps a longer jittered delay", () => {
    expect(retryDelay(1, DEFAULT_RETRY, half, 3000)).toBe(3000);
    expect(retryDelay(4, DEFAULT_RETRY, half, 100)).toBe(2000);
    expect(retryDelay(1, DEFAULT_RETRY, half, 0)).toBe(250);
  });

  it("treats retry 0 like retry 1", () => {
    expect(retryDelay(0, DEFAULT_RETRY, half)).toBe(250);
  });

  it("default policy: 4 retries, 500 ms base, 20 s cap, 60 s longest Retry-After", () => {
    expect(DEFAULT_RETRY).toEqual({ maxRetries: 4, baseMs: 500, capMs: 20_000, maxRetryAfterMs: 60_000 });
  });
});

describe("ThrottleGate", () => {
  function gate(random = () => 0.5) {
    let t = 1_000_000;
    const g = new ThrottleGate(() => t, random, 1000, 30_000);
    return { g, advance: (ms: number) => (t += ms) };
  }

  it("is open for a key never throttled", () => {
    const { g } = gate();
    expect(g.waitMs("k")).toBe(0);
    expect(g.level("k")).toBe(0);
    g.succeeded("k");
    expect(g.level("k")).toBe(0);
  });

  it("closes for ceiling/2 + random*ceiling/2, the ceiling doubling per consecutive throttle", () => {
    const { g } = gate();
    // level 1: ceiling 1000 → 500 + 250
    expect(g.throttled("k")).toBe(750);
    expect(g.level("k")).toBe(1);
    expect(g.waitMs("k")).toBe(750);
    // level 2: ceiling 2000 → 1000 + 500
    expect(g.throttled("k")).toBe(1500);
    expect(g.level("k")).toBe(2);
    expect(g.waitMs("k")).toBe(1500);
    // level 3: ceiling 4000 → 3000
    expect(g.throttled("k")).toBe(3000);
    expect(g.waitMs("k")).toBe(3000);
  });

  it("counts down with the clock and opens when the time has passed", () => {
    const { g, advance } = gate();
    g.throttled("k");
    advance(300);
    expect(g.waitMs("k")).toBe(450);
    advance(450);
    expect(g.waitMs("k")).toBe(0);
    advance(10_000);
    expect(g.waitMs("k")).toBe(0);
  });

  it("never reopens earlier than an already promised time", () => {
    const { g, advance } = gate(() => 0);
    g.throttled("k", 10_000); // closed 10 s
    advance(1000);
    // level 2 with random 0: 1000 ms, but the gate stays closed until the 10 s already promised
    expect(g.throttled("k")).toBe(1000);
    expect(g.waitMs("k")).toBe(9000);
  });

  it("counts a burst of 429s on requests sent before it closed as one throttle", () => {
    const { g, advance } = gate();
    const sentAt = 1_000_000;
    advance(5);
    expect(g.throttled("k", undefined, sentAt)).toBe(750);
    for (let i = 0; i < 19; i += 1) g.throttled("k", undefined, sentAt);
    expect(g.level("k")).toBe(1);
    expect(g.waitMs("k")).toBe(750);
    advance(800);
    // A request sent after the gate closed and throttled again escalates.
    expect(g.throttled("k", undefined, 1_000_800)).toBe(1500);
    expect(g.level("k")).toBe(2);
  });

  it("honours a Retry-After longer than its own backoff", () => {
    const { g } = gate();
    expect(g.throttled("k", 5000)).toBe(5000);
    expect(g.waitMs("k")).toBe(5000);
    expect(g.throttled("k", 100)).toBe(1500);
  });

  it("honours a Retry-After only up to its cap: a day, or 10^9 s, closes the gate for 60 s", () => {
    const { g, advance } = gate();
    expect(g.throttled("k", 86_400_000)).toBe(60_000);
    expect(g.waitMs("k")).toBe(60_000);
    expect(g.openAt("k")).toBe(1_000_000 + 60_000);
    advance(60_000);
    expect(g.throttled("j", 1e12)).toBe(60_000);
    expect(g.throttled("i", Infinity)).toBe(60_000);
    expect(g.throttled("h", Number.NaN)).toBe(750);
    expect(g.openAt("never-throttled")).toBe(1_060_000);
  });

  it("caps the closing time at capMs and the level at 16", () => {
    const { g } = gate(() => 0.999_999);
    let last = 0;
    for (let i = 0; i < 40; i += 1) last = g.throttled("k");
    expect(g.level("k")).toBe(16);
    expect(last).toBe(30_000);
  });

  it("decays one level per success and forgets the key at level 0", () => {
    const { g, advance } = gate();
    g.throttled("k");
    g.throttled("k");
    g.throttled("k");
    expect(g.level("k")).toBe(3);
    g.succeeded("k");
    expect(g.level("k")).toBe(2);
    advance(60_000);
    // next throttle continues from level 2 → level 3 (ceiling 4000 → 3000)
    expect(g.throttled("k")).toBe(3000);
    g.succeeded("k");
    g.succeeded("k");
    g.succeeded("k");
    expect(g.level("k")).toBe(0);
    expect(g.waitMs("k")).toBe(0);
  });

  it("keeps keys apart", () => {
    const { g } = gate();
    g.throttled("a");
    expect(g.waitMs("a")).toBe(750);
    expect(g.waitMs("b")).toBe(0);
    expect(g.level("b")).toBe(0);
  });
});
