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
  /** The host (and port) the call went to, e.g. `kms.cn-north-4.myhuaweicloud.com`. */
  host?: string;
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
  readonly host: string | undefined;

  /** Builds the message from the details. */
  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    const what = details.status > 0 ? `HTTP ${details.status}` : `no response${details.host ? ` from ${details.host}` : ""}`;
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
    this.host = details.host;
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
  /** The last transport or service error the wait saw (it polled on through it). */
  lastError?: Error | undefined;
  /** The host that error came from (or the host the wait was reading). */
  host?: string | undefined;
}

/** The deadline passed before the task finished. The task itself may still finish later. */
export class WaitTimeoutError extends HwcTasksError {
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

/** The caller's `AbortSignal` fired. */
export class AbortError extends HwcTasksError {
  /** @param what what was interrupted. */
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was aborted`, options);
  }
}

/** What the client knows about a throttled call. */
export interface ThrottleDetails extends ApiErrorDetails {
  /** Epoch ms from which the service accepts the next call (its `Retry-After`, else the client's own backoff). */
  retryAt: number;
  /** Why the call was not sent or retried: the wait is longer than the client honours, or ends past the deadline. */
  reason: "retry-after-too-long" | "past-deadline" | "retries-exhausted";
}

/**
 * The API gateway throttles the call (HTTP 429), and the client will not wait for it: the retries ran out, the
 * service asks for a wait longer than the client honours, or the next allowed call falls after the caller's
 * deadline. `retryAt` says when the service allows the next call.
 */
export class ThrottledError extends ApiError {
  readonly retryAt: number;
  readonly reason: ThrottleDetails["reason"];

  /** Builds the message from the details. */
  constructor(details: ThrottleDetails) {
    // A Retry-After of 10^20 seconds is past what a Date can hold.
    const at = Math.abs(details.retryAt) <= 8.64e15 ? new Date(details.retryAt).toISOString() : "a time beyond the Date range";
    const why =
      details.reason === "retry-after-too-long"
        ? ", later than this client waits (maxRetryAfterMs)"
        : details.reason === "past-deadline"
          ? ", after this call's deadline: not sent"
          : "";
    const when = `The service allows the next call at ${at}${why}`;
    super({ ...details, hint: details.hint ? `${details.hint}. ${when}` : when });
    this.retryAt = details.retryAt;
    this.reason = details.reason;
  }
}

/** The response is larger than the client accepts (`maxResponseBytes`); it was refused, not read. */
export class ResponseTooLargeError extends ApiError {
  /** The limit, bytes. */
  readonly limitBytes: number;
  /** What the response declared (`Content-Length`), when it did. */
  readonly declaredBytes: number | undefined;

  /** @param details the exchange; `limitBytes` and `declaredBytes` the sizes. */
  constructor(details: Omit<ApiErrorDetails, "hint" | "errorMsg" | "errorCode">, limitBytes: number, declaredBytes?: number) {
    const declared = declaredBytes === undefined ? "" : ` (Content-Length ${declaredBytes})`;
    super({
      ...details,
      errorCode: "RESPONSE_TOO_LARGE",
      errorMsg: `the answer is larger than the ${limitBytes} bytes accepted${declared}; it was refused unread`,
      hint:
        "Task answers are small: a proxy or load balancer may be answering instead of the API. If the service " +
        "really answers this much, raise maxResponseBytes",
    });
    this.limitBytes = limitBytes;
    this.declaredBytes = declaredBytes;
  }
}
