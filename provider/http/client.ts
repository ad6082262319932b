/**
 * The signed HTTP client. It reads one {@link EndpointDef} per call: validates the input with the endpoint's
 * schemas (before anything is sent), signs, sends with undici over a shared keep-alive dispatcher, retries what is
 * worth retrying, maps error bodies to {@link ApiError}, and parses the answer with the endpoint's response schema.
 * @module
 */
import { request, type Dispatcher } from "undici";
import type { z } from "zod";
import { AbortError, ApiError, InputError, ResponseShapeError, type InputIssue } from "../errors";
import type { ExchangeEvent } from "../options";
import { defaultDispatcher } from "./dispatcher";
import type { ResolvedSettings } from "../settings";
import { iamListProjects } from "../endpoints/iam";
import type { EndpointDef, ServiceName } from "../endpoints/table";
import { abortReason, realSleep, throwIfAborted, type Sleep } from "../util/abort";
import {
  DEFAULT_RETRY,
  ThrottleGate,
  classifyTransportError,
  isRetryableStatus,
  isRetryableTransport,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from "./retry";
import { encodePathSegment, signRequest, type QueryValue } from "./signer";

/** Input of one call: path parameters, query and body, in the API's own (snake_case) names. */
export interface CallInput {
  path?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

/** Input after validation, ready to sign. */
export interface ValidatedInput {
  path: Record<string, string>;
  query: Record<string, QueryValue | undefined>;
  body: unknown;
}

export type { ExchangeEvent };

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Deadline of one attempt of this call, ms. @default the client's */
  requestTimeoutMs?: number | undefined;
}

/** A successful answer. */
export interface CallResult<T> {
  data: T;
  status: number;
  requestId: string | undefined;
  attempts: number;
}

/** How a client is built. Everything with a default can be injected for tests. */
export interface ClientOptions {
  settings: ResolvedSettings;
  /** undici dispatcher. @default a shared `EnvHttpProxyAgent` (keep-alive pool per origin, honours HTTPS_PROXY/NO_PROXY) */
  dispatcher?: Dispatcher;
  /** Clock used for signing and `Retry-After`. @default Date.now */
  now?: () => number;
  /** @default a real, abortable setTimeout sleep */
  sleep?: Sleep;
  /** @default Math.random */
  random?: () => number;
  /** Deadline of one attempt, ms. @default 30000 */
  requestTimeoutMs?: number;
  /** Retry policy; `maxRetries` defaults to the settings' value. */
  retry?: Partial<RetryPolicy>;
  /** Throttle gate shared by every client of the process unless given. */
  gate?: ThrottleGate;
  /** Observer of every exchange. */
  onExchange?: (event: ExchangeEvent) => void;
}

const sharedGate = new ThrottleGate();
const projectCache = new Map<string, Promise<string>>();

/** Forgets resolved project ids (tests). */
export function clearProjectCache(): void {
  projectCache.clear();
}

const USER_AGENT = "pulumi-hwc-tasks";

function zodIssues(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

/** Reads `error_code`/`error_msg` from any of the documented error body shapes. */
export function parseErrorBody(text: string): { errorCode?: string; errorMsg?: string; requestId?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const snippet = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 120);
    return { errorMsg: snippet ? `non-JSON body: ${snippet}` : "empty body" };
  }
  if (typeof body !== "object" || body === null) return { errorMsg: "unexpected body" };
  const flat = body as Record<string, unknown>;
  const inner = (typeof flat["error"] === "object" && flat["error"] !== null ? flat["error"] : flat) as Record<
    string,
    unknown
  >;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const out: { errorCode?: string; errorMsg?: string; requestId?: string } = {};
  const code = str(inner["error_code"]) ?? str(inner["code"]);
  const msg = str(inner["error_msg"]) ?? str(inner["message"]);
  const rid = str(flat["request_id"]) ?? str(inner["request_id"]);
  if (code) out.errorCode = code;
  if (msg) out.errorMsg = msg;
  if (rid) out.requestId = rid;
  return out;
}

/** Advice per failure, for the error message. `idempotent` is false for calls that start work (POST). */
function hintFor(status: number, service: ServiceName, retried: boolean, idempotent = true): string | undefined {
  if (status === 401)
    return (
      "Check the access key and secret key (huaweicloud:accessKey/secretKey or HW_ACCESS_KEY/HW_SECRET_KEY) and that " +
      "this machine's clock is within 15 minutes of UTC; not retried, since repeated failures can lock the key"
    );
  if (status === 403)
    return "The credentials lack permission for this API, or the project id does not belong to them; not retried";
  if (status === 404)
    return service === "iam"
      ? "Check the region name"
      : "Check the id, the region and the project id: the resource does not exist there";
  if (status === 400) return "The service refused the request parameters";
  if (status === 429)
    return retried
      ? "Throttled by the API gateway; the retries ran out. Lower concurrency or raise huaweicloud:maxRetries"
      : "Throttled by the API gateway";
  const unsafe = "not retried, since the service may have started the task: check for it before trying again";
  if (status >= 500)
    return retried ? "The service kept failing; try again later" : idempotent ? "The service failed; try again later" : `The service failed; ${unsafe}`;
  if (status === 0)
    return retried
      ? "The network kept failing; check connectivity and proxies"
      : idempotent
        ? "The network failed; check connectivity and proxies"
        : `The network failed; ${unsafe}`;
  return undefined;
}

function redact(text: string | undefined, secrets: readonly (string | undefined)[]): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  return out;
}

const origins = new Map<string, string>();
/** The origin of a base URL (cached: parsing a URL per request is measurable). */
function originOf(base: string): string {
  let o = origins.get(base);
  if (o === undefined) {
    o = new URL(base).origin;
    if (origins.size > 1000) origins.clear();
    origins.set(base, o);
  }
  return o;
}

function firstHeader(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The signed task-API client. Stateless apart from shared pools, the throttle gate and the project-id cache. */
export class TaskApiClient {
  readonly settings: ResolvedSettings;
  private readonly dispatcher: Dispatcher;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly gate: ThrottleGate;
  private readonly onExchange: ((event: ExchangeEvent) => void) | undefined;

  /** @param options see {@link ClientOptions}. */
  constructor(options: ClientOptions) {
    this.settings = options.settings;
    this.dispatcher = options.dispatcher ?? defaultDispatcher();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, maxRetries: options.settings.maxRetries, ...options.retry };
    this.gate = options.gate ?? sharedGate;
    this.onExchange = options.onExchange;
  }

  /**
   * Validates `input` against the endpoint's schemas; throws {@link InputError} naming the field. Nothing is sent.
   */
  validate(ep: EndpointDef, input: CallInput): ValidatedInput {
    const context = `${ep.service} ${ep.operation}`;
    const issues: InputIssue[] = [];
    const path = ep.pathParams.safeParse(input.path ?? {});
    if (!path.success) issues.push(...zodIssues(path.error, ""));
    const query = ep.query.safeParse(stripUndefined(input.query ?? {}));
    if (!query.success) issues.push(...zodIssues(query.error, ""));
    let body: unknown = undefined;
    if (ep.body) {
      const parsed = ep.body.safeParse(input.body ?? {});
      if (!parsed.success) issues.push(...zodIssues(parsed.error, "body"));
      else body = parsed.data;
    }
    if (issues.length > 0) throw new InputError(context, issues);
    return {
      path: (path.data ?? {}) as Record<string, string>,
      query: (query.data ?? {}) as Record<string, QueryValue | undefined>,
      body,
    };
  }

  /** The project id: from settings, else resolved once per access key and region through IAM. */
  async projectId(options: CallOptions = {}): Promise<string> {
    if (this.settings.projectId) return this.settings.projectId;
    const key = `${this.settings.credentials.accessKey}\u0000${this.settings.region}\u0000${this.settings.endpoints.iam}`;
    let pending = projectCache.get(key);
    if (!pending) {
      pending = this.resolveProjectId(options);
      projectCache.set(key, pending);
      pending.catch(() => projectCache.delete(key));
    }
    return pending;
  }

  private async resolveProjectId(options: CallOptions): Promise<string> {
    const input = { query: { name: this.settings.region } };
    const result = await this.send(iamListProjects, this.validate(iamListProjects, input), undefined, options);
    const matches = result.data.projects.filter((p) => p.name === this.settings.region);
    if (matches.length !== 1 || !matches[0]) {
      throw new InputError("settings", [
        {
          field: "projectId",
          message:
            `could not be resolved: IAM lists ${matches.length} projects named ${this.settings.region}; ` +
            `set huaweicloud:projectId or HW_PROJECT_ID`,
        },
      ]);
    }
    return matches[0].id;
  }

  /**
   * Calls one endpoint. Validates first (an {@link InputError} costs no request), then sends with retries.
   * @throws InputError, ApiError, ResponseShapeError, AbortError
   */
  async call<E extends EndpointDef>(
    ep: E,
    input: CallInput = {},
    options: CallOptions = {},
  ): Promise<CallResult<z.output<E["response"]>>> {
    const checked = this.validate(ep, input);
    throwIfAborted(options.signal, `${ep.service} ${ep.operation}`);
    const projectId = ep.path.includes("{project_id}") ? await this.projectId(options) : undefined;
    return this.send(ep, checked, projectId, options);
  }

  private buildUrl(ep: EndpointDef, path: Record<string, string>, projectId: string | undefined): string {
    const filled = ep.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
      const value = name === "project_id" ? (projectId ?? "") : (path[name] ?? "");
      // Percent-encoding cannot protect these: URL parsing resolves "." and ".." away and the call lands elsewhere.
      if (value === "" || value === "." || value === "..")
        throw new InputError(`${ep.service} ${ep.operation}`, [{ field: name, message: "must not be empty, '.' or '..' (it would change the route)" }]);
      return encodePathSegment(value);
    });
    return this.settings.endpoints[ep.host] + filled;
  }

  private async send<E extends EndpointDef>(
    ep: E,
    checked: ValidatedInput,
    projectId: string | undefined,
    options: CallOptions,
  ): Promise<CallResult<z.output<E["response"]>>> {
    const what = `${ep.service} ${ep.operation}`;
    const base = this.settings.endpoints[ep.host];
    const url = this.buildUrl(ep, checked.path, projectId);
    const origin = originOf(base);
    const bodyText = ep.method === "POST" ? JSON.stringify(checked.body ?? {}) : undefined;
    // Reads and deletions may be repeated safely; a POST starts work, and is not repeated once it may have arrived.
    const idempotent = ep.method !== "POST";
    const gateKey = `${origin} ${ep.operation}`;
    const creds = this.settings.credentials;
    const timeoutMs = options.requestTimeoutMs ?? this.requestTimeoutMs;
    const secrets = [creds.accessKey, creds.secretKey, creds.securityToken];
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const wait = this.gate.waitMs(gateKey);
      if (wait > 0) await this.sleep(wait, options.signal);
      throwIfAborted(options.signal, what);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (projectId) headers["X-Project-Id"] = projectId;
      const signed = signRequest(
        { method: ep.method, url, query: checked.query, headers, ...(bodyText !== undefined ? { body: bodyText } : {}) },
        creds,
        new Date(this.now()),
      );
      signed.headers["User-Agent"] = USER_AGENT;
      const started = this.now();
      let status = 0;
      let text = "";
      let requestId: string | undefined;
      let retryAfter: string | undefined;
      let failure: ReturnType<typeof classifyTransportError> | undefined;
      let cause: unknown;
      try {
        // undici enforces the timeouts and the caller's abort itself: no timer or controller per request.
        const res = await request(origin + signed.path, {
          method: ep.method,
          headers: signed.headers,
          body: bodyText,
          dispatcher: this.dispatcher,
          ...(options.signal ? { signal: options.signal } : {}),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        status = res.statusCode;
        requestId = firstHeader(res.headers["x-request-id"]);
        retryAfter = firstHeader(res.headers["retry-after"]);
        text = await res.body.text();
      } catch (err) {
        if (options.signal?.aborted) throw abortReason(options.signal, what);
        failure = classifyTransportError(err);
        cause = err;
      }
      this.onExchange?.({
        service: ep.service,
        operation: ep.operation,
        method: ep.method,
        path: signed.path,
        status: failure ? 0 : status,
        attempt,
        durationMs: this.now() - started,
        requestId,
        ...(failure ? { failure } : {}),
      });

      // A 2xx that is not JSON at all (an HTML page from a proxy or load balancer) is the infrastructure's, not the
      // API's: retried like a 5xx. JSON of the wrong shape is the API's own answer: reported at once.
      let json: unknown;
      let notJson = false;
      if (!failure && status >= 200 && status < 300 && ep.emptyResponse) {
        this.gate.succeeded(gateKey);
        return { data: undefined as z.output<E["response"]>, status, requestId, attempts: attempt };
      }
      if (!failure && status >= 200 && status < 300) {
        try {
          json = JSON.parse(text);
        } catch {
          notJson = true;
        }
        if (!notJson || !idempotent || attempt > this.retry.maxRetries) {
          this.gate.succeeded(gateKey);
          return { data: this.parseSuccess(ep, json, text, notJson, status, requestId, attempt), status, requestId, attempts: attempt };
        }
      }
      if (!failure && status === 429) this.gate.throttled(gateKey, parseRetryAfter(retryAfter, this.now()), started);

      const retryable = notJson || (failure ? isRetryableTransport(failure, idempotent) : isRetryableStatus(status) && (idempotent || status === 429));
      const retryAfterMs = failure ? undefined : parseRetryAfter(retryAfter, this.now());
      const tooLong = retryAfterMs !== undefined && retryAfterMs > this.retry.maxRetryAfterMs;
      if (retryable && attempt <= this.retry.maxRetries && !tooLong) {
        const delay = Math.max(retryDelay(attempt, this.retry, this.random, retryAfterMs), this.gate.waitMs(gateKey));
        await this.sleep(delay, options.signal).catch((e: unknown) => {
          throw e instanceof AbortError ? e : abortReason(options.signal as AbortSignal, what);
        });
        continue;
      }
      if (failure) {
        throw new ApiError(
          {
            service: ep.service,
            operation: ep.operation,
            status: 0,
            errorCode: failure === "timeout" ? "TIMEOUT" : failure === "refused" ? "CONNECTION_REFUSED" : "NETWORK",
            errorMsg: redact(describeTransport(failure, cause, timeoutMs), secrets),
            attempts: attempt,
            hint: hintFor(0, ep.service, attempt > 1, idempotent),
          },
          { cause },
        );
      }
      const parsed = parseErrorBody(text);
      throw new ApiError({
        service: ep.service,
        operation: ep.operation,
        status,
        errorCode: parsed.errorCode,
        errorMsg: redact(parsed.errorMsg, secrets),
        requestId: requestId ?? parsed.requestId,
        attempts: attempt,
        hint: hintFor(status, ep.service, attempt > 1, idempotent),
      });
    }
  }

  private parseSuccess<E extends EndpointDef>(
    ep: E,
    json: unknown,
    text: string,
    notJson: boolean,
    status: number,
    requestId: string | undefined,
    attempts: number,
  ): z.output<E["response"]> {
    const details = { service: ep.service, operation: ep.operation, status, requestId, attempts };
    // A page that is not JSON at all is the infrastructure's (a proxy's or load balancer's), not the API's: transient.
    if (notJson) throw new ResponseShapeError({ ...details, transient: true }, "", `is not JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 60))})`);
    const parsed = ep.response.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ResponseShapeError(details, issue ? issue.path.map(String).join(".") : "", issue ? issue.message : "is malformed");
    }
    return parsed.data as z.output<E["response"]>;
  }
}

function describeTransport(failure: string, cause: unknown, timeoutMs: number): string {
  if (failure === "timeout") return `no complete answer within ${timeoutMs} ms`;
  if (failure === "reset") return "the connection was reset";
  if (failure === "refused") return "the connection was refused";
  if (failure === "protocol") return "the answer was not valid HTTP or was cut short";
  const code = (cause as { code?: string } | undefined)?.code;
  return code ? `transport error ${code}` : "transport error";
}

function stripUndefined(obj: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}
