/**
 * Faults that replace an answer: throttling, error statuses, latency, hung and reset connections, bodies cut short,
 * HTML pages.
 * @module
 */
import type { ServerResponse } from "node:http";
import type { ErrorStyle } from "../provider/endpoints";
import { GATEWAY } from "./catalog";
import type { Fault } from "./faults";
import type { RequestRecord } from "./types";
import { errorBody } from "./wire";

/** Writes a JSON answer with its length and request id. */
export function send(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json;charset=UTF-8",
    "Content-Length": Buffer.byteLength(text),
    "X-Request-Id": requestId,
  });
  res.end(text);
}

/** Applies a fault that replaces the answer; returns true when the response is handled. */
export async function applyTransportFault(
  fault: Fault,
  res: ServerResponse,
  record: RequestRecord,
  style: ErrorStyle,
  requestId: string,
  hung: Set<ServerResponse>,
): Promise<boolean> {
  switch (fault.kind) {
    case "latency":
      await new Promise((r) => setTimeout(r, fault.ms));
      return false;
    case "throttle":
      record.status = 429;
      if (fault.retryAfter !== undefined) res.setHeader("Retry-After", fault.retryAfter);
      send(
        res,
        429,
        errorBody("gateway", GATEWAY.throttled, "The throttling threshold has been reached: policy user over ratelimit,limit:200,time:5 minute", requestId),
        requestId,
      );
      return true;
    case "status": {
      record.status = fault.status;
      if (fault.retryAfter !== undefined) res.setHeader("Retry-After", fault.retryAfter);
      const code = fault.errorCode ?? (fault.status === 429 ? GATEWAY.throttled : `EMULATOR.${fault.status}`);
      const msg = fault.errorMsg ?? `injected ${fault.status}`;
      send(res, fault.status, errorBody(fault.status === 429 ? "gateway" : style, code, msg, requestId), requestId);
      return true;
    }
    case "hang":
      record.status = -1;
      hung.add(res);
      res.on("close", () => hung.delete(res));
      return true;
    case "reset":
      record.status = -1;
      res.socket?.destroy();
      return true;
    case "truncate": {
      record.status = -1;
      const text = '{"total": 1, "tasks": [{"task_id": "';
      res.writeHead(200, { "Content-Type": "application/json;charset=UTF-8", "Content-Length": text.length * 4, "X-Request-Id": requestId });
      res.write(text);
      setTimeout(() => res.socket?.destroy(), 5);
      return true;
    }
    case "html": {
      record.status = fault.status;
      const html = `<html><head><title>${fault.status} Bad Gateway</title></head><body><center><h1>${fault.status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;
      res.writeHead(fault.status, { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(html), "X-Request-Id": requestId });
      res.end(html);
      return true;
    }
    default:
      return false;
  }
}
