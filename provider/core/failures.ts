/**
 * Which failures a wait polls through and which end it, judged one after another. Everything transient passes
 * (`ApiError.transient`: throttling, 5xx, network trouble); a DNS or TLS failure that repeats on the next look is
 * configuration (a mistyped cloud domain, a bad certificate) and ends the wait at once with the error naming the
 * host, the cause and what to check; so does a throttle whose next allowed call falls after the wait's deadline.
 * (Within one call the client already marks a repeated DNS or TLS failure as not transient.)
 * @module
 */
import { isApiError, isThrottledError, type ApiError } from "../errors";
import { isTransient } from "./plan";

/** Whether `err` is a DNS or TLS failure (no request reached the service). */
export function isDnsOrTls(err: unknown): err is ApiError {
  return isApiError(err) && err.status === 0 && (err.errorCode === "DNS" || err.errorCode === "TLS");
}

/** Judges one wait's failures in order. */
export class FailureJudge {
  private previous: unknown;

  /** @param deadline the wait's deadline on the client's clock (epoch ms), when known. */
  constructor(private readonly deadline: number | undefined) {}

  /** Whether the wait should poll on through `err`. */
  transient(err: unknown): boolean {
    const previous = this.previous;
    this.previous = err;
    if (isDnsOrTls(err) && isDnsOrTls(previous) && previous.errorCode === err.errorCode) return false;
    if (isThrottledError(err) && this.deadline !== undefined && err.retryAt > this.deadline) return false;
    return isTransient(err);
  }

  /** A look succeeded: failures before it no longer count as repeated. */
  succeeded(): void {
    this.previous = undefined;
  }
}
