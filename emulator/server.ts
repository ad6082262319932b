/**
 * The emulator's HTTP server: one port for every service. Routes come from the shared service table; every request
 * is authenticated like the API gateway does it, validated with the table's query schemas (answering the service's
 * own 400 body), answered from the {@link Store}, checked against the table's response schema, and logged.
 *
 * Hosts: a path may start with a host key (`/ecs/v1/...`, i.e. an endpoint `http://127.0.0.1:PORT/ecs`): it then
 * reaches that host's routes only, as on the real cloud. Without one, a path served by several hosts (the jobs of
 * ECS, EVS and IMS share `GET /v1/{project_id}/jobs/{job_id}`) goes to the service that owns the id: job ids are one
 * space, each job belongs to one service, and it answers in that service's shape. So an EVS job read on the `ecs`
 * host is not found, as on the real cloud; read on the shared root, it is EVS's.
 * @module
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { z } from "zod";
import { SERVICES, type EndpointDef, type ErrorStyle, type OperationName } from "../provider/endpoints";
import { isLoopbackHost } from "../provider/settings";
import { GATEWAY, UNKNOWN_PROJECT_STATUS } from "./catalog";
import { FaultSet, type ReadVia } from "./faults";
import { Gateway } from "./gateway";
import { applyTransportFault, send } from "./transport-faults";
import type { RequestRecord, ServerConfig } from "./types";
import { HANDLERS, OWNERS } from "./services";
import { ServiceError, type EmuContext, type Handler, type TaskView } from "./services/context";
import type { Store, Task } from "./store";
import { errorBody, mutateBody } from "./wire";
import { handleAdmin, type AdminContext } from "./admin";
import { matchRoute, routesFromTable } from "./routing";

const MAX_BODY = 1024 * 1024;

/** The HTTP side of the emulator. */
export class EmulatorServer {
  readonly requests: RequestRecord[] = [];
  readonly faults: FaultSet;
  private readonly routes = routesFromTable();
  private readonly context: EmuContext;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly gateway: Gateway;
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
    this.context = this.makeContext();
    this.gateway = new Gateway(config);
  }

  /** Starts listening; resolves with the bound port. */
  listen(host: string, port: number): Promise<number> {
    const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
      // A stepped clock must not move while a request is being served.
      this.admin.clock.touch();
      res.once("finish", () => this.admin.clock.touch());
      this.handle(req, res).catch((err: unknown) => {
        this.admin.log?.(`emulator: internal error: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent) send(res, 500, { error_code: "EMULATOR.0500", error_msg: "internal error" }, randomUUID());
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
        send(res, 403, { error: "the admin API is served on loopback only" }, requestId);
        return;
      }
      const out = await handleAdmin({ ...this.admin, server: this }, method, path, rawQuery, body);
      send(res, out.status, out.body, requestId);
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
      const match = matchRoute(this.routes, method, path, this.store, OWNERS);
      if (!match) throw new ServiceError(404, GATEWAY.noApi, "The API does not exist or has not been published in the environment", "gateway");
      const { operation, ep, params } = match;
      record.service = ep.service;
      record.operation = ep.operation;
      record.params = params;
      const service = SERVICES[ep.service];
      style = ep.errorStyle ?? service.errorStyle;

      record.accessKey = this.gateway.authenticate(req, ep, path, rawQuery, body);
      this.gateway.rateLimit(record.accessKey, `${ep.service}:${ep.operation}`);

      const fault = this.faults.forRequest({ service: ep.service, operation: ep.operation, method });
      record.fault = fault?.kind;
      if (fault && (await applyTransportFault(fault, res, record, style, requestId, this.hung))) return;

      if ("project_id" in params && params["project_id"] !== this.config.projectId) {
        throw new ServiceError(
          UNKNOWN_PROJECT_STATUS[ep.service],
          service.codes.forbidden,
          `The project ${params["project_id"]} does not exist or does not belong to the caller`,
        );
      }
      const input = this.validate(ep, params, rawQuery, body);
      this.store.settle();
      const handler = HANDLERS[operation] as unknown as Handler<OperationName>;
      const out = handler(this.context, input as Parameters<Handler<OperationName>>[1]);
      const status = out.status ?? ep.successStatus;
      if (this.config.validateResponses) {
        const check = ep.response.safeParse(out.body);
        if (!check.success) {
          throw new ServiceError(500, "EMULATOR.SCHEMA", `emulator answer fails its schema: ${z.prettifyError(check.error)}`, "gateway");
        }
      }
      record.status = status;
      if (ep.emptyResponse) {
        res.writeHead(status, { "Content-Length": 0, "X-Request-Id": requestId });
        res.end();
        return;
      }
      const body2 = fault?.kind === "mutate" ? mutateBody(out.body, fault.mutation) : out.body;
      send(res, status, body2, requestId);
    } catch (err) {
      const e = err instanceof ServiceError ? err : new ServiceError(500, "EMULATOR.0500", "internal error", "gateway");
      if (!(err instanceof ServiceError)) this.admin.log?.(`emulator: ${err instanceof Error ? err.stack : String(err)}`);
      record.status = e.status;
      send(res, e.status, errorBody(e.style ?? style, e.code, e.msg, requestId), requestId);
    }
  }

  private validate(ep: EndpointDef, params: Record<string, string>, rawQuery: string, body: Buffer): { path: unknown; query: unknown; body: unknown } {
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
    return { path: path.data, query: query.data, body: parsedBody };
  }

  /** What the handlers see: the world through the task-level faults. */
  private makeContext(): EmuContext {
    return {
      store: this.store,
      now: () => this.admin.clock.now(),
      projectId: this.config.projectId,
      region: this.config.region,
      listed: (service, filter) => {
        const out: TaskView[] = [];
        for (const task of this.store.list(service)) {
          const status = this.view(task, "list");
          if (status !== undefined && filter(task, status)) out.push({ task, status });
        }
        return out;
      },
      byId: (service, id) => {
        const task = this.store.get(service, id);
        const status = task ? this.view(task, "byId") : undefined;
        return task && status !== undefined ? { task, status } : undefined;
      },
      byJob: (service, jobId) => {
        const task = this.store.list(service).find((t) => t.extra.jobId === jobId);
        const look = task ? this.look(task, "byId", jobId) : undefined;
        return task && look && !look.hidden ? { task, status: look.status } : undefined;
      },
    };
  }

  /** A task through the task-level faults: `undefined` when hidden, else its (possibly replaced) status. */
  private view(task: Task, via: ReadVia): string | undefined {
    const f = this.look(task, via, task.id);
    return f.hidden ? undefined : (f.status ?? this.store.status(task));
  }

  /** A task through the task-level faults naming `key` (its id, or its job's): hidden, a replaced status, or an error. */
  private look(task: Task, via: ReadVia, key: string): { hidden: boolean; status?: string | undefined } {
    const f = this.faults.forTask(key, via);
    if (f.error) {
      const codes = SERVICES[task.service].codes;
      throw new ServiceError(f.error.status, f.error.errorCode ?? (f.error.status === 404 ? codes.notFound : codes.badParameter), f.error.errorMsg ?? `injected ${f.error.status} for task ${key}`);
    }
    return f;
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(value)"} ${i.message}`).join("; ");
}
