/**
 * Errors of waits: a task that failed, one the service does not show, a deadline, an abort; and a provider call the
 * host does not understand.
 * @module
 */
import type { ServiceName } from "../names";
import { HwcTasksError, hasErrorBrand } from "./base";

/** The final state of an awaited task when it failed. */
export interface TaskFailure {
  service: ServiceName;
  /** What the service calls it in the message. @default "task" */
  noun?: "task" | "job" | undefined;
  taskId: string;
  /** The service's status, e.g. `FAILED_RESET`, `FAILED`. */
  status: string;
  /** The task's own error code (`task_error_code`, `error_code`) when the service gives one. */
  errorCode?: string | undefined;
  /** The task's own error message (`task_error_msg`, `error_msg`) when the service gives one. */
  errorMessage?: string | undefined;
  /** `X-Request-Id` of the response that showed the failure. */
  requestId?: string | undefined;
}

/** The awaited task reached a failure state. */
export class TaskFailedError extends HwcTasksError {
  override readonly name = "TaskFailedError" as const;
  override readonly code = "TASK_FAILED" as const;
  readonly service: ServiceName;
  readonly taskId: string;
  readonly status: string;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly requestId: string | undefined;

  /** Builds the message from the failure. */
  constructor(failure: TaskFailure) {
    const code = failure.errorCode ? ` ${failure.errorCode}` : "";
    const msg = failure.errorMessage ? `: ${failure.errorMessage}` : "";
    const rid = failure.requestId ? ` (request id ${failure.requestId})` : "";
    super(`${failure.service} ${failure.noun ?? "task"} ${failure.taskId} failed with status ${failure.status}${code}${msg}${rid}`);
    this.service = failure.service;
    this.taskId = failure.taskId;
    this.status = failure.status;
    this.errorCode = failure.errorCode;
    this.errorMessage = failure.errorMessage;
    this.requestId = failure.requestId;
  }
}

/** Whether `value` is a {@link TaskFailedError}. */
export function isTaskFailedError(value: unknown): value is TaskFailedError {
  return hasErrorBrand(value, "TaskFailedError");
}

/** What is known about a task the service does not show. */
export interface TaskNotFoundDetails {
  service: ServiceName;
  /** What was looked for, e.g. `kps task 6f...` or `rocketmq task named restart of instance i-1`. */
  target: string;
  /** The task id, when the caller gave one. */
  taskId?: string | undefined;
  /** How long it was looked for, ms (0 for a single read). */
  lookedForMs: number;
  /** `X-Request-Id` of the last answer that did not show it. */
  requestId?: string | undefined;
  /** The service's `error_code` when a read by id answered 404. */
  errorCode?: string | undefined;
}

/** The service does not show the task: it does not exist in that region and project, or no longer does. */
export class TaskNotFoundError extends HwcTasksError {
  override readonly name = "TaskNotFoundError" as const;
  override readonly code = "TASK_NOT_FOUND" as const;
  readonly service: ServiceName;
  readonly target: string;
  readonly taskId: string | undefined;
  readonly lookedForMs: number;
  readonly requestId: string | undefined;
  readonly errorCode: string | undefined;

  /** Builds the message from the details; `cause` is the 404 of a read by id, when there was one. */
  constructor(details: TaskNotFoundDetails, options?: { cause?: unknown }) {
    const how = details.lookedForMs > 0 ? ` after looking for ${(details.lookedForMs / 1000).toFixed(1)} s` : "";
    const code = details.errorCode ? ` (${details.errorCode})` : "";
    const rid = details.requestId ? ` (request id ${details.requestId})` : "";
    super(
      `${details.target} is not shown by the service${how}${code}${rid}. Check the id and the scope it belongs to ` +
        "(instance, secret, region, project): the task does not exist there, or no longer does",
      options,
    );
    this.service = details.service;
    this.target = details.target;
    this.taskId = details.taskId;
    this.lookedForMs = details.lookedForMs;
    this.requestId = details.requestId;
    this.errorCode = details.errorCode;
  }
}

/** Whether `value` is a {@link TaskNotFoundError}. */
export function isTaskNotFoundError(value: unknown): value is TaskNotFoundError {
  return hasErrorBrand(value, "TaskNotFoundError");
}

/** What a wait had seen when its deadline passed. */
export interface WaitTimeoutDetails {
  /** What was awaited, e.g. `kps task 6f...` or `rocketmq instance i-1 idle`. */
  target: string;
  /** Last status observed, if any. */
  lastStatus?: string | undefined;
  /** API calls this wait caused or shared. */
  polls: number;
  /** Milliseconds from the start of the wait to the deadline. */
  elapsedMs: number;
  /** The last transport or service error the wait saw (it polled on through it). */
  lastError?: Error | undefined;
  /** The host that error came from (or the host the wait was reading). */
  host?: string | undefined;
}

/** The deadline passed before the task finished. The task itself may still finish later. */
export class WaitTimeoutError extends HwcTasksError {
  override readonly name = "WaitTimeoutError" as const;
  override readonly code = "WAIT_TIMEOUT" as const;
  readonly target: string;
  readonly lastStatus: string | undefined;
  readonly polls: number;
  readonly elapsedMs: number;
  readonly lastError: Error | undefined;
  readonly host: string | undefined;

  /** Builds the message from the details. */
  constructor(details: WaitTimeoutDetails) {
    const last = details.lastStatus ? `; last status ${details.lastStatus}` : "; no status seen yet";
    const from = details.host ? ` (from ${details.host})` : "";
    const error = details.lastError ? `. Last error${from}: ${details.lastError.message}` : "";
    // Without a status, an error is the likely reason: a longer timeout does not fix what keeps failing.
    const advice =
      details.lastError && !details.lastStatus
        ? "Fix the cause of the last error; a longer timeout does not help while it lasts"
        : "Raise the timeout if the task is known to take longer";
    super(
      `timed out after ${(details.elapsedMs / 1000).toFixed(1)} s waiting for ${details.target}${last}; ` +
        `${details.polls} polls made${error}. ${advice}`,
      details.lastError ? { cause: details.lastError } : undefined,
    );
    this.target = details.target;
    this.lastStatus = details.lastStatus;
    this.polls = details.polls;
    this.elapsedMs = details.elapsedMs;
    this.lastError = details.lastError;
    this.host = details.host;
  }
}

/** Whether `value` is a {@link WaitTimeoutError}. */
export function isWaitTimeoutError(value: unknown): value is WaitTimeoutError {
  return hasErrorBrand(value, "WaitTimeoutError");
}

/** The caller's `AbortSignal` fired. */
export class AbortError extends HwcTasksError {
  override readonly name = "AbortError" as const;
  override readonly code = "ABORTED" as const;

  /** @param what what was interrupted. */
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was aborted`, options);
  }
}

/** Whether `value` is an {@link AbortError}. */
export function isAbortError(value: unknown): value is AbortError {
  return hasErrorBrand(value, "AbortError");
}

/**
 * The dynamic-provider host was called in a way this package does not know (a newer engine protocol, or a
 * provider object from another version of the package).
 */
export class ProviderProtocolError extends HwcTasksError {
  override readonly name = "ProviderProtocolError" as const;
  override readonly code = "PROVIDER_PROTOCOL" as const;
}

/** Whether `value` is a {@link ProviderProtocolError}. */
export function isProviderProtocolError(value: unknown): value is ProviderProtocolError {
  return hasErrorBrand(value, "ProviderProtocolError");
}
