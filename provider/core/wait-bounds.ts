/**
 * What bounds a wait beyond its poller: the project-id lookup runs inside the wait's deadline and under its signal,
 * and the caller's progress observer is isolated (a throw is reported once, never changes the result) and sees
 * only redacted texts.
 * @module
 */
import { ApiError, WaitTimeoutError } from "../errors";
import { isTransient } from "./plan";
import type { TaskApiClient } from "../http/client";
import { TIMED_OUT, within } from "../util/abort";
import { notify } from "../util/observe";
import type { WaitEvent } from "../waiter/poller";

/** The clock a wait runs on (real time, or the emulator's scaled clock). */
interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Pauses between tries of a project-id lookup that failed for a transient reason: 1 s, doubling to 30 s. */
const LOOKUP_RETRY_MS = { first: 1000, max: 30_000 };

/**
 * The project id, looked up (or shared with a lookup in progress) within `timeoutMs` of `clock` and under `signal`;
 * what is left of the wait's time afterwards, and the time the lookup took. A transient failure (a 5xx, a timeout,
 * throttling — also one that another caller's settings caused in a lookup it shared) is tried again, by this
 * caller's own client, until the deadline: faults are not failures here either.
 * @throws WaitTimeoutError naming the lookup, its last error and the IAM host when the time ran out first;
 * AbortError; the lookup's own errors that are not transient (a project that does not exist, a 401).
 */
export async function projectIdWithin(
  client: TaskApiClient,
  target: string,
  timeoutMs: number,
  clock: Clock,
  signal: AbortSignal | undefined,
): Promise<{ projectId: string; remainingMs: number; elapsedMs: number }> {
  const startedAt = clock.now();
  const host = new URL(client.settings.endpoints.iam).host;
  let lastError: ApiError | undefined;
  for (let pause = LOOKUP_RETRY_MS.first; ; pause = Math.min(pause * 2, LOOKUP_RETRY_MS.max)) {
    const left = timeoutMs - (clock.now() - startedAt);
    let projectId: string | typeof TIMED_OUT = TIMED_OUT;
    // A retry runs this caller's own lookup: the shared one may have failed for another caller's settings.
    const alone = lastError !== undefined;
    try {
      if (left > 0) projectId = await within(left, signal, (ms, s) => clock.sleep(ms, s), (s) => client.projectId({ signal: s, alone }));
    } catch (error) {
      if (!isTransient(error) || signal?.aborted) throw error;
      lastError = error as ApiError;
    }
    const elapsedMs = clock.now() - startedAt;
    if (projectId !== TIMED_OUT) return { projectId, remainingMs: Math.max(0, timeoutMs - elapsedMs), elapsedMs };
    if (lastError === undefined || timeoutMs - elapsedMs <= 0) {
      lastError ??= new ApiError({ service: "iam", operation: "KeystoneListProjects", status: 0, errorCode: "TIMEOUT", errorMsg: "the project id lookup had not answered", attempts: 1, host });
      throw new WaitTimeoutError({ target, polls: 0, elapsedMs, lastError, host: lastError.host ?? host });
    }
    await clock.sleep(Math.min(pause, timeoutMs - elapsedMs), signal);
  }
}

/** The caller's progress observer, isolated (a throw is reported once, never changes the result) and fed redacted texts. */
export function guardedProgress(client: TaskApiClient, observer: ((e: WaitEvent) => void) | undefined): ((e: WaitEvent) => void) | undefined {
  if (!observer) return undefined;
  const redact = (t: string) => client.redactor.text(t);
  // Every text of an event (a message, a progress step, a status) is masked: any of them may repeat a server's words.
  const masked = (e: WaitEvent): WaitEvent =>
    Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === "string" ? redact(v) : v])) as unknown as WaitEvent;
  return (e) => notify(observer, masked(e), "onProgress", redact);
}
