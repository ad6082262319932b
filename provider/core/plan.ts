/**
 * What a wait needs from a service, and the one rule every service's verdicts follow.
 *
 * A wait reads a *scope* (a KPS project, a CSMS secret, a RocketMQ instance ...) through a poll group shared by every
 * waiter with the same identity. A scope read yields a snapshot; each waiter then takes its own {@link TaskRead} out
 * of it. A read says `task` (the task as the service showed it), `absent` (the service did not show it), or `error`
 * (reading *this* task failed). Only an authoritative read (by id, or a list entry carrying the task's own status)
 * can end a wait; absence from a list is a reason to look, never a verdict; an error belongs to the task it concerns.
 * @module
 */
import { isAbortError, isApiError, isTransientStatus } from "../errors";
import type { TaskServiceName } from "../names";
import type { TaskApiClient } from "../http/client";
import type { CallOptions } from "../http/client";
import type { GroupFetch } from "../waiter/hub";
import type { Observation } from "../waiter/poller";
import type { DurationBook } from "../waiter/durations";
import type { AdaptiveOptions } from "../waiter/schedule";
import type { Classifier, StatusTable } from "./status";

/** What one scope read says about one task. */
export type TaskRead<T> =
  | {
      kind: "task";
      task: T;
      /** The task's normalised status. */
      status: string;
      /**
       * Whether this read may end a wait: a read by id, or a list entry that carries the task's own status. A
       * terminal status from anything else is treated as pending until confirmed.
       */
      authoritative: boolean;
      /** Age of the task as the service reports it (ms). */
      ageMs?: number | undefined;
      /** The task's own error code and message, for failures. */
      errorCode?: string | undefined;
      errorMessage?: string | undefined;
      /** `X-Request-Id` of the answer that showed it. */
      requestId?: string | undefined;
    }
  /** The service does not show the task (yet): a 404 by id (`error` is its ApiError), or absent after looking. */
  | { kind: "absent"; error?: unknown; requestId?: string | undefined }
  /** Reading this task failed; the error is this task's, not its neighbours'. */
  | { kind: "error"; error: unknown };

/**
 * A task read by id, or listed with its own status: authoritative, aged from `startedAt` (epoch ms) when known,
 * with the task's request id and, for failures, its code and message.
 */
export function ownRead<T>(
  task: T,
  status: string,
  startedAt: number | undefined,
  now: number,
  extra: { requestId?: string | undefined; errorCode?: string | undefined; errorMessage?: string | undefined } = {},
): TaskRead<T> {
  return { kind: "task", task, status, authoritative: true, ageMs: startedAt === undefined ? undefined : Math.max(0, now - startedAt), ...extra };
}

/** A read by id that failed, as a read: a 404 is `absent` (not visible yet, or gone), anything else this task's error. */
export function failedRead<T>(by: { notFound: boolean; error: unknown }): TaskRead<T> {
  return by.notFound ? { kind: "absent", error: by.error } : { kind: "error", error: by.error };
}

/** Whether an error is worth polling on: throttling, 5xx, a lost connection, an infrastructure page. */
export function isTransient(err: unknown): boolean {
  if (isApiError(err)) return err.transient;
  return false;
}

/**
 * Whether a failed shared read must end every reader's wait: a transient failure is retried by everyone (so it is
 * thrown, and each reader polls on), and so is an authentication or permission failure (401, 403), which every
 * other read would repeat (and repeated 401s can lock an access key). Anything else — a 400, a 404, a body of the
 * wrong shape — concerns the shared list only, and readers with a task of their own go on reading it by id.
 */
export function sharedFailureIsEveryones(err: unknown): boolean {
  return isTransient(err) || (isApiError(err) && (err.status === 401 || err.status === 403));
}

/** Turns a waiter's {@link TaskRead} into the poller's observation, with the waiter's classification. */
export function observeRead<T>(read: TaskRead<T> | undefined, classify: Classifier, table: StatusTable): Observation<T> {
  if (read === undefined) return { kind: "pending", status: undefined };
  if (read.kind === "absent") return { kind: "not-found", error: read.error };
  if (read.kind === "error") return { kind: "error", error: read.error, transient: isTransient(read.error) };
  const phase = classify(read.status);
  if (phase === "succeeded" && read.authoritative) return { kind: "succeeded", status: read.status, value: read.task };
  if (phase === "failed" && read.authoritative) {
    return {
      kind: "failed",
      status: read.status,
      value: read.task,
      errorCode: read.errorCode,
      errorMessage: read.errorMessage,
      requestId: read.requestId,
    };
  }
  const warning = table.warning?.(read.status);
  return {
    kind: "pending",
    status: read.status,
    value: read.task,
    taskAgeMs: read.ageMs,
    known: table.known(read.status),
    ...(warning === undefined ? {} : { warning }),
  };
}

/** A task read by id, as a watcher keeps it: the wire record, or why there is none. */
export type ByIdResult<W> =
  | { ok: true; wire: W; requestId: string | undefined }
  | { ok: false; notFound: boolean; error: unknown };

/**
 * Reads one task by id and keeps the outcome as data: a 404 is "not found" (the task's own answer), any other
 * failure is that task's error. Nothing a neighbour's read does can reach it.
 */
export async function readById<W>(read: () => Promise<{ data: W; requestId: string | undefined }>): Promise<ByIdResult<W>> {
  try {
    const r = await read();
    return { ok: true, wire: r.data, requestId: r.requestId };
  } catch (error) {
    // An abort is the whole read's (every reader left), never this task's answer.
    if (isAbortError(error)) throw error;
    return { ok: false, notFound: isApiError(error) && error.status === 404, error };
  }
}

/** Whether a failed by-id read may be tried again on the next tick rather than reported. */
export function retryableById(result: ByIdResult<unknown>): boolean {
  return !result.ok && !result.notFound && isApiError(result.error) && isTransientStatus(result.error.status);
}

/** What a watcher gets to read a scope with. */
export interface WatchContext {
  /** The group's client (credentials, endpoint and project are the group's identity). */
  client: TaskApiClient;
  /** Per-call options of the group's reads (the longest timeout any member asked for). */
  call: () => CallOptions;
  /** The clock of the group's waiters. */
  now: () => number;
  /** Where completions are learned. */
  durations: DurationBook;
}

/** A scope to poll: its identity (beside the client's) and how to read it. */
export interface ScopeSpec<S, I> {
  /** The scope's key, e.g. `project`, `secret:db-password`, `instance:i-1`. */
  key: string;
  /** Builds the group's fetch (once per group). */
  watch: (ctx: WatchContext) => GroupFetch<S, I>;
}

/** What a service says of a running task's progress. */
export interface TaskProgress {
  /** Percent done, 0..100. */
  percent: number | undefined;
  /** The service's estimate of the time left, ms. */
  remainingMs: number | undefined;
  /** The step in progress, when the service names one. */
  step: string | undefined;
}

/**
 * Reads a pending task's progress with `client` (one attempt, no retries) and `call` (the caller's signal):
 * `undefined` when there is nothing to read for this task (e.g. its instance is not known). A failure is thrown;
 * it never decides the wait.
 */
export type ProgressReader<T> = (task: T, client: TaskApiClient, call: CallOptions) => Promise<TaskProgress | undefined>;

/** Everything one wait needs from its service. */
export interface WaitPlan<S, I, T> {
  service: TaskServiceName;
  /** The service's statuses. */
  statuses: StatusTable;
  /** What the service calls the awaited thing in messages. @default "task" */
  noun?: "task" | "job";
  /** Human description for messages, e.g. `kps task 6f1...`. */
  target: string;
  /** The task id once known (for errors). */
  taskId: () => string | undefined;
  scope: ScopeSpec<S, I>;
  /** What this waiter asks the scope for, by key (waiters asking the same share it). */
  interest: { key: string; value: I };
  /**
   * What this waiter asks for now, when it changed since it joined: a task found by name or by its start time is
   * then followed by id, so that a list that stops showing it leads to a read by id rather than to silence.
   */
  focus?: () => { key: string; value: I } | undefined;
  /** This waiter's read out of a snapshot. */
  read: (snapshot: S, now: number) => TaskRead<T> | undefined;
  /** Turns a read into an observation (defaults to {@link observeRead}). */
  observe?: (read: TaskRead<T> | undefined, classify: Classifier) => Observation<T>;
  /** The task type, once known, for the duration model. */
  typeName: () => string | undefined;
  /** What the task looks like before the service shows it (a preview's answer for a task not started yet). */
  placeholder: () => T;
  /** The service's progress API, where it has one: read while the task is pending, for callers that observe progress. */
  progress?: ProgressReader<T>;
  /** The adaptive schedule's defaults for this kind of wait (jobs: `JOB_ADAPTIVE`); the caller's `policy` wins. */
  tuning?: Partial<AdaptiveOptions>;
}
