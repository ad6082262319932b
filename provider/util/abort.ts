/**
 * Abort-aware timing primitives. Every timer is cleared and every listener removed when its promise settles, so
 * an aborted wait leaves nothing behind.
 * @module
 */
import { AbortError } from "../errors";

/** Sleeps `ms`; rejects with {@link AbortError} as soon as `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real {@link Sleep}, on `setTimeout`. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal, "sleep"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal, "sleep"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
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
