/**
 * A tiny loopback HTTP forward proxy for tests: it forwards absolute-URI requests (`GET http://host:port/path`) and
 * tunnels `CONNECT host:port` (what undici's ProxyAgent sends by default, even for http targets), and records what
 * it was asked for. It only ever connects to loopback targets.
 */
import { withEnv } from "./env";
import { createServer, request as httpRequest, type Server } from "node:http";
import { connect as netConnect, type Socket } from "node:net";
import { listenLoopback } from "./servers";

/** One thing the proxy was asked to do. */
export interface ProxyHit {
  kind: "connect" | "forward";
  /** `host:port` for CONNECT, the absolute URI for forwarded requests. */
  target: string;
}

/** A running proxy. */
export interface TestProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly hits: ProxyHit[];
  close(): Promise<void>;
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host === "::1";
}

/** Starts a forward proxy on an ephemeral loopback port. */
export async function startProxy(): Promise<TestProxy> {
  const hits: ProxyHit[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const target = req.url ?? "";
    hits.push({ kind: "forward", target });
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      res.writeHead(400).end("absolute URI required");
      return;
    }
    if (!isLoopback(url.hostname)) {
      res.writeHead(403).end("loopback targets only");
      return;
    }
    const upstream = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    hits.push({ kind: "connect", target });
    const i = target.lastIndexOf(":");
    const host = target.slice(0, i);
    const port = Number(target.slice(i + 1));
    if (!isLoopback(host) || !Number.isInteger(port)) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = netConnect(port, host.replace(/^\[|\]$/g, ""), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  const { port, stop } = await listenLoopback(server, sockets);
  return { url: `http://127.0.0.1:${port}`, hits, close: stop };
}

/** Proxy-related environment variables. */
const PROXY_VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"] as const;

/** Sets proxy variables for the duration of `fn` (the other proxy variables unset), then restores them all. */
export async function withProxyEnv<T>(vars: Partial<Record<(typeof PROXY_VARS)[number], string>>, fn: () => Promise<T>): Promise<T> {
  const cleared: Record<string, string | undefined> = Object.fromEntries(PROXY_VARS.map((k) => [k, undefined]));
  return withEnv({ ...cleared, ...vars }, fn);
}
