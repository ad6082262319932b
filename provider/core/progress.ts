/**
 * Progress while a wait runs. A plan may carry a {@link ProgressReader} (DCS's and RocketMQ's progress APIs); a wait
 * whose caller observes progress (`onProgress`) reads it after each look that finds the task pending, and reports it
 * as a `progress` event. Progress never decides anything: a progress read that fails, or that the service does not
 * offer for the task, is reported once (a `progress-unavailable` event) and the wait goes on; after a failure that
 * retrying would not fix (a 404: no progress for this task; a body of the wrong shape) it is not read again. Each
 * read is one attempt, without retries, and bounded by {@link PROGRESS_TIMEOUT_MS} however the caller set its
 * request timeout, so that a slow progress API never delays the wait's verdict by more.
 * @module
 */
import { toInt } from "../endpoints/kit";
import { HwcTasksError } from "../errors";
import { TaskApiClient } from "../http/client";
import type { ExchangeEvent } from "../options";
import { notify } from "../util/observe";
import type { Observation, WaitEvent } from "../waiter/poller";
import { isTransient, type ProgressReader } from "./plan";

/** The longest a progress read may take, ms (real time). */
export const PROGRESS_TIMEOUT_MS = 10_000;

/** What a wait gives its progress tracker. */
export interface ProgressSetup<T> {
  reader: ProgressReader<T> | undefined;
  /** The caller's observer: without one, progress is never read. */
  observer: ((event: WaitEvent) => void) | undefined;
  /** The caller's client (its settings are the progress reads'). */
  client: TaskApiClient;
  /** The caller's exchange observer. */
  onExchange: ((event: ExchangeEvent) => void) | undefined;
  /** The caller's per-attempt timeout, ms. */
  requestTimeoutMs: number | undefined;
  /** The task type, for the events. */
  typeName: () => string | undefined;
  /** Time since the wait started, ms. */
  elapsedMs: () => number;
}

/** Reads a pending task's progress after a look, and reports it; a no-op when the plan or the caller has no use for it. */
export type ProgressTracker<T> = (observation: Observation<T>, signal: AbortSignal) => Promise<void>;

/** The progress tracker of one wait, or `undefined` when there is nothing to read or nobody to tell. */
export function progressTracker<T>(setup: ProgressSetup<T>): ProgressTracker<T> | undefined {
  const { reader, observer } = setup;
  if (!reader || !observer) return undefined;
  const client = new TaskApiClient({
    settings: setup.client.settings,
    retry: { maxRetries: 0 },
    requestTimeoutMs: Math.min(setup.requestTimeoutMs ?? PROGRESS_TIMEOUT_MS, PROGRESS_TIMEOUT_MS),
    ...(setup.onExchange ? { onExchange: setup.onExchange } : {}),
  });
  let reported = false;
  let off = false;
  const emit = (event: WaitEvent) => notify(observer, event, "onProgress");
  return async (obs, signal) => {
    if (off || obs.kind !== "pending" || obs.value === undefined) return;
    const inner = new AbortController();
    const onAbort = () => inner.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => inner.abort(new HwcTasksError(`no answer within ${PROGRESS_TIMEOUT_MS / 1000} s`)), PROGRESS_TIMEOUT_MS);
    try {
      const p = await reader(obs.value, client, { signal: inner.signal });
      if (p && !signal.aborted) emit({ type: "progress", name: setup.typeName(), status: obs.status, percent: p.percent, remainingMs: p.remainingMs, step: p.step, elapsedMs: setup.elapsedMs() });
    } catch (error) {
      if (signal.aborted) return;
      const timedOut = inner.signal.aborted;
      if (!timedOut && !isTransient(error)) off = true;
      if (reported) return;
      reported = true;
      const why = timedOut ? `no answer within ${PROGRESS_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
      emit({ type: "progress-unavailable", message: `progress not available: ${why}`, elapsedMs: setup.elapsedMs() });
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  };
}

/** A percent within 0..100, or `undefined`. */
export function percentOf(v: number | string | null | undefined): number | undefined {
  const p = toInt(v);
  return p === undefined || !Number.isFinite(p) ? undefined : Math.min(100, Math.max(0, p));
}

/** Seconds left as ms, or `undefined` (negative or absent). */
export function remainingOf(v: number | string | null | undefined): number | undefined {
  const s = toInt(v);
  return s === undefined || !Number.isFinite(s) || s < 0 ? undefined : s * 1000;
}

const left = (ms: number) => (ms < 1000 ? "finishing" : `about ${ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`} left`);

/** A progress event in words, e.g. `EXTEND 40 %, about 3 min left (Run EXTEND)`. */
export function describeProgress(p: { name?: string | undefined; percent: number | undefined; remainingMs: number | undefined; step?: string | undefined }): string {
  const head = [p.name, p.percent === undefined ? undefined : `${p.percent} %`].filter((x) => x !== undefined && x !== "").join(" ") || "in progress";
  const text = p.remainingMs === undefined ? head : `${head}, ${left(p.remainingMs)}`;
  return p.step === undefined || p.step === "" ? text : `${text} (${p.step})`;
}
