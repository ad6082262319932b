/**
 * A misbehaving server for the hostile-server suites (`test/reliability/hostile-*.test.ts`): a raw `node:http` (or
 * `node:https`) server on 127.0.0.1 whose every answer the test scripts, to play what the emulator does not:
 * trickles, floods, wrong `Content-Length`s, pages that reflect the request, redirects, HTML with 200, a day's
 * `Retry-After`. It records every request (method, URL, headers, body) and every connection it saw closed, and
 * counts the bytes it managed to write. Servers a test starts, it stops (`close()`).
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import { join } from "node:path";
import type { TaskApiOptions } from "../../provider";
import { resetRuntime } from "../../provider/runtime";
import { listenLoopback } from "./servers";

/** A request the server received. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Set once the client closed (or the server ended) this exchange's connection. */
  closed: boolean;
  /** `Date.now()` when the request had arrived whole. */
  at: number;
}

/** How the server answers one request; may answer later, slowly, or never. */
export type Behaviour = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

/** A running misbehaving server. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` (`https://` for a TLS one). */
  readonly url: string;
  readonly port: number;
  /** Requests in arrival order. */
  readonly received: Received[];
  /** Bytes of body written so far by {@link flood} and {@link trickle}. */
  written(): number;
  /** Replaces how every later request is answered. */
  answer(behaviour: Behaviour): void;
  close(): Promise<void>;
}

const TLS_DIR = join(__dirname, "..", "fixtures", "tls");

/** Starts a server on an ephemeral loopback port; `tls` serves the self-signed certificate of the fixtures. */
export async function startHostile(behaviour: Behaviour, options: { tls?: boolean } = {}): Promise<HostileServer> {
  const received: Received[] = [];
  let current = behaviour;
  const counter = { bytes: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), closed: false, at: Date.now() };
      received.push(r);
      res.on("close", () => (r.closed = true));
      (res as ServerResponse & { counter?: typeof counter }).counter = counter;
      current(req, res, r);
    });
  };
  const server: Server = options.tls
    ? createTlsServer({ cert: readFileSync(join(TLS_DIR, "cert.pem")), key: readFileSync(join(TLS_DIR, "key.pem")) }, handler)
    : createServer(handler);
  server.on("tlsClientError", () => undefined);
  const { port, stop } = await listenLoopback(server);
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    port,
    received,
    written: () => counter.bytes,
    answer: (b) => {
      current = b;
    },
    close: stop,
  };
}

/**
 * The servers of a suite: `serve(behaviour)` starts one; each case starts on a fresh runtime, and after the suite
 * the runtime is reset and every server closed.
 */
export function useHostileServers(): (behaviour: Behaviour, options?: { tls?: boolean }) => Promise<HostileServer> {
  const servers: HostileServer[] = [];
  beforeEach(() => resetRuntime());
  afterAll(async () => {
    await resetRuntime();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (behaviour, options = {}) => {
    const s = await startHostile(behaviour, options);
    servers.push(s);
    return s;
  };
}

function countOf(res: ServerResponse): { bytes: number } {
  return (res as ServerResponse & { counter?: { bytes: number } }).counter ?? { bytes: 0 };
}

/** Answers `status` with a JSON body. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", "x-request-id": "hostile-request-1", ...headers });
    res.end(JSON.stringify(body));
  };

/** Answers 200 with headers, then one byte of a never-ending JSON body every `everyMs`. */
export const trickle =
  (everyMs: number): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => {
      res.write(" ");
      countOf(res).bytes += 1;
    }, everyMs);
    res.on("close", () => clearInterval(timer));
  };

/** Answers 200 and writes `totalBytes` of body as fast as the client reads, declaring the length or not. */
export const flood =
  (totalBytes: number, declare: boolean): Behaviour =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/json", ...(declare ? { "content-length": String(totalBytes) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let left = totalBytes;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        countOf(res).bytes += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return;
      }
      if (left <= 0) res.end();
    };
    res.on("drain", pump);
    pump();
  };

/** Answers with each behaviour in turn, the last one for good. */
export function inTurn(...behaviours: Behaviour[]): Behaviour {
  let i = 0;
  return (req, res, received) => {
    const b = behaviours[Math.min(i, behaviours.length - 1)];
    i += 1;
    b?.(req, res, received);
  };
}

/** Never answers. */
export const hang: Behaviour = () => undefined;

/** Answers `status` with an HTML page that shows every request header (as a misconfigured proxy's debug page). */
export const reflectHeaders =
  (status: number): Behaviour =>
  (req, res) => {
    const rows = Object.entries(req.headers)
      .map(([k, v]) => `<tr><td>${k}</td><td>${String(v)}</td></tr>`)
      .join("");
    res.writeHead(status, { "content-type": "text/html", "x-request-id": String(req.headers["x-security-token"] ?? "none") });
    res.end(`<html><body><h1>Request</h1><table>${rows}</table></body></html>`);
  };

/** Answers `status` with a JSON error whose message echoes the request body (as some services do on a 400). */
export const echoBody =
  (status: number): Behaviour =>
  (_req, res, received) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error_code: "KPS.0001", error_msg: `invalid request body: ${received.body}` }));
  };

/** Connection settings for a hostile server: the given credentials, a fixed project id, no config or env. */
export function hostileOptions(server: { url: string }, creds: { accessKey: string; secretKey: string; securityToken?: string }, over: Partial<TaskApiOptions> = {}): TaskApiOptions {
  return { region: "cn-north-4", projectId: "0123456789abcdef0123456789abcdef", endpoint: server.url, maxRetries: 0, sources: { env: {} }, ...creds, ...over };
}
