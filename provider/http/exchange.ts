/**
 * One HTTP exchange, bounded in every dimension: a total deadline (connect, headers and the whole body, however
 * slowly it trickles), the caller's signal to the last byte, the runtime closing, and a size cap checked on the
 * declared `Content-Length` first and then on the bytes as they stream in. Returns what happened as data.
 * @module
 */
import { request, type Dispatcher } from "undici";
import type { IncomingHttpHeaders } from "node:http";
import { MAX_TIMER_MS } from "../util/abort";
import { classifyTransportError, type TransportFailure } from "./retry";

/**
 * Largest response accepted by default: the largest page any task API allows (1000 tasks: KPS, DCS, RocketMQ)
 * times 4 KiB per task, far above what a real task list holds. An answer larger than this is refused unread.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 1000 * 4096;

/** One request to send. */
export interface ExchangeRequest {
  url: string;
  method: "GET" | "POST" | "DELETE";
  headers: Record<string, string>;
  body?: string | undefined;
  dispatcher: Dispatcher;
  /** Total deadline of this exchange, ms. */
  timeoutMs: number;
  /** Largest body accepted, bytes. */
  maxBytes: number;
  /** The caller's signal. */
  signal?: AbortSignal | undefined;
  /** Fires when the runtime that owns the dispatcher closes. */
  closing?: AbortSignal | undefined;
}

/** What happened. */
export type ExchangeOutcome =
  | { kind: "response"; status: number; headers: IncomingHttpHeaders; text: string }
  /** The body was larger than `maxBytes`: refused, the connection closed, nothing more read. */
  | { kind: "too-large"; status: number; headers: IncomingHttpHeaders; declared: number | undefined }
  | { kind: "failed"; failure: TransportFailure; cause: unknown }
  | { kind: "aborted"; by: "caller" | "closed" };

type Stop = "deadline" | "caller" | "closed" | "too-large";
const STOPS: Record<Stop, { stop: Stop }> = {
  deadline: { stop: "deadline" },
  caller: { stop: "caller" },
  closed: { stop: "closed" },
  "too-large": { stop: "too-large" },
};

/** Sends one request and reads its whole body under the bounds of `req`. Never throws. */
export async function exchange(req: ExchangeRequest): Promise<ExchangeOutcome> {
  const controller = new AbortController();
  const stop = (why: Stop) => () => controller.abort(STOPS[why]);
  const onCaller = stop("caller");
  const onClosed = stop("closed");
  if (req.signal?.aborted) return { kind: "aborted", by: "caller" };
  if (req.closing?.aborted) return { kind: "aborted", by: "closed" };
  req.signal?.addEventListener("abort", onCaller, { once: true });
  req.closing?.addEventListener("abort", onClosed, { once: true });
  const timer = setTimeout(stop("deadline"), Math.min(Math.max(1, req.timeoutMs), MAX_TIMER_MS));
  let status = 0;
  let headers: IncomingHttpHeaders = {};
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: req.dispatcher,
      signal: controller.signal,
      // Idle bounds too (undici's own); the total deadline above is what ends a trickle.
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
    });
    status = res.statusCode;
    headers = res.headers;
    const declared = contentLength(res.headers["content-length"]);
    if (declared !== undefined && declared > req.maxBytes) {
      controller.abort(STOPS["too-large"]);
      return { kind: "too-large", status, headers, declared };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > req.maxBytes) {
        controller.abort(STOPS["too-large"]);
        return { kind: "too-large", status, headers, declared };
      }
      chunks.push(chunk);
    }
    return { kind: "response", status, headers, text: Buffer.concat(chunks, size).toString("utf8") };
  } catch (err) {
    const why = (controller.signal.reason as { stop?: Stop } | undefined)?.stop;
    if (controller.signal.aborted && why === "caller") return { kind: "aborted", by: "caller" };
    if (controller.signal.aborted && why === "closed") return { kind: "aborted", by: "closed" };
    if (controller.signal.aborted && why === "deadline") return { kind: "failed", failure: "timeout", cause: undefined };
    return { kind: "failed", failure: classifyTransportError(err), cause: err };
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onCaller);
    req.closing?.removeEventListener("abort", onClosed);
  }
}

function contentLength(v: string | string[] | undefined): number | undefined {
  const text = Array.isArray(v) ? v[0] : v;
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text);
}
