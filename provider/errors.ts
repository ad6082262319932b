/**
 * The package's error taxonomy. A leaf module: it imports nothing from the package.
 *
 * Every error says what failed, where, and what to do about it; none ever contains a credential.
 * @module
 */

/** Services this package talks to. */
export type ServiceName = "kps" | "csms" | "dcs" | "rocketmq" | "iam";

/** Base class of every error this package throws, so `catch (e) { if (e instanceof HwcTasksError) ... }` works. */
export class HwcTasksError extends Error {
  /** @param message the full, human readable message. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
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

/** What the client knows about a failed API exchange. */
export interface ApiErrorDetails {
  service: ServiceName;
  /** API operation name, e.g. `ListRunningTasks`. */
  operation: string;
  /** HTTP status; 0 when no response arrived (connection reset, timeout, DNS). */
  status: number;
  /** The service's `error_code`, e.g. `APIGW.0308`, `CSMS.0002`. */
  errorCode?: string;
  /** The service's `error_msg`. */
  errorMsg?: string;
  /** The `X-Request-Id` response header: quote it to Huawei support. */
  requestId?: string;
  /** Attempts made, retries included. */
  attempts: number;
  /** Advice for the reader. */
  hint?: string;
}

/**
 * An API call failed: an error response (after any retries), a transport failure, or a response whose shape is
 * not the documented one.
 */
export class ApiError extends HwcTasksError {
  readonly service: ServiceName;
  readonly operation: string;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly hint: string | undefined;

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
  }
}

/** A response arrived but does not have the documented shape; `field` says where. */
export class ResponseShapeError extends ApiError {
  /** Dotted path of the first offending field in the response body. */
  readonly field: string;

  /** @param field dotted path in the body. */
  constructor(details: Omit<ApiErrorDetails, "hint">, field: string, problem: string) {
    super({
      ...details,
      errorMsg: `response field ${field || "(body)"} ${problem}`,
      hint: "The service answered with an undocumented shape; report it with the request id",
    });
    this.field = field;
  }
}

/** The final state of an awaited task when it failed. */
export interface TaskFailure {
  service: ServiceName;
  taskId: string;
  /** The service's status, e.g. `FAILED_RESET`, `FAILED`. */
  status: string;
  /** The task's own error code (`task_error_code`, `error_code`) when the service gives one. */
  errorCode?: string;
  /** The task's own error message (`task_error_msg`, `error_msg`) when the service gives one. */
  errorMessage?: string;
  /** `X-Request-Id` of the response that showed the failure. */
  requestId?: string;
}

/** The awaited task reached a failure state. */
export class TaskFailedError extends HwcTasksError {
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

/** What a wait had seen when its deadline passed. */
export interface WaitTimeoutDetails {
  /** What was awaited, e.g. `kps task 6f...` or `rocketmq instance i-1 idle`. */
  target: string;
  /** Last status observed, if any. */
  lastStatus?: string;
  /** API calls this wait caused or shared. */
  polls: number;
  /** Milliseconds from the start of the wait to the deadline. */
  elapsedMs: number;
}

/** The deadline passed before the task finished. The task itself may still finish later. */
export class WaitTimeoutError extends HwcTasksError {
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

/** The caller's `AbortSignal` fired. */
export class AbortError extends HwcTasksError {
  /** @param what what was interrupted. */
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was aborted`, options);
  }
}
