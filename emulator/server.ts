/**
 * The emulator's HTTP server: one port for every service. Routes come from the shared service table; every request
 * is authenticated like the API gateway does it, validated with the table's query schemas (answering the service's
 * own 400 body), answered from the {@link Store}, checked against the table's response schema, and logged.
 * @module
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { verifySignature } from "../provider/http/signer";
import {
  ENDPOINTS,
  SERVICES,
  pathPlaceholders,
  type EndpointDef,
  type ErrorStyle,
  type ServiceName,
} from "../provider/services";
import { isLoopbackHost } from "../provider/settings";
import { parseCompactUtc } from "../provider/util/time";
import { GATEWAY, UNKNOWN_PROJECT_STATUS, type TaskService } from "./catalog";
import { FaultSet, type Fault } from "./faults";
import type { Store, Task } from "./store";
import { csmsItem, dcsItem, errorBody, kpsListItem, mutateBody, rocketmqItem } from "./wire";
import { handleAdmin, type AdminContext } from "./admin";

/** One logged request. */
export interface RequestRecord {
  seq: number;
  /** Real epoch ms when it arrived. */
  at: number;
  method: string;
  /** Raw path, without the query. */
  path: string;
  /** Decoded query. */
  query: Record<string, string>;
  /** Route it was dispatched to (`kps ListRunningTask`), or `unrouted`. */
  service: ServiceName | "unrouted";
  operation: string;
  /** Decoded path parameters of the route. */
  params: Record<string, string>;
  status: number;
  accessKey: string | undefined;
  /** Fault applied, if any. */
  fault: Fault["kind"] | undefined;
}

/** A credential the gateway accepts. */
export interface EmulatorCredential {
  accessKey: string;
  secretKey: string;
  /** When set, requests with this AK must carry this `X-Security-Token`. */
  securityToken?: string | undefined;
}

/** Settings of a running server. */
export interface ServerConfig {
  projectId: string;
  region: string;
  credentials: readonly EmulatorCredential[];
  authTokens: readonly string[];
  maxSkewMs: number;
  /** Offset of the gateway's clock from real time when checking `X-Sdk-Date`, ms. */
  gatewayClockOffsetMs: number;
  validateResponses: boolean;
  /** Calls per second per access key and operation before 429 (undefined: unlimited). */
  rateLimitPerSecond: number | undefined;
}

class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: string,
    readonly style?: ErrorStyle | "gateway",
  ) {
    super(msg);
  }
}

interface Route {
  ep: EndpointDef;
  regex: RegExp;
  names: string[];
}

interface HandlerInput {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

type Handler = (input: HandlerInput) => { status?: number; body: unknown };

const MAX_BODY = 1024 * 1024;

function routesFromTable(): Route[] {
  return ENDPOINTS.map((ep) => {
    const names = pathPlaceholders(ep.path);
    const pattern = ep.path.replace(/[.]/g, "\\.").replace(/\{[a-z_]+\}/g, "([^/]+)");
    return { ep, regex: new RegExp(`^${pattern}$`), names };
  });
}

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The HTTP side of the emulator. */
export class EmulatorServer {
  readonly requests: RequestRecord[] = [];
  readonly faults: FaultSet;
  private readonly routes = routesFromTable();
  private readonly handlers: Record<string, Handler>;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private server: Server | undefined;
  private seq = 0;

  /**
   * @param store the world.
   * @param config credentials, project, limits.
   * @param admin what the admin API may touch.
   */
  constructor(
    readonly store: Store,
    readonly config: ServerConfig,
    private readonly admin: Omit<AdminContext, "server">,
  ) {
    this.faults = new FaultSet();
    this.handlers = this.buildHandlers();
    for (const ep of ENDPOINTS) {
      if (!this.handlers[ep.operation]) throw new Error(`emulator: no handler for ${ep.operation}`);
    }
  }

  /** Starts listening; resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      // A stepped clock must not move while a request is being served.
      this.admin.clock.touch();
      res.once("finish", () => this.admin.clock.touch());
      this.handle(req, res).catch((err: unknown) => {
        this.admin.log?.(`emulator: internal error: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent) this.send(res, 500, { error_code: "EMULATOR.0500", error_msg: "internal error" }, randomUUID());
      });
    });
    server.on("connection", (socket: Socket) => {
      this.admin.clock.touch();
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("clientError", (_err, socket) => socket.destroy());
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host, port, backlog: 4096 }, () => {
        server.off("error", reject);
        const addr = server.address();
        resolve(typeof addr === "object" && addr ? addr.port : port);
      });
    });
  }

  /** Stops listening and destroys every open connection (hung responses included). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const res of this.hung) res.destroy();
    this.hung.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const b = chunk as Buffer;
      size += b.length;
      if (size > MAX_BODY) throw new ServiceError(413, "APIGW.0201", "request body too large", "gateway");
      chunks.push(b);
    }
    return Buffer.concat(chunks);
  }

  private send(res: ServerResponse, status: number, body: unknown, requestId: string): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "Content-Type": "application/json;charset=UTF-8",
      "Content-Length": Buffer.byteLength(text),
      "X-Request-Id": requestId,
    });
    res.end(text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().replace(/-/g, "");
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : "";
    const method = (req.method ?? "GET").toUpperCase();

    if (path === "/_admin" || path.startsWith("/_admin/")) {
      const body = await this.readBody(req);
      if (!isLoopbackHost(req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "")) {
        this.send(res, 403, { error: "the admin API is served on loopback only" }, requestId);
        return;
      }
      const out = await handleAdmin({ ...this.admin, server: this }, method, path, rawQuery, body);
      this.send(res, out.status, out.body, requestId);
      return;
    }

    const record: RequestRecord = {
      seq: ++this.seq,
      at: Date.now(),
      method,
      path,
      query: Object.fromEntries(new URLSearchParams(rawQuery)),
      service: "unrouted",
      operation: "unrouted",
      params: {},
      status: 0,
      accessKey: undefined,
      fault: undefined,
    };
    this.requests.push(record);
    let style: ErrorStyle | "gateway" = "gateway";
    try {
      const body = await this.readBody(req);
      const match = this.route(method, path);
      if (!match) throw new ServiceError(404, GATEWAY.noApi, "The API does not exist or has not been published in the environment", "gateway");
      const { ep, params } = match;
      record.service = ep.service;
      record.operation = ep.operation;
      record.params = params;
      const service = SERVICES[ep.service];
      style = service.errorStyle;

      record.accessKey = this.authenticate(req, ep, path, rawQuery, body);
      this.rateLimit(record.accessKey, ep.operation);

      const fault = this.faults.forRequest({ service: ep.service, operation: ep.operation, method });
      record.fault = fault?.kind;
      if (fault && (await this.applyTransportFault(fault, res, record, service.errorStyle, requestId))) return;

      if ("project_id" in params && params["project_id"] !== this.config.projectId) {
        throw new ServiceError(
          UNKNOWN_PROJECT_STATUS[ep.service],
          service.codes.forbidden,
          `The project ${params["project_id"]} does not exist or does not belong to the caller`,
        );
      }
      const input = this.validate(ep, params, rawQuery, body);
      this.store.settle();
      const handler = this.handlers[ep.operation] as Handler;
      const out = handler(input);
      const status = out.status ?? ep.successStatus;
      if (this.config.validateResponses) {
        const check = ep.response.safeParse(out.body);
        if (!check.success) {
          throw new ServiceError(500, "EMULATOR.SCHEMA", `emulator answer fails its schema: ${z.prettifyError(check.error)}`, "gateway");
        }
      }
      const body2 = fault?.kind === "mutate" ? mutateBody(out.body, fault.mutation) : out.body;
      record.status = status;
      this.send(res, status, body2, requestId);
    } catch (err) {
      const e = err instanceof ServiceError ? err : new ServiceError(500, "EMULATOR.0500", "internal error", "gateway");
      if (!(err instanceof ServiceError)) this.admin.log?.(`emulator: ${err instanceof Error ? err.stack : String(err)}`);
      record.status = e.status;
      this.send(res, e.status, errorBody(e.style ?? style, e.code, e.msg, requestId), requestId);
    }
  }

  private route(method: string, path: string): { ep: EndpointDef; params: Record<string, string> } | undefined {
    for (const r of this.routes) {
      if (r.ep.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        r.names.forEach((name, i) => {
          params[name] = decodeURIComponent(m[i + 1] ?? "");
        });
      } catch {
        throw new ServiceError(400, SERVICES[r.ep.service].codes.badParameter, "malformed percent-encoding in the path");
      }
      return { ep: r.ep, params };
    }
    return undefined;
  }

  private authenticate(req: IncomingMessage, ep: EndpointDef, path: string, rawQuery: string, body: Buffer): string | undefined {
    const headers = req.headers;
    const authToken = firstValue(headers["x-auth-token"]);
    if (authToken !== undefined && !headers["authorization"]) {
      if (ep.service === "kps" && this.config.authTokens.includes(authToken)) return undefined;
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: the token is invalid", "gateway");
    }
    const result = verifySignature(
      { method: req.method ?? "GET", path, rawQuery, headers, body },
      (ak) => this.config.credentials.find((c) => c.accessKey === ak)?.secretKey,
      new Date(Date.now() + this.config.gatewayClockOffsetMs),
      this.config.maxSkewMs,
    );
    if (!result.ok) {
      const why =
        result.problem === "clock-skew"
          ? "the request has expired: X-Sdk-Date is more than 15 minutes from the gateway's clock"
          : result.problem === "unknown-access-key"
            ? "the access key does not exist"
            : `verify aksk signature fail (${result.problem})`;
      throw new ServiceError(401, GATEWAY.auth, `Incorrect IAM authentication information: ${why}`, "gateway");
    }
    const cred = this.config.credentials.find((c) => c.accessKey === result.accessKey);
    const token = firstValue(headers["x-security-token"]);
    if (cred?.securityToken !== undefined && token !== cred.securityToken) {
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: the security token is invalid or missing", "gateway");
    }
    if (token !== undefined && !result.signedHeaders.includes("x-security-token")) {
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: X-Security-Token must be signed", "gateway");
    }
    return result.accessKey;
  }

  private rateLimit(accessKey: string | undefined, operation: string): void {
    const perSecond = this.config.rateLimitPerSecond;
    if (perSecond === undefined) return;
    const key = `${accessKey ?? "token"}:${operation}`;
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    b.tokens = Math.min(perSecond, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      throw new ServiceError(
        429,
        GATEWAY.throttled,
        `The throttling threshold has been reached: policy user over ratelimit,limit:${perSecond},time:1 second`,
        "gateway",
      );
    }
    b.tokens -= 1;
  }

  /** Applies a fault that replaces the answer; returns true when the response is handled. */
  private async applyTransportFault(
    fault: Fault,
    res: ServerResponse,
    record: RequestRecord,
    style: ErrorStyle,
    requestId: string,
  ): Promise<boolean> {
    switch (fault.kind) {
      case "latency":
        await new Promise((r) => setTimeout(r, fault.ms));
        return false;
      case "throttle":
        record.status = 429;
        if (fault.retryAfter !== undefined) res.setHeader("Retry-After", fault.retryAfter);
        this.send(
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
        this.send(res, fault.status, errorBody(fault.status === 429 ? "gateway" : style, code, msg, requestId), requestId);
        return true;
      }
      case "hang":
        record.status = -1;
        this.hung.add(res);
        res.on("close", () => this.hung.delete(res));
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

  private validate(ep: EndpointDef, params: Record<string, string>, rawQuery: string, body: Buffer): HandlerInput {
    const service = SERVICES[ep.service];
    const bad = (msg: string) => new ServiceError(400, service.codes.badParameter, msg);
    const { project_id: _ignored, ...pathParams } = params;
    const path = ep.pathParams.safeParse(pathParams);
    if (!path.success) throw bad(`Invalid path parameter: ${describe(path.error)}`);
    // Like the real gateways, unknown query parameters are ignored rather than refused.
    const known = new Set(Object.keys(ep.query.shape));
    const raw: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(rawQuery)) if (known.has(k) && !(k in raw)) raw[k] = v;
    const query = ep.query.safeParse(raw);
    if (!query.success) throw bad(`Invalid query parameter: ${describe(query.error)}`);
    let parsedBody: unknown = undefined;
    if (ep.body) {
      let json: unknown;
      try {
        json = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch {
        throw bad("The request body is not valid JSON");
      }
      const checked = ep.body.safeParse(json);
      if (!checked.success) throw bad(`Invalid request body: ${describe(checked.error)}`);
      parsedBody = checked.data;
    }
    return { path: path.data as Record<string, string>, query: query.data as Record<string, unknown>, body: parsedBody };
  }

  /** Applies task-level faults: `undefined` when the task is hidden, else its (possibly replaced) status. */
  private view(task: Task): string | undefined {
    const f = this.faults.forTask(task.id);
    if (f.hidden) return undefined;
    return f.status ?? this.store.status(task);
  }

  private visible(service: TaskService, filter: (t: Task, status: string) => boolean): { task: Task; status: string }[] {
    const out: { task: Task; status: string }[] = [];
    for (const task of this.store.list(service)) {
      const status = this.view(task);
      if (status !== undefined && filter(task, status)) out.push({ task, status });
    }
    return out;
  }

  private buildHandlers(): Record<string, Handler> {
    const store = this.store;
    const page = <T>(items: T[], offset: number, limit: number) => items.slice(offset, offset + limit);
    const window = (begin: unknown, end: unknown) => {
      const from = typeof begin === "string" ? (parseCompactUtc(begin)?.getTime() ?? -Infinity) : -Infinity;
      const to = typeof end === "string" ? (parseCompactUtc(end)?.getTime() ?? Infinity) + 999 : Infinity;
      return (t: Task) => t.createdAt >= from && t.createdAt <= to;
    };
    const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);
    const kpsErr = SERVICES.kps.codes;

    const startKps = (serverId: string, operation: string, keypairName: string | undefined) => {
      const server = store.servers.get(serverId);
      if (!server) throw new ServiceError(404, kpsErr.notFound, `The server ${serverId} does not exist`);
      if (store.busy("kps", serverId))
        throw new ServiceError(409, "KPS.0015", `A key pair task is already running on server ${serverId}`);
      const next = store.takeNext("kps");
      const task = store.createTask({
        ...next,
        service: "kps",
        name: operation,
        scope: serverId,
        extra: { serverName: server.name, keypairName: keypairName ?? server.keypairName ?? "", ...next.extra },
      });
      return { status: 202, body: { task_id: task.id } };
    };

    return {
      ListKeypairTask: ({ path }) => {
        const task = store.get("kps", path["task_id"] ?? "");
        const status = task ? this.view(task) : undefined;
        if (!task || status === undefined) throw new ServiceError(404, kpsErr.notFound, `The task ${path["task_id"]} does not exist`);
        return { body: { server_id: task.scope, task_id: task.id, task_status: status } };
      },
      ListRunningTask: ({ query }) => {
        const running = this.visible("kps", (_t, s) => s.startsWith("READY_") || s.startsWith("RUNNING_") || !/^(SUCCESS|FAILED)_/.test(s));
        const items = page(running, num(query["offset"], 0), num(query["limit"], 1000));
        return { body: { total: running.length, tasks: items.map(({ task, status }) => kpsListItem(store, task, status, false)) } };
      },
      ListFailedTask: ({ query }) => {
        const failed = this.visible("kps", (_t, s) => s.startsWith("FAILED_"));
        const items = page(failed, num(query["offset"], 0), num(query["limit"], 1000));
        return { body: { total: failed.length, tasks: items.map(({ task, status }) => kpsListItem(store, task, status, true)) } };
      },
      AssociateKeypair: ({ body }) => {
        const b = body as { keypair_name: string; server: { id: string; auth?: unknown } };
        if (!store.keypairs.has(b.keypair_name))
          throw new ServiceError(404, "KPS.0006", `The key pair ${b.keypair_name} does not exist`);
        const server = store.servers.get(b.server.id);
        if (!b.server.auth && server && server.status !== "SHUTOFF")
          throw new ServiceError(400, "KPS.0012", "Resetting a key pair needs the server to be stopped");
        const op = b.server.auth ? (server?.keypairName ? "REPLACE" : "BIND") : "RESET";
        return startKps(b.server.id, op, b.keypair_name);
      },
      DisassociateKeypair: ({ body }) => {
        const b = body as { server: { id: string } };
        const server = store.servers.get(b.server.id);
        if (server && !server.keypairName)
          throw new ServiceError(400, "KPS.0013", `The server ${b.server.id} has no key pair to unbind`);
        return startKps(b.server.id, "UNBIND", server?.keypairName);
      },
      ListSecretTask: ({ query }) => {
        const taskId = query["task_id"];
        const secret = query["secret_name"];
        const wanted = query["status"];
        const matching = this.visible(
          "csms",
          (t, s) =>
            (taskId === undefined || t.id === taskId) &&
            (secret === undefined || t.scope === secret) &&
            (wanted === undefined || s === wanted),
        );
        const marker = query["marker"];
        const start = marker === undefined ? 0 : matching.findIndex(({ task }) => task.id === marker) + 1;
        const items = start <= 0 && marker !== undefined ? [] : page(matching, start, num(query["limit"], 50));
        const last = items[items.length - 1];
        const body: Record<string, unknown> = { total: matching.length, tasks: items.map(({ task, status }) => csmsItem(task, status)) };
        if (last) body["next_marker"] = last.task.id;
        return { body };
      },
      RotateSecret: ({ path }) => {
        const name = path["secret_name"] ?? "";
        if (!store.secrets.has(name))
          throw new ServiceError(404, SERVICES.csms.codes.notFound, `The secret ${name} does not exist`);
        const next = store.takeNext("csms");
        const task = store.createTask({ ...next, service: "csms", name: "ROTATE", scope: name });
        return { body: { rotation_task_id: task.id } };
      },
      ListCenterTask: ({ query }) => {
        const inWindow = window(query["start_time"], query["end_time"]);
        const tasks = this.visible("dcs", (t) => inWindow(t));
        const items = page(tasks, num(query["offset"], 0), num(query["limit"], 10));
        return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => dcsItem(store, task, status)) } };
      },
      ListBackgroundTasks: ({ path, query }) => {
        const instanceId = path["instance_id"] ?? "";
        if (!store.rocketmqInstances.has(instanceId))
          throw new ServiceError(404, SERVICES.rocketmq.codes.notFound, `The instance ${instanceId} does not exist`);
        const inWindow = window(query["begin_time"], query["end_time"]);
        const tasks = this.visible("rocketmq", (t) => t.scope === instanceId && inWindow(t));
        const offset = num(query["offset"], num(query["start"], 0));
        const items = page(tasks, offset, num(query["limit"], 10));
        return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => rocketmqItem(store, task, status)) } };
      },
      KeystoneListProjects: ({ query }) => {
        const name = query["name"];
        const projects = [{ id: this.config.projectId, name: this.config.region, domain_id: "d0main1d0000000000000000000000001", enabled: true }];
        return { body: { projects: projects.filter((p) => name === undefined || p.name === name), links: { self: "/v3/projects" } } };
      },
    };
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(value)"} ${i.message}`).join("; ");
}
