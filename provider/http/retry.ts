/**
 * Retry decisions and delays, pure. Which failures are worth another attempt, how long to wait, and a gate that
 * makes every caller of a throttled endpoint slow down together.
 * @module
 */

/** How a call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 4 */
  maxRetries: number;
  /** Base of the exponential backoff, ms. @default 500 */
  baseMs: number;
  /** Ceiling of one backoff delay, ms. @default 20000 */
  capMs: number;
  /**
   * Longest `Retry-After` honoured, ms. A longer one ends the call at once with a `ThrottledError` saying when the
   * service allows the next call, and closes the throttle gate for this long only. @default 60000
   */
  maxRetryAfterMs: number;
}

/** The default retry policy (Huawei advises 3-5 retries with exponential backoff). */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseMs: 500, capMs: 20_000, maxRetryAfterMs: 60_000 };

/** HTTP statuses worth retrying: throttling and transient server or gateway failures. Never 400/401/403/404. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * What went wrong below HTTP. `dns` (the host name does not resolve) and `tls` (the handshake or the certificate
 * failed) are configuration problems when they repeat: retried once, then final.
 */
export type TransportFailure = "reset" | "refused" | "timeout" | "protocol" | "dns" | "tls" | "other";

const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA"]);
const TLS_CODES = new Set([
  "EPROTO",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "HOSTNAME_MISMATCH",
]);

/** Classifies a transport error from undici or Node's net stack. */
export function classifyTransportError(err: unknown): TransportFailure {
  const e = err as { code?: string; name?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? "";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE" || code === "UND_ERR_CLOSED")
    return "reset";
  if (code === "ECONNREFUSED") return "refused";
  if (DNS_CODES.has(code)) return "dns";
  if (TLS_CODES.has(code) || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_")) return "tls";
  if (
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT" ||
    code === "ETIMEDOUT"
  )
    return "timeout";
  if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_") || code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH")
    return "protocol";
  return "other";
}

/**
 * Whether a transport failure may be retried. Idempotent calls (GET) retry resets, refusals, timeouts and broken
 * responses; calls that start work (POST) retry only a refused connection, which proves nothing was received.
 * DNS and TLS failures (nothing was sent either) are retried once: when they repeat, they are final.
 * @param attempt the attempt that failed (1-based).
 */
export function isRetryableTransport(failure: TransportFailure, idempotent: boolean, attempt = 1): boolean {
  if (failure === "refused") return true;
  if (failure === "dns" || failure === "tls") return attempt < 2;
  return idempotent && failure !== "other";
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms from `nowMs`; `undefined` when absent or malformed. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  // delay-seconds = 1*DIGIT (RFC 9110 §10.2.3); a decimal fraction is tolerated.
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // HTTP-date: IMF-fixdate, or the obsolete RFC 850 / asctime forms, all in GMT.
  const imf = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  const rfc850 = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
  const asctime = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
  if (!imf.test(v) && !rfc850.test(v) && !asctime.test(v)) return undefined;
  const at = Date.parse(asctime.test(v) ? `${v} GMT` : v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Delay before retry number `retry` (1-based): full jitter, `random() * min(cap, base * 2^(retry-1))`, but never
 * less than a `Retry-After` the server sent.
 */
export function retryDelay(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.round(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * Shared slow-down for throttled endpoints. When any caller of an endpoint is throttled (429), the gate closes for
 * a backoff that grows with each consecutive throttle (or the `Retry-After`, up to a cap); every caller of that
 * endpoint waits for it before sending, so many waiters back off together instead of each retrying alone.
 * Successes let the level decay. Keys are the caller's business: the client keys by origin, credential and
 * operation, so one credential's throttling never holds up another's.
 */
export class ThrottleGate {
  private readonly state = new Map<string, { level: number; openAt: number; closedAt: number }>();

  /**
   * @param now clock, ms.
   * @param random uniform [0,1) source for jitter.
   * @param baseMs first closing time. @default 1000
   * @param capMs longest closing time of the backoff. @default 30000
   * @param retryAfterCapMs longest closing time a `Retry-After` can ask for. @default 60000
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
    private readonly baseMs = 1000,
    private readonly capMs = 30_000,
    private readonly retryAfterCapMs = 60_000,
  ) {}

  /** Milliseconds callers of `key` must still wait (0 when open). */
  waitMs(key: string): number {
    const s = this.state.get(key);
    return s ? Math.max(0, s.openAt - this.now()) : 0;
  }

  /** Clock time the gate of `key` opens (now or earlier when open). */
  openAt(key: string): number {
    return Math.max(this.now(), this.state.get(key)?.openAt ?? 0);
  }

  /** Current throttle level of `key` (0 when never or no longer throttled). */
  level(key: string): number {
    return this.state.get(key)?.level ?? 0;
  }

  /**
   * Records a 429 on `key`; returns how long the gate is now closed. A 429 on a request sent before the gate last
   * closed belongs to the burst already accounted for: it does not close the gate any longer.
   * @param sentAt when the throttled request was sent. @default now
   */
  throttled(key: string, retryAfterMs?: number, sentAt: number = this.now()): number {
    const s = this.state.get(key) ?? { level: 0, openAt: 0, closedAt: -Infinity };
    if (sentAt < s.closedAt) return this.waitMs(key);
    s.level = Math.min(s.level + 1, 16);
    s.closedAt = this.now();
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** (s.level - 1));
    const asked = Math.min(retryAfterMs ?? 0, this.retryAfterCapMs);
    const closed = Math.max(Number.isFinite(asked) ? asked : 0, Math.round(ceiling / 2 + (this.random() * ceiling) / 2));
    s.openAt = Math.max(s.openAt, this.now() + closed);
    this.state.set(key, s);
    if (this.state.size > 10_000) this.prune();
    return closed;
  }

  /** Forgets gates that are open again (keeps the map bounded when many credentials come and go). */
  private prune(): void {
    const now = this.now();
    for (const [k, s] of this.state) if (s.openAt <= now) this.state.delete(k);
  }

  /** Records a success on `key`: the level decays by one. */
  succeeded(key: string): void {
    const s = this.state.get(key);
    if (!s) return;
    s.level -= 1;
    if (s.level <= 0) this.state.delete(key);
  }
}
