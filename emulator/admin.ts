/**
 * The admin API (`/_admin/...`, loopback only): shape the world, create tasks with a chosen name, duration and
 * outcome, script faults, read the request log, move the clock. The programmatic helpers of `startEmulator` use
 * the same functions.
 * @module
 */
import { z } from "zod";
import type { ScaledClock } from "./clock";
import { FaultRuleSchema, type FaultSet } from "./faults";
import type { TaskSpec, TaskView } from "./api";
import type { Store, Task } from "./store";
import { EmulatedServiceSchema, NextTaskSchema, TaskSpecSchema } from "./task-spec";

export type { TaskView };

/** What admin handlers may touch of the running server. */
export interface AdminServer {
  readonly config: { readonly projectId: string; readonly region: string };
  readonly faults: FaultSet;
  readonly requests: unknown[];
}

/** What admin handlers may touch. */
export interface AdminContext {
  store: Store;
  clock: ScaledClock;
  server: AdminServer;
  log?: ((line: string) => void) | undefined;
}

const serviceEnum = EmulatedServiceSchema;

export { NextTaskSchema };

const ServerSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).default("ecs"),
  status: z.enum(["ACTIVE", "SHUTOFF"]).default("SHUTOFF"),
  keypairName: z.string().optional(),
  /** `prePaid` servers' resizes wait for payment (`PENDING_PAYMENT`) unless auto-paid. @default "postPaid" */
  chargingMode: z.enum(["postPaid", "prePaid"]).optional(),
});
const VolumeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).default("volume"),
  size: z.number().int().min(1).max(32_768).default(40),
  volumeType: z.string().min(1).default("SSD"),
});
const SecretSchema = z.strictObject({ name: z.string().min(1), operateType: z.string().default("MULTI_USER") });
const InstanceSchema = z.strictObject({
  service: z.enum(["dcs", "rocketmq"]),
  id: z.string().min(1),
  name: z.string().min(1).default("instance"),
  /** DCS: the instance's status (`RUNNING`, `ERROR`, `FROZEN`, `CREATEFAILED` ...). @default "RUNNING" */
  status: z.string().min(1).max(32).optional(),
  /** DCS: the cache engine. @default "Redis" */
  engine: z.enum(["Redis", "Memcached"]).optional(),
});
const KeypairSchema = z.strictObject({ name: z.string().min(1) });
const ClockSchema = z.strictObject({ advanceMs: z.number().int().min(0) });

/** The admin view of a task. */
export function taskView(store: Store, task: Task): TaskView {
  return {
    service: task.service,
    id: task.id,
    name: task.name,
    scope: task.scope,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    finishAt: task.finishAt,
    visibleAt: task.visibleAt,
    outcome: task.outcome,
    errorCode: task.errorCode,
    errorMsg: task.errorMsg,
    jobId: task.extra.jobId,
    status: store.status(task),
  };
}

/** Creates a task as the admin API does. */
export function adminCreateTask(store: Store, spec: TaskSpec): TaskView {
  return taskView(store, store.createTask(spec));
}

type Result = { status: number; body: unknown };

function parse<T>(schema: z.ZodType<T>, body: Buffer): T | Result {
  let json: unknown;
  try {
    json = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch {
    return { status: 400, body: { error: "body is not JSON" } };
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : { status: 400, body: { error: z.prettifyError(r.error) } };
}

function isResult(v: unknown): v is Result {
  return typeof v === "object" && v !== null && "status" in v && "body" in v && typeof (v as Result).status === "number";
}

/** Serves one admin request. */
export async function handleAdmin(
  ctx: AdminContext,
  method: string,
  path: string,
  rawQuery: string,
  body: Buffer,
): Promise<Result> {
  const { store, server, clock } = ctx;
  const query = new URLSearchParams(rawQuery);
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const withBody = <T>(schema: z.ZodType<T>, fn: (v: T) => Result): Result => {
    const v = parse(schema, body);
    return isResult(v) ? v : fn(v);
  };
  switch (route) {
    case "GET /_admin/state":
      return {
        status: 200,
        body: {
          projectId: server.config.projectId,
          region: server.config.region,
          timeScale: clock.timeScale,
          now: clock.now(),
          servers: [...store.servers.values()],
          keypairs: [...store.keypairs],
          secrets: [...store.secrets.values()],
          dcsInstances: [...store.dcsInstances.values()],
          rocketmqInstances: [...store.rocketmqInstances.values()],
          volumes: [...store.volumes.values()],
        },
      };
    case "GET /_admin/tasks": {
      const service = serviceEnum.safeParse(query.get("service"));
      if (!service.success) return { status: 400, body: { error: `service must be one of ${serviceEnum.options.join(", ")}` } };
      return { status: 200, body: store.all(service.data).map((t) => taskView(store, t)) };
    }
    case "POST /_admin/tasks":
      return withBody(z.union([TaskSpecSchema, z.array(TaskSpecSchema).max(50_000)]), (spec) => ({
        status: 201,
        body: Array.isArray(spec) ? spec.map((one) => adminCreateTask(store, one)) : adminCreateTask(store, spec),
      }));
    case "POST /_admin/next-task":
      return withBody(NextTaskSchema, (spec) => {
        store.queueNext(spec.service, spec);
        return { status: 200, body: { ok: true } };
      });
    case "POST /_admin/servers":
      return withBody(ServerSchema, (s) => {
        store.servers.set(s.id, { id: s.id, name: s.name, status: s.status, keypairName: s.keypairName, chargingMode: s.chargingMode });
        return { status: 201, body: s };
      });
    case "POST /_admin/volumes":
      return withBody(VolumeSchema, (v) => {
        store.volumes.set(v.id, v);
        return { status: 201, body: v };
      });
    case "POST /_admin/keypairs":
      return withBody(KeypairSchema, (k) => {
        store.keypairs.add(k.name);
        return { status: 201, body: k };
      });
    case "POST /_admin/secrets":
      return withBody(SecretSchema, (s) => ({ status: 201, body: store.addSecret(s.name, s.operateType) }));
    case "POST /_admin/instances":
      return withBody(InstanceSchema, (i) => {
        (i.service === "dcs" ? store.dcsInstances : store.rocketmqInstances).set(i.id, { id: i.id, name: i.name, status: i.status, engine: i.engine });
        return { status: 201, body: i };
      });
    case "GET /_admin/faults":
      return { status: 200, body: server.faults.list() };
    case "POST /_admin/faults":
      return withBody(FaultRuleSchema, (rule) => ({ status: 201, body: { id: server.faults.add(rule) } }));
    case "DELETE /_admin/faults":
      server.faults.clear();
      return { status: 200, body: { ok: true } };
    case "GET /_admin/requests":
      return { status: 200, body: server.requests };
    case "DELETE /_admin/requests":
      server.requests.length = 0;
      return { status: 200, body: { ok: true } };
    case "GET /_admin/clock":
      return { status: 200, body: { now: clock.now(), timeScale: clock.timeScale, spec: clock.spec() } };
    case "POST /_admin/clock":
      return withBody(ClockSchema, (c) => {
        clock.advance(c.advanceMs);
        return { status: 200, body: { now: clock.now(), timeScale: clock.timeScale, spec: clock.spec() } };
      });
    default: {
      const m = /^DELETE \/_admin\/faults\/([\w-]+)$/.exec(route);
      if (m) {
        server.faults.clear(m[1]);
        return { status: 200, body: { ok: true } };
      }
      return { status: 404, body: { error: `no admin route ${route}` } };
    }
  }
}
