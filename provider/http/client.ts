/**
 * The signed HTTP client. It reads one {@link EndpointDef} per call: validates the input with the endpoint's
 * schemas (before anything is sent), signs, sends each attempt under a total deadline and a size cap (see
 * `exchange.ts`), retries what is worth retrying within the caller's deadline, passes every text of the answer
 * through the caller's {@link Redactor}, maps error bodies to {@link ApiError}, and parses the answer with the
 * endpoint's response schema. Shared state (dispatchers, throttle gates, project ids) comes from a {@link Runtime}.
 * @module
 */
import type { Dispatcher } from "undici";
import type { z } from "zod";
import { AbortError, ApiError, ResponseTooLargeError, ThrottledError } from "../errors";
import type { ExchangeEvent } from "../options";
import { projectIdSource, type ProjectIdSource } from "../project";
import { currentRuntime, type Runtime } from "../runtime";
import type { ResolvedSettings } from "../settings";
import type { EndpointDef } from "../endpoints/table";
import { TIMED_OUT, abortReason, realSleep, throwIfAborted, within, type Sleep } from "../util/abort";
import { describeTransport, hintFor, parseErrorBody, parseSuccess, throttledError, transportCode, transportHint } from "./answers";
import { DEFAULT_MAX_RESPONSE_BYTES, exchange, type ExchangeOutcome } from "./exchange";
import { Redactor, secretHeaderValues, secretsAt } from "./redact";
import { DEFAULT_RETRY, ThrottleGate, isRetryableStatus, isRetryableTransport, parseRetryAfter, retryDelay, type RetryPolicy } from "./retry";
import { fillPath, validateInput } from "./request";
import { signRequest } from "./signer";
import type { CallInput, CallOptions, CallResult, ValidatedInput } from "./types";
import { credentialTag } from "../util/fingerprint";
import { notify } from "../util/observe";

export type { CallInput, CallOptions, CallResult, ExchangeEvent, ValidatedInput };
export { parseErrorBody, DEFAULT_MAX_RESPONSE_BYTES };


/** How a client is built. Everything with a default can be injected for tests. */
export interface ClientOptions {
  settings: ResolvedSettings;
  /** Shared state: dispatchers, throttle gates, project ids. @default the current runtime */
  runtime?: Runtime;
  /** undici dispatcher. @default the runtime's (a keep-alive pool per origin; proxies from the environment, never for loopback) */
  dispatcher?: Dispatcher;
  /** Clock used for signing, deadlines and `Retry-After`. @default Date.now */
  now?: () => number;
  /** @default a real, abortable setTimeout sleep */
  sleep?: Sleep;
  /** @default Math.random */
  random?: () => number;
  /** Total deadline of one attempt (connect, headers and the whole body), ms. @default 30000 */
  requestTimeoutMs?: number;
  /** Largest response accepted, bytes. @default {@link DEFAULT_MAX_RESPONSE_BYTES} */
  maxResponseBytes?: number;
  /** Retry policy; `maxRetries` defaults to the settings' value. */
  retry?: Partial<RetryPolicy>;
  /** Throttle gate. @default the runtime's */
  gate?: ThrottleGate;
  /** Observer of every exchange; one that throws is reported once (a process warning) and ignored. */
  onExchange?: (event: ExchangeEvent) => void;
  /** Where the project id comes from. @default the settings', else IAM through the runtime's shared lookup */
  projectIds?: ProjectIdSource;
  /** Further secrets to mask besides the credentials (see `TaskApiOptions.secrets`). */
  secrets?: readonly string[];
}

const USER_AGENT = "pulumi-hwc-tasks";

const bases = new Map<string, { origin: string; host: string }>();
/** The origin and host of a base URL (cached: parsing a URL per request is measurable). */
function baseOf(base: string): { origin: string; host: string } {
  let o = bases.get(base);
  if (o === undefined) {
    const url = new URL(base);
    o = { origin: url.origin, host: url.host };
    if (bases.size > 1000) bases.clear();
    bases.set(base, o);
  }
  return o;
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The signed task-API client. Holds no state of its own: shared state lives in its {@link Runtime}. */
export class TaskApiClient {
  readonly settings: ResolvedSettings;
  readonly runtime: Runtime;
  /** Masks every secret of the settings; per call it also masks the request's own secrets. */
  readonly redactor: Redactor;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly retry: RetryPolicy;
  private readonly gate: ThrottleGate;
  private readonly onExchange: ((event: ExchangeEvent) => void) | undefined;
  private readonly projectIds: ProjectIdSource;
  /** Throttle gates are per credential: a tag of the whole credential (never the credential itself). */
  private readonly credentialTag: string;

  /** @param options see {@link ClientOptions}. */
  constructor(options: ClientOptions) {
    this.settings = options.settings;
    this.runtime = options.runtime ?? currentRuntime();
    this.dispatcher = options.dispatcher;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.retry = { ...DEFAULT_RETRY, maxRetries: options.settings.maxRetries, ...options.retry };
    this.gate = options.gate ?? this.runtime.throttle;
    this.onExchange = options.onExchange;
    this.projectIds = options.projectIds ?? projectIdSource(this.runtime);
    const c = options.settings.credentials;
    this.redactor = new Redactor([c.accessKey, c.secretKey, c.securityToken, ...(options.secrets ?? [])]);
    this.credentialTag = credentialTag(c);
  }

  /** Validates `input` against the endpoint's schemas; throws {@link InputError} naming the field. Nothing is sent. */
  validate(ep: EndpointDef, input: CallInput): ValidatedInput {
    return validateInput(ep, input);
  }

  /**
   * The project id: from settings, else resolved through IAM once per credential and region (shared with every
   * concurrent caller, each bounded by its own signal and deadline; `alone`: this client's own lookup, joining none).
   */
  async projectId(options: CallOptions & { alone?: boolean } = {}): Promise<string> {
    if (this.settings.projectId) return this.settings.projectId;
    const left = options.deadline === undefined ? undefined : options.deadline - this.now();
    const id = await within(left, options.signal, this.sleep, (signal) => this.projectIds(this, signal, options.alone === true));
    if (id !== TIMED_OUT) return id;
    throw new ApiError({
      service: "iam",
      operation: "KeystoneListProjects",
      status: 0,
      errorCode: "TIMEOUT",
      errorMsg: "the project id lookup had not answered by the call's deadline",
      attempts: 1,
      host: baseOf(this.settings.endpoints.iam).host,
      hint: "Set huaweicloud:projectId or HW_PROJECT_ID to skip the lookup, or check that IAM is reachable",
    });
  }

  /**
   * Calls one endpoint. Validates first (an {@link InputError} costs no request), then sends with retries.
   * @throws InputError, ApiError (ThrottledError, ResponseTooLargeError, ResponseShapeError), AbortError
   */
  async call<E extends EndpointDef>(ep: E, input: CallInput = {}, options: CallOptions = {}): Promise<CallResult<z.output<E["response"]>>> {
    const checked = this.validate(ep, input);
    throwIfAborted(options.signal, `${ep.service} ${ep.operation}`);
    const projectId = ep.path.includes("{project_id}") ? await this.projectId(options) : undefined;
    return this.send(ep, checked, projectId, options);
  }

  private async send<E extends EndpointDef>(ep: E, checked: ValidatedInput, projectId: string | undefined, options: CallOptions): Promise<CallResult<z.output<E["response"]>>> {
    const what = `${ep.service} ${ep.operation}`;
    const url = this.settings.endpoints[ep.host] + fillPath(ep, checked.path, projectId);
    const { origin, host } = baseOf(this.settings.endpoints[ep.host]);
    const bodyText = ep.method === "POST" ? JSON.stringify(checked.body ?? {}) : undefined;
    // Reads and deletions may be repeated safely; a POST starts work, and is not repeated once it may have arrived.
    const idempotent = ep.method !== "POST";
    const gateKey = `${origin} ${this.credentialTag} ${ep.operation}`;
    const dispatcher = this.dispatcher ?? this.runtime.dispatcherFor(origin);
    const closing = this.runtime.owns(dispatcher) ? this.runtime.closing : undefined;
    const deadline = options.deadline;
    const requestTimeoutMs = options.requestTimeoutMs ?? this.requestTimeoutMs;
    const maxBytes = options.maxResponseBytes ?? this.maxResponseBytes;
    let redactor = this.redactor.with(secretsAt(checked.body, ep.secretFields));
    const report = (event: ExchangeEvent) => notify(this.onExchange, event, "onExchange", (t) => redactor.text(t));
    let attempt = 0;
    const base = () => ({ service: ep.service, operation: ep.operation, attempts: attempt, host });
    for (;;) {
      attempt += 1;
      const wait = this.gate.waitMs(gateKey);
      if (wait > 0) {
        if (deadline !== undefined && this.now() + wait > deadline)
          throw new ThrottledError({ ...base(), attempts: attempt - 1, status: 429, errorMsg: "the throttle gate of this endpoint is closed", retryAt: this.gate.openAt(gateKey), reason: "past-deadline" });
        await this.sleep(wait, options.signal);
      }
      throwIfAborted(options.signal, what);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (projectId) headers["X-Project-Id"] = projectId;
      const signed = signRequest({ method: ep.method, url, query: checked.query, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) }, this.settings.credentials, new Date(this.now()));
      signed.headers["User-Agent"] = USER_AGENT;
      if (attempt === 1) redactor = redactor.with(secretHeaderValues(signed.headers));
      const started = this.now();
      const timeoutMs = deadline === undefined ? requestTimeoutMs : Math.max(1, Math.min(requestTimeoutMs, deadline - started));
      const out: ExchangeOutcome = await exchange({
        url: origin + signed.path,
        method: ep.method,
        headers: signed.headers,
        body: bodyText,
        dispatcher,
        timeoutMs,
        maxBytes,
        signal: options.signal,
        closing,
      });
      if (out.kind === "aborted") {
        if (out.by === "caller" && options.signal) throw abortReason(options.signal, what);
        throw new AbortError(`${what} (its runtime closed the connections)`);
      }
      const status = out.kind === "failed" ? 0 : out.status;
      const requestId = out.kind === "failed" ? undefined : redactor.optional(firstHeader(out.headers["x-request-id"]));
      report({
        service: ep.service,
        operation: ep.operation,
        method: ep.method,
        path: signed.path,
        status,
        attempt,
        durationMs: this.now() - started,
        requestId,
        ...(out.kind === "failed" ? { failure: out.failure } : out.kind === "too-large" ? { failure: "too-large" } : {}),
      });
      if (out.kind === "too-large") throw new ResponseTooLargeError({ ...base(), status, requestId }, maxBytes, out.declared);

      // Every text of the answer passes through the redactor before anything reads it.
      const text = out.kind === "response" ? redactor.text(out.text) : "";
      // A 2xx that is not JSON at all (an HTML page from a proxy or load balancer) is the infrastructure's, not the
      // API's: retried like a 5xx. JSON of the wrong shape is the API's own answer: reported at once.
      let json: unknown;
      let notJson = false;
      if (out.kind === "response" && status >= 200 && status < 300) {
        try {
          json = text.trim() === "" && ep.emptyResponse ? undefined : JSON.parse(text);
        } catch {
          notJson = true;
        }
        // An answer with no body: empty, or any JSON; a page that is not JSON is not the API's answer either.
        if (ep.emptyResponse && !notJson) {
          this.gate.succeeded(gateKey);
          return { data: undefined as z.output<E["response"]>, status, requestId, attempts: attempt };
        }
        if (!notJson || !idempotent || attempt > this.retry.maxRetries) {
          this.gate.succeeded(gateKey);
          return { data: parseSuccess(ep, json, text, notJson, { ...base(), status, requestId }), status, requestId, attempts: attempt };
        }
      }
      const retryAfterMs = out.kind === "response" ? parseRetryAfter(firstHeader(out.headers["retry-after"]), this.now()) : undefined;
      if (status === 429) {
        this.gate.throttled(gateKey, retryAfterMs === undefined ? undefined : Math.min(retryAfterMs, this.retry.maxRetryAfterMs), started);
        if (retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs)
          throw throttledError(text, { ...base(), status, requestId }, this.now() + retryAfterMs, "retry-after-too-long");
      }
      const retryable =
        out.kind === "failed" ? isRetryableTransport(out.failure, idempotent, attempt) : notJson || (isRetryableStatus(status) && (idempotent || status === 429));
      const tooLong = retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs;
      if (retryable && attempt <= this.retry.maxRetries && !tooLong) {
        const delay = Math.max(retryDelay(attempt, this.retry, this.random, retryAfterMs), this.gate.waitMs(gateKey));
        const pastDeadline = deadline !== undefined && this.now() + delay >= deadline;
        if (!pastDeadline) {
          await this.sleep(delay, options.signal).catch((e: unknown) => {
            throw e instanceof AbortError ? e : abortReason(options.signal as AbortSignal, what);
          });
          continue;
        }
        if (status === 429) throw throttledError(text, { ...base(), status, requestId }, this.now() + delay, "past-deadline");
      }
      if (out.kind === "failed") {
        const cause = redactor.cause(out.cause);
        throw new ApiError(
          {
            ...base(),
            status: 0,
            errorCode: transportCode(out.failure),
            errorMsg: describeTransport(out.failure, cause, timeoutMs),
            hint: transportHint(out.failure, attempt > 1, idempotent),
            // DNS and TLS failures that repeated are configuration: waiting will not fix them.
            transient: !((out.failure === "dns" || out.failure === "tls") && attempt > 1),
          },
          cause ? { cause } : undefined,
        );
      }
      if (status === 429) throw throttledError(text, { ...base(), status, requestId }, this.gate.openAt(gateKey), "retries-exhausted");
      const parsed = parseErrorBody(text);
      const location = status >= 300 && status < 400 ? redactor.optional(firstHeader(out.headers["location"])) : undefined;
      throw new ApiError({
        ...base(),
        status,
        errorCode: parsed.errorCode,
        errorMsg: location ? `redirected to ${location}` : parsed.errorMsg,
        requestId: requestId ?? parsed.requestId,
        hint: hintFor(status, ep.service, attempt > 1, idempotent),
      });
    }
  }
}
