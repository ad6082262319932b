/**
 * The poller: looks at a task through a `check()` it is given (it knows no HTTP), sleeps as its schedule says, and
 * returns what happened as data. Clock, sleep, randomness and abort are injected; the deadline is checked before
 * every sleep, and a check still running at the deadline is abandoned. Whatever a schedule returns, looks after the
 * first are at least {@link MIN_POLL_GAP_MS} apart, so the poller always sleeps (yields to the event loop) between
 * them.
 * @module
 */
import { MIN_GAP_FLOOR_MS, type Schedule } from "./schedule";

/** What one look at a task found. */
export type Observation<T> =
  | {
      kind: "pending";
      /** The service's status, when the task is visible. */
      status?: string | undefined;
      /** Whether the service's classification knows this status. */
      known?: boolean;
      /** Task age as the service reports it (ms). */
      taskAgeMs?: number | undefined;
      value?: T | undefined;
      /** Why this pending status deserves attention (reported once per status). */
      warning?: string | undefined;
    }
  | { kind: "succeeded"; status: string; value: T }
  | {
      kind: "failed";
      status: string;
      value: T;
      errorCode?: string | undefined;
      errorMessage?: string | undefined;
      requestId?: string | undefined;
    }
  /** The task is not visible (yet). */
  | { kind: "not-found"; error?: unknown }
  /** The look failed; `transient` errors are retried by polling on. */
  | { kind: "error"; error: unknown; transient: boolean };

/** Progress of a wait, for logs and UIs. */
export type WaitEvent =
  | { type: "poll"; polls: number; elapsedMs: number; status: string | undefined }
  | { type: "status"; previous: string | undefined; status: string; elapsedMs: number }
  | { type: "unknown-status"; status: string; elapsedMs: number }
  /** A pending status that deserves attention (ECS's `PENDING_PAYMENT`), once per status. */
  | { type: "warning"; status: string; message: string; elapsedMs: number }
  | { type: "not-found-yet"; elapsedMs: number }
  | { type: "transient-error"; message: string; elapsedMs: number }
  /**
   * What the service says of a pending task's progress (DCS and RocketMQ, read only for an observer): percent done,
   * the service's estimate of the time left, and the step in progress, as far as reported.
   */
  | {
      type: "progress";
      /** The task type, e.g. `EXTEND`. */
      name: string | undefined;
      status: string | undefined;
      percent: number | undefined;
      remainingMs: number | undefined;
      step: string | undefined;
      elapsedMs: number;
    }
  /** Reading the progress failed or is not offered for this task (reported once a wait; the wait goes on). */
  | { type: "progress-unavailable"; message: string; elapsedMs: number }
  | { type: "done"; state: PollState; polls: number; elapsedMs: number; status: string | undefined };

/** How a wait ended. */
export type PollState = "succeeded" | "failed" | "timeout" | "aborted" | "error" | "not-found";

/** The outcome of {@link poll}: data, never a throw. */
export interface PollResult<T> {
  state: PollState;
  /** The last observation (for `succeeded`/`failed`: the final one). */
  observation: Observation<T> | undefined;
  /** The error for `error` and `not-found`. */
  error?: unknown;
  /** The last error a look ended in (transient ones included), for a timeout's message. */
  lastError?: unknown;
  lastStatus: string | undefined;
  polls: number;
  elapsedMs: number;
  /** Clock time of the observation that ended the wait. */
  endedAt: number;
}

/** Effects the poller needs. */
export interface PollerEffects {
  now: () => number;
  /** Sleeps; must reject promptly when its signal aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** What the poller tells `check` about the look it asks for. */
export interface CheckInfo {
  /** How long the poller slept before this look (ms). */
  delayMs: number;
  /** Whether it was woken early because fresh shared data arrived. */
  woken: boolean;
}

/** What to poll and how. */
export interface PollerOptions<T> extends PollerEffects {
  check: (signal: AbortSignal, info: CheckInfo) => Promise<Observation<T>>;
  schedule: Schedule;
  /** Total time allowed, ms. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** How long "not found" counts as "not visible (yet)": from the start, or once seen from the first miss. @default 60000 */
  notFoundGraceMs?: number;
  /** Age of the task at the start, when the caller knows it (e.g. it just started the task: 0). */
  initialTaskAgeMs?: number | undefined;
  /** How many waiters share this one's reads (shared polling), for the schedule. @default 1 */
  sharers?: (() => number) | undefined;
  /** Subscribes to "fresh data is available" (shared polling): the poller then looks at once. */
  wake?: ((listener: () => void) => () => void) | undefined;
  onProgress?: ((event: WaitEvent) => void) | undefined;
}

const DEADLINE = Symbol("deadline");

/**
 * The floor of every gap between two looks, ms, whatever the schedule says (a gap that is not a number, or
 * negative, is this floor too): the adaptive schedule's own floor (`MIN_GAP_FLOOR_MS`, 1 s), enforced here for
 * every schedule. Only the first look of a wait may be immediate.
 */
export const MIN_POLL_GAP_MS = MIN_GAP_FLOOR_MS;

/** A schedule's delay made safe: the first look may be immediate; later gaps are at least {@link MIN_POLL_GAP_MS}. */
export function boundedGap(delay: number, attempt: number): number {
  const d = Number.isNaN(delay) ? 0 : Math.max(0, delay);
  return attempt === 0 ? d : Math.max(MIN_POLL_GAP_MS, d);
}

/** Polls until the task succeeds, fails, the deadline passes, or the signal aborts. Never throws. */
export async function poll<T>(o: PollerOptions<T>): Promise<PollResult<T>> {
  const start = o.now();
  const deadline = start + Math.max(0, o.timeoutMs);
  const grace = o.notFoundGraceMs ?? 60_000;
  const emit = (e: WaitEvent) => {
    try {
      o.onProgress?.(e);
    } catch {
      // A progress observer must never break the wait.
    }
  };
  let polls = 0;
  let lastStatus: string | undefined;
  let lastObservation: Observation<T> | undefined;
  let taskAgeMs = o.initialTaskAgeMs;
  let ageAt = start;
  const unknownReported = new Set<string>();
  const warned = new Set<string>();
  let notFoundReported = false;
  let lastError: unknown;
  // The not-found grace runs from the start of the wait until the task is first seen, then from the first answer
  // without it: a task that drops out of an answer mid-wait is "not visible for now", not gone.
  let missingSince: number | undefined = start;

  const finish = (state: PollState, error?: unknown): PollResult<T> => {
    const elapsedMs = o.now() - start;
    emit({ type: "done", state, polls, elapsedMs, status: lastStatus });
    return { state, observation: lastObservation, error, lastError, lastStatus, polls, elapsedMs, endedAt: o.now() };
  };

  let delay = boundedGap(o.schedule({ attempt: 0, elapsedMs: 0, taskAgeMs, sharers: o.sharers?.() }, o.random), 0);
  for (;;) {
    if (o.signal?.aborted) return finish("aborted");
    const remaining = deadline - o.now();
    if (remaining <= 0 && polls > 0) return finish("timeout");
    const planned = Math.max(0, Math.min(delay, remaining));
    const slept = await sleepOrWake(o, planned);
    if (slept === "aborted") return finish("aborted");

    const obs = await checkBefore(o, deadline, polls === 0, { delayMs: planned, woken: slept === "woken" });
    if (obs === "aborted") return finish("aborted");
    if (obs === DEADLINE) return finish("timeout");
    polls += 1;
    lastObservation = obs;
    const elapsedMs = o.now() - start;

    if (obs.kind === "pending" || obs.kind === "succeeded" || obs.kind === "failed") {
      const status = obs.status;
      if (status !== undefined && status !== lastStatus) {
        emit({ type: "status", previous: lastStatus, status, elapsedMs });
        lastStatus = status;
      }
      if (obs.kind === "pending" && status !== undefined && obs.known === false && !unknownReported.has(status)) {
        unknownReported.add(status);
        emit({ type: "unknown-status", status, elapsedMs });
      }
      if (obs.kind === "pending" && status !== undefined && obs.warning !== undefined && !warned.has(status)) {
        warned.add(status);
        emit({ type: "warning", status, message: obs.warning, elapsedMs });
      }
      if (status !== undefined) {
        missingSince = undefined;
        notFoundReported = false;
      }
      if (obs.kind === "pending" && obs.taskAgeMs !== undefined) {
        taskAgeMs = obs.taskAgeMs;
        ageAt = o.now();
      }
    }
    emit({ type: "poll", polls, elapsedMs, status: lastStatus });
    if (obs.kind === "succeeded") return finish("succeeded");
    if (obs.kind === "failed") return finish("failed");
    if (obs.kind === "not-found") {
      missingSince ??= o.now();
      if (o.now() - missingSince >= grace) return finish("not-found", obs.error);
      if (!notFoundReported) emit({ type: "not-found-yet", elapsedMs });
      notFoundReported = true;
    }
    if (obs.kind === "error") {
      lastError = obs.error;
      if (!obs.transient) return finish("error", obs.error);
      emit({ type: "transient-error", message: obs.error instanceof Error ? obs.error.message : String(obs.error), elapsedMs });
    }
    if (o.now() >= deadline) return finish("timeout");
    const age = taskAgeMs === undefined ? undefined : taskAgeMs + (o.now() - ageAt);
    delay = boundedGap(o.schedule({ attempt: polls, elapsedMs: o.now() - start, taskAgeMs: age, sharers: o.sharers?.() }, o.random), polls);
  }
}

/** Sleeps `ms` unless woken or aborted first. */
async function sleepOrWake<T>(o: PollerOptions<T>, ms: number): Promise<"slept" | "woken" | "aborted"> {
  if (ms <= 0) return o.signal?.aborted ? "aborted" : "slept";
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  let woken = false;
  const unsubscribe = o.wake?.(() => {
    woken = true;
    inner.abort();
  });
  try {
    await o.sleep(ms, inner.signal);
    return "slept";
  } catch {
    return o.signal?.aborted ? "aborted" : woken ? "woken" : "aborted";
  } finally {
    unsubscribe?.();
    o.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Runs `check`, abandoning it shortly after the deadline (a grace for the final look) or when the signal aborts.
 * With a zero timeout (a preview) the one check runs to the end of its own request timeout, so it still reads once;
 * any other wait's first check is bounded like the others (a first look planned at the deadline, behind a throttled
 * or hung read, ends with the grace).
 */
async function checkBefore<T>(
  o: PollerOptions<T>,
  deadline: number,
  first: boolean,
  info: CheckInfo,
): Promise<Observation<T> | typeof DEADLINE | "aborted"> {
  const controller = new AbortController();
  const timer = new AbortController();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => {
      controller.abort(o.signal?.reason);
      resolve("aborted");
    };
    if (o.signal?.aborted) onAbort();
    else o.signal?.addEventListener("abort", onAbort, { once: true });
  });
  // The final look, taken at the deadline, gets a short grace to answer (2 % of the timeout, 0.5 s to 5 s).
  const grace = Math.min(5000, Math.max(500, o.timeoutMs * 0.02));
  const remaining = deadline - o.now();
  try {
    const racers: Promise<Observation<T> | typeof DEADLINE | "aborted">[] = [
      aborted,
      o.check(controller.signal, info).catch((error: unknown): Observation<T> => ({ kind: "error", error, transient: false })),
    ];
    if (!first || remaining > 0 || o.timeoutMs > 0) {
      racers.push(
        o.sleep(Math.max(0, remaining) + grace, timer.signal).then(
          () => DEADLINE,
          () => new Promise<never>(() => undefined),
        ),
      );
    }
    const winner = await Promise.race(racers);
    if (winner === DEADLINE) controller.abort();
    return o.signal?.aborted ? "aborted" : winner;
  } finally {
    timer.abort();
    if (onAbort) o.signal?.removeEventListener("abort", onAbort);
  }
}
