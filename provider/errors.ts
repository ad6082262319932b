/**
 * The package's error taxonomy. A leaf module (it imports only the service names).
 *
 * The package is loaded twice by design: once in the Pulumi program and once in the dynamic-provider host. So an
 * error is recognised by its identity, not by the copy of the class that made it: every class has a literal `name`,
 * a stable `code`, and a `Symbol.for` brand, with an `isX()` guard; `instanceof` checks the brand too, so it works
 * across copies. Every error says what failed, where, and what to do about it; none ever contains a credential.
 * @module
 */
import type { ServiceName } from "./names";

/** The key of the brand every error of this package carries: the names of its class and of their ancestors. */
export const ERROR_BRAND: unique symbol = Symbol.for("pulumi-hwc-tasks.error");

function brandsOf(value: unknown): readonly string[] | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const brands = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return Array.isArray(brands) ? (brands as string[]) : undefined;
}

/** Whether `value` is an error of this package's class `name` (or of a subclass), whichever copy made it. */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return brandsOf(value)?.includes(name) ?? false;
}

/**
 * Base class of every error this package throws, so `catch (e) { if (isHwcTasksError(e)) ... }` works, as does
 * `e instanceof HwcTasksError` (by brand, even for an error made by another copy of the package).
 */
export class HwcTasksError extends Error {
  /** The class's name, e.g. `TaskFailedError`. */
  override readonly name: string = "HwcTasksError";
  /** A stable code for programs: `INVALID_INPUT`, `API_ERROR`, `TASK_FAILED` ... */
  readonly code: string = "HWC_TASKS_ERROR";
  declare readonly [ERROR_BRAND]: readonly string[];

  /** @param message the full, human readable message. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const chain: string[] = [];
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      chain.push((c as { name: string }).name);
    }
    Object.defineProperty(this, ERROR_BRAND, { value: chain, enumerable: false });
  }

  /** `instanceof` by brand, so errors made by another copy of this package are recognised. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, this.name);
  }
}

/** Whether `value` is any error of this package. */
export function isHwcTasksError(value: unknown): value is HwcTasksError {
  return hasErrorBrand(value, "HwcTasksError");
}

/** One problem found in caller input. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `taskId` or `settings.region`. */
  field: string;
  /** What is wrong and the accepted form. */
  message: string;
}

/**
 * Bad arguments or settings. Raised before any request is sent: an `InputError` never costs an API call.
 */
export class InputError extends HwcTasksError {
  override readonly name = "InputError" as const;
  override readonly code = "INVALID_INPUT" as const;
  /** Every problem found, not only the first. */
  readonly issues: readonly InputIssue[];
  /** The first offending field (handy for one-field checks). */
  readonly field: string;

  /** @param context what was being validated, e.g. `getKpsTask`. */
  constructor(context: string, issues: readonly InputIssue[]) {
    const list = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
    super(`${context}: invalid input: ${list}`);
    this.issues = issues;
    this.field = issues[0]?.field ?? "";
  }
}

/** Whether `value` is an {@link InputError}. */
export function isInputError(value: unknown): value is InputError {
  return hasErrorBrand(value, "InputError");
}

/** What the client knows about a failed API exchange. */
export interface ApiErrorDetails {
  service: ServiceName;
  /** API operation name, e.g. `ListRunningTask`. */
  operation: string;
  /** HTTP status; 0 when no response arrived (connection reset, timeout, DNS). */
  status: number;
  /** The service's `error_code`, e.g. `APIGW.0308`, `CSMS.0002`. */
  errorCode?: string | undefined;
  /** The service's `error_msg`. */
  errorMsg?: string | undefined;
  /** The `X-Request-Id` response header: quote it to Huawei support. */
  requestId?: string | undefined;
  /** Attempts made, retries included. */
  attempts: number;
  /** Advice for the reader. */
  hint?: string | undefined;
  /**
   * Whether trying again later may succeed (throttling, 5xx, a lost connection, an infrastructure page instead of
   * the API's answer). @default from the status: 0, 429 and 5xx are transient
   */
  transient?: boolean | undefined;
}

/** Whether a status alone says "try again later": no answer, throttled, or a server failure. */
export function isTransientStatus(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/**
 * An API call failed: an error response (after any retries), a transport failure, or a response whose shape is
 * not the documented one.
 */
export class ApiError extends HwcTasksError {
  override readonly name: "ApiError" | "ResponseShapeError" = "ApiError";
  override readonly code: "API_ERROR" | "RESPONSE_SHAPE" = "API_ERROR";
  readonly service: ServiceName;
  readonly operation: string;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly hint: string | undefined;
  /** Whether trying again later may succeed; waits poll on through transient errors. */
  readonly transient: boolean;

  /** Builds the message from the details. */
  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    const what = details.status > 0 ? `HTTP ${details.status}` : "no response";
    const code = details.errorCode ? ` ${details.errorCode}` : "";
    const msg = details.errorMsg ? `: ${details.errorMsg}` : "";
    const rid = details.requestId ? ` (request id ${details.requestId})` : "";
    const tries = details.attempts > 1 ? ` after ${details.attempts} attempts` : "";
    const hint = details.hint ? `. ${details.hint}` : "";
    super(`${details.service} ${details.operation} failed${tries}: ${what}${code}${msg}${rid}${hint}`, options);
    this.service = details.service;
    this.operation = details.operation;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.errorMsg = details.errorMsg;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
    this.hint = details.hint;
    this.transient = details.transient ?? isTransientStatus(details.status);
  }
}

/** Whether `value` is an {@link ApiError} (a {@link ResponseShapeError} included). */
export function isApiError(value: unknown): value is ApiError {
  return hasErrorBrand(value, "ApiError");
}

/** A response arrived but does not have the documented shape; `field` says where. */
export class ResponseShapeError extends ApiError {
  override readonly name = "ResponseShapeError" as const;
  override readonly code = "RESPONSE_SHAPE" as const;
  /** Dotted path of the first offending field in the response body. */
  readonly field: string;

  /** @param field dotted path in the body. */
  constructor(details: Omit<ApiErrorDetails, "hint">, field: string, problem: string) {
    super({
      ...details,
      errorMsg: `response field ${field || "(body)"} ${problem}`,
      hint: "The service answered with an undocumented shape; report it with the request id",
      transient: details.transient ?? false,
    });
    this.field = field;
  }
}

/** Whether `value` is a {@link ResponseShapeError}. */
export function isResponseShapeError(value: unknown): value is ResponseShapeError {
  return hasErrorBrand(value, "ResponseShapeError");
}

/** The final state of an awaited task when it failed. */
export interface TaskFailure {
  service: ServiceName;
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
    super(`${failure.service} task ${failure.taskId} failed with status ${failure.status}${code}${msg}${rid}`);
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
}

/** The deadline passed before the task finished. The task itself may still finish later. */
export class WaitTimeoutError extends HwcTasksError {
  override readonly name = "WaitTimeoutError" as const;
  override readonly code = "WAIT_TIMEOUT" as const;
  readonly target: string;
  readonly lastStatus: string | undefined;
  readonly polls: number;
  readonly elapsedMs: number;

  /** Builds the message from the details. */
  constructor(details: WaitTimeoutDetails) {
    const last = details.lastStatus ? `; last status ${details.lastStatus}` : "; no status seen yet";
    super(
      `timed out after ${(details.elapsedMs / 1000).toFixed(1)} s waiting for ${details.target}${last}; ` +
        `${details.polls} polls made. Raise the timeout if the task is known to take longer`,
    );
    this.target = details.target;
    this.lastStatus = details.lastStatus;
    this.polls = details.polls;
    this.elapsedMs = details.elapsedMs;
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
