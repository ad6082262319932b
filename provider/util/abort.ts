/**
 * Abort-aware timing primitives. Every timer is cleared and every listener removed when its promise settles, so
 * an aborted wait leaves nothing behind.
 * @module
 */
import { AbortError } from "../errors";

/** Sleeps `ms`; rejects with {@link AbortError} as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The longest delay one `setTimeout` can hold (longer ones fire at once, with a warning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The real {@link Sleep}, on `setTimeout`. A delay longer than one timer can hold is slept in several; a delay that
 * is not a number (NaN) sleeps 0.
 */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal, "sleep"));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal, "sleep"));
    };
    const arm = (left: number) => {
      timer = setTimeout(() => {
        if (left > MAX_TIMER_MS) return arm(left - MAX_TIMER_MS);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.min(left, MAX_TIMER_MS));
    };
    arm(Number.isNaN(ms) ? 0 : Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The error to reject with when `signal` aborted: its reason when that is an `Error`, else an {@link AbortError}. */
export function abortReason(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof AbortError) return reason;
  return new AbortError(what, { cause: reason });
}

/** Throws the abort error when `signal` has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortReason(signal, what);
}

/**
 * Settles with `promise`, or rejects with the abort error as soon as `signal` aborts (the promise itself goes on;
 * whoever started it decides whether to stop it). The listener is removed either way.
 */
export async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal, what);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal, what));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/** What {@link within} returns when the time ran out first. */
export const TIMED_OUT: unique symbol = Symbol("timed out");

/**
 * Runs `run` under a signal that aborts when `signal` does or once `ms` have passed on `sleep`'s clock, whichever
 * comes first. Resolves with the value, or {@link TIMED_OUT} (the run is then aborted); rejects when the run does
 * (with the caller's abort error when `signal` fired). Without `ms`, only `signal` bounds it.
 */
export async function within<T>(
  ms: number | undefined,
  signal: AbortSignal | undefined,
  sleep: Sleep,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T | typeof TIMED_OUT> {
  if (ms === undefined) return run(signal);
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  const timer = new AbortController();
  const expired = sleep(Math.max(0, ms), timer.signal).then(
    (): typeof TIMED_OUT => TIMED_OUT,
    () => new Promise<never>(() => undefined),
  );
  try {
    const result = await Promise.race([run(inner.signal), expired]);
    if (result === TIMED_OUT) inner.abort(new AbortError("the deadline passed"));
    return result;
  } finally {
    timer.abort();
    signal?.removeEventListener("abort", onAbort);
  }
}
