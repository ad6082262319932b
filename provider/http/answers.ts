/**
 * What the client says about an answer it cannot use: the service's own error body read in any documented shape,
 * the error code and description of a transport failure, and advice per failure.
 * @module
 */
import type { z } from "zod";
import { ResponseShapeError, ThrottledError, type ApiErrorDetails } from "../errors";
import type { EndpointDef, ServiceName } from "../endpoints/table";
import type { TransportFailure } from "./retry";

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
  const inner = (typeof flat["error"] === "object" && flat["error"] !== null ? flat["error"] : flat) as Record<string, unknown>;
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

/** Advice per HTTP status, for the error message. `idempotent` is false for calls that start work (POST). */
export function hintFor(status: number, service: ServiceName, retried: boolean, idempotent = true): string | undefined {
  if (status === 401)
    return (
      "Check the access key and secret key (huaweicloud:accessKey/secretKey or HW_ACCESS_KEY/HW_SECRET_KEY) and that " +
      "this machine's clock is within 15 minutes of UTC; not retried, since repeated failures can lock the key"
    );
  if (status === 403)
    return "The credentials lack permission for this API, or the project id does not belong to them; not retried";
  if (status === 404)
    return service === "iam" ? "Check the region name" : "Check the id, the region and the project id: the resource does not exist there";
  if (status === 400) return "The service refused the request parameters";
  if (status === 429)
    return retried
      ? "Throttled by the API gateway; the retries ran out. Lower concurrency or raise huaweicloud:maxRetries"
      : "Throttled by the API gateway";
  if (status >= 300 && status < 400)
    return "The endpoint redirects: check the endpoint URL (redirects are not followed, so the signed request never goes elsewhere)";
  const unsafe = "not retried, since the service may have started the task: check for it before trying again";
  if (status >= 500)
    return retried ? "The service kept failing; try again later" : idempotent ? "The service failed; try again later" : `The service failed; ${unsafe}`;
  return undefined;
}

/** The `errorCode` of an `ApiError` for a transport failure. */
export function transportCode(failure: TransportFailure): string {
  switch (failure) {
    case "timeout":
      return "TIMEOUT";
    case "refused":
      return "CONNECTION_REFUSED";
    case "dns":
      return "DNS";
    case "tls":
      return "TLS";
    default:
      return "NETWORK";
  }
}

/** What a transport failure was, for the error message. */
export function describeTransport(failure: TransportFailure, cause: unknown, timeoutMs: number): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  const coded = typeof code === "string" ? ` (${code})` : "";
  switch (failure) {
    case "timeout":
      return `no complete answer within ${timeoutMs} ms`;
    case "reset":
      return "the connection was reset";
    case "refused":
      return "the connection was refused";
    case "protocol":
      return "the answer was not valid HTTP or was cut short";
    case "dns":
      return `the host name does not resolve${coded}`;
    case "tls":
      return `the TLS handshake failed${coded}${cause instanceof Error && cause.message ? `: ${cause.message.split("\n")[0]}` : ""}`;
    default:
      return typeof code === "string" ? `transport error ${code}` : "transport error";
  }
}

/** Advice for a transport failure. */
export function transportHint(failure: TransportFailure, retried: boolean, idempotent: boolean): string {
  if (failure === "dns")
    return (
      "Check the region and the cloud domain (huaweicloud:region, huaweicloud:cloud / HW_CLOUD) and any endpoint you set " +
      "(huaweicloud:endpoints, HWC_TASKS_ENDPOINT), and this machine's DNS; not retried further"
    );
  if (failure === "tls")
    return (
      "Check the endpoint URL, this machine's clock and trusted certificates (NODE_EXTRA_CA_CERTS), and any proxy that " +
      "intercepts TLS; not retried further"
    );
  if (retried) return "The network kept failing; check connectivity and proxies";
  if (idempotent) return "The network failed; check connectivity and proxies";
  return "The network failed; not retried, since the service may have started the task: check for it before trying again";
}

/**
 * The data of a 2xx answer, parsed with the endpoint's response schema.
 * @throws ResponseShapeError: transient for a page that is not JSON at all, final for JSON of the wrong shape.
 */
export function parseSuccess<E extends EndpointDef>(ep: E, json: unknown, text: string, notJson: boolean, details: ConstructorParameters<typeof ResponseShapeError>[0]): z.output<E["response"]> {
  // A page that is not JSON at all is the infrastructure's (a proxy's or load balancer's), not the API's: transient.
  if (notJson) throw new ResponseShapeError({ ...details, transient: true }, "", `is not JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 60))})`);
  const parsed = ep.response.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResponseShapeError(details, issue ? issue.path.map(String).join(".") : "", issue ? issue.message : "is malformed");
  }
  return parsed.data as z.output<E["response"]>;
}

/** The error of a 429 the client will not wait out; `text` is the (redacted) answer. */
export function throttledError(text: string, details: Omit<ApiErrorDetails, "hint">, retryAt: number, reason: ThrottledError["reason"]): ThrottledError {
  const parsed = parseErrorBody(text);
  return new ThrottledError({
    ...details,
    errorCode: parsed.errorCode,
    errorMsg: parsed.errorMsg,
    requestId: details.requestId ?? parsed.requestId,
    hint: hintFor(429, details.service, details.attempts > 1),
    retryAt,
    reason,
  });
}
