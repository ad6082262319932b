/**
 * What bounds a wait beyond its poller: the project-id lookup runs inside the wait's deadline and under its signal,
 * and the caller's progress observer is isolated (a throw is reported once, never changes the result) and sees
 * only redacted texts.
 * @module
 */
import { ApiError, WaitTimeoutError } from "../errors";
import type { TaskApiClient } from "../http/client";
import { TIMED_OUT, within } from "../util/abort";
import { notify } from "../util/observe";
import type { WaitEvent } from "../waiter/poller";

/** The clock a wait runs on (real time, or the emulator's scaled clock). */
interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The project id, looked up (or shared with a lookup in progress) within `timeoutMs` of `clock` and under `signal`;
 * what is left of the wait's time afterwards, and the time the lookup took.
 * @throws WaitTimeoutError naming the lookup and the IAM host when the time ran out first; AbortError; the lookup's own errors.
 */
export async function projectIdWithin(
  client: TaskApiClient,
  target: string,
  timeoutMs: number,
  clock: Clock,
  signal: AbortSignal | undefined,
): Promise<{ projectId: string; remainingMs: number; elapsedMs: number }> {
  const startedAt = clock.now();
  const projectId = await within(timeoutMs, signal, (ms, s) => clock.sleep(ms, s), (s) => client.projectId({ signal: s }));
  const elapsedMs = clock.now() - startedAt;
  if (projectId === TIMED_OUT) {
    const host = new URL(client.settings.endpoints.iam).host;
    const lastError = new ApiError({ service: "iam", operation: "KeystoneListProjects", status: 0, errorCode: "TIMEOUT", errorMsg: "the project id lookup had not answered", attempts: 1, host });
    throw new WaitTimeoutError({ target, polls: 0, elapsedMs, lastError, host });
  }
  return { projectId, remainingMs: Math.max(0, timeoutMs - elapsedMs), elapsedMs };
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
