/**
 * Which failures a wait polls through and which end it. Throttling, 5xx and network trouble pass; a DNS or TLS
 * failure that repeats is configuration (a mistyped cloud domain, a bad certificate) and ends the wait at once with
 * the error naming the host, the cause and what to check; a throttle that lasts past the wait's deadline ends it
 * too, saying when the service allows the next call.
 * @module
 */
import { AbortError, ApiError, ResponseTooLargeError, ThrottledError } from "../errors";

/** Whether `err` is a DNS or TLS failure (no request reached the service). */
export function isDnsOrTls(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 0 && (err.errorCode === "DNS" || err.errorCode === "TLS");
}

/**
 * Whether the transient kinds of failure apply to `err`: throttling, 5xx, network failures and timeouts (a DNS or
 * TLS failure only when it did not repeat within the call), and an aborted look. An oversized answer is not.
 */
export function isTransientFailure(err: unknown): boolean {
  if (err instanceof ResponseTooLargeError) return false;
  if (isDnsOrTls(err)) return err.attempts < 2;
  if (err instanceof ApiError) return err.status === 0 || err.status === 429 || err.status >= 500;
  return err instanceof AbortError;
}

/** Judges one wait's failures in order (a DNS or TLS failure after another of the same kind is final). */
export class FailureJudge {
  private previous: unknown;

  /** @param deadline the wait's deadline on the client's clock (epoch ms), when known. */
  constructor(private readonly deadline: number | undefined) {}

  /** Whether the wait should poll on through `err`. */
  transient(err: unknown): boolean {
    const previous = this.previous;
    this.previous = err;
    if (isDnsOrTls(err) && isDnsOrTls(previous) && previous.errorCode === err.errorCode) return false;
    if (err instanceof ThrottledError && this.deadline !== undefined && err.retryAt > this.deadline) return false;
    return isTransientFailure(err);
  }

  /** A look succeeded: failures before it no longer count as repeated. */
  succeeded(): void {
    this.previous = undefined;
  }
}
