/**
 * Errors of input and of API exchanges: bad arguments, failed calls, answers of the wrong shape.
 * @module
 */
import type { ServiceName } from "../names";
import { HwcTasksError, hasErrorBrand } from "./base";

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
