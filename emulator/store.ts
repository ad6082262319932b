/**
 * The emulator's world: servers, key pairs, secrets, instances and their tasks. A task's status is computed from
 * the virtual clock (no timers): it was created at `createdAt`, leaves its queued state at `startedAt` and ends at
 * `finishAt` with its outcome. Finished tasks stay listed; running lists show only unfinished tasks.
 * @module
 */
import { z } from "zod";
import { toIsoMillis } from "../provider/util/time";
import { TASK_FAILURES, TASK_TYPES, taskType, type TaskService } from "./catalog";
import type { SeededRandom } from "./random";

/** How a task ends. */
export type Outcome = "success" | "failure";

/** One task, whatever its service. Times are virtual epoch ms. */
export interface Task {
  service: TaskService;
  id: string;
  /** KPS: the operation (`RESET`, `REPLACE`, `BIND`, `UNBIND`); CSMS: `ROTATE`; DCS/RocketMQ: the task name. */
  name: string;
  /** Server id (KPS), secret name (CSMS) or instance id (DCS, RocketMQ). */
  scope: string;
  createdAt: number;
  /** End of the queued state (`READY_x`, `CREATED`). */
  startedAt: number;
  finishAt: number;
  /** Before this time the task is not visible at all (a freshly started task the read side has not seen yet). */
  visibleAt: number;
  outcome: Outcome;
  errorCode?: string | undefined;
  errorMsg?: string | undefined;
  /** Service-specific extras (user, params, details, keypair ...). */
  extra: TaskExtra;
  /** Effects applied when the task ended (key pair bound ...). */
  settled: boolean;
}

/** Service-specific task fields. */
export interface TaskExtra {
  userName?: string;
  userId?: string;
  params?: string;
  details?: Record<string, unknown> | null;
  jobId?: string;
  enableShow?: boolean;
  keypairName?: string;
  serverName?: string;
  rotationFuncUrn?: string;
  operateType?: string;
  attemptNums?: number;
}

/** An ECS server as KPS sees it. */
export interface Server {
  id: string;
  name: string;
  status: "ACTIVE" | "SHUTOFF";
  keypairName: string | undefined;
}

/** A CSMS secret. */
export interface Secret {
  name: string;
  rotationFuncUrn: string;
  operateType: string;
}

/** A DCS or RocketMQ instance. */
export interface Instance {
  id: string;
  name: string;
}

/** What a caller may fix when a task is created (everything else is drawn from the seeded distributions). */
export const TaskSpecSchema = z.strictObject({
  service: z.enum(["kps", "csms", "dcs", "rocketmq"]),
  /** Task name (DCS/RocketMQ), operation (KPS). @default a type of the service */
  name: z.string().min(1).max(64).optional(),
  /** Server id, secret name or instance id. @default the first of the world */
  scope: z.string().min(1).max(128).optional(),
  /** Total duration, virtual ms. @default drawn from the task type's distribution */
  durationMs: z.number().int().min(0).optional(),
  /** @default drawn from the task type's failure rate */
  outcome: z.enum(["success", "failure"]).optional(),
  errorCode: z.string().optional(),
  errorMsg: z.string().optional(),
  /** Created this many virtual ms from now (negative: in the past). @default 0 */
  startInMs: z.number().int().optional(),
  /** Invisible for this many virtual ms after creation. @default 0 */
  visibleAfterMs: z.number().int().min(0).optional(),
});

/** A task to create: the admin API's fields, plus extra service fields for programmatic use. */
export type TaskSpec = z.input<typeof TaskSpecSchema> & { extra?: TaskExtra };

/** Well-known ids of the default world, so examples and docs can name them. */
export const DEFAULT_WORLD = {
  servers: [
    { id: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006", name: "ecs-demo-1", keypairName: "KeyPair-demo" },
    { id: "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d", name: "ecs-demo-2", keypairName: undefined },
    { id: "7f6e5d4c-3b2a-4918-a7b6-c5d4e3f2a1b0", name: "ecs-demo-3", keypairName: "KeyPair-demo" },
  ],
  keypairs: ["KeyPair-demo", "KeyPair-rotated", "KeyPair-xt"],
  secrets: ["db-password", "api-token", "rotating-secret"],
  dcsInstances: [
    { id: "2d4b6b8e-3b1f-4c6e-9a0f-6c1d2e3f4a5b", name: "dcs-demo" },
    { id: "8e7d6c5b-4a39-4281-b706-f5e4d3c2b1a0", name: "dcs-cache-2" },
  ],
  rocketmqInstances: [
    { id: "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60", name: "rocketmq-demo" },
    { id: "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", name: "rocketmq-orders" },
  ],
} as const;

/** The world and its tasks. */
export class Store {
  readonly servers = new Map<string, Server>();
  readonly keypairs = new Set<string>();
  readonly secrets = new Map<string, Secret>();
  readonly dcsInstances = new Map<string, Instance>();
  readonly rocketmqInstances = new Map<string, Instance>();
  private readonly tasks: Record<TaskService, Task[]> = { kps: [], csms: [], dcs: [], rocketmq: [] };
  private readonly byId = new Map<string, Task>();
  /** Overrides for the next task each service starts through its public API. */
  private readonly nextSpecs: Record<TaskService, Partial<TaskSpec>[]> = { kps: [], csms: [], dcs: [], rocketmq: [] };

  /**
   * @param random seeded randomness for ids and durations.
   * @param now virtual clock.
   * @param projectId used in URNs.
   * @param region used in URNs.
   */
  constructor(
    private readonly random: SeededRandom,
    private readonly now: () => number,
    private readonly projectId: string,
    private readonly region: string,
    readonly userName = "emulator_user",
    readonly userId = "d53977d1adfb49c5b025ba7d33a13fd7",
  ) {}

  /** Fills the default world and `historyPerType` finished tasks per task type, created over the past day. */
  seedDefaultWorld(historyPerType: number): void {
    for (const s of DEFAULT_WORLD.servers) this.servers.set(s.id, { ...s, status: "SHUTOFF" });
    for (const k of DEFAULT_WORLD.keypairs) this.keypairs.add(k);
    for (const name of DEFAULT_WORLD.secrets) this.addSecret(name);
    for (const i of DEFAULT_WORLD.dcsInstances) this.dcsInstances.set(i.id, { ...i });
    for (const i of DEFAULT_WORLD.rocketmqInstances) this.rocketmqInstances.set(i.id, { ...i });
    const day = 24 * 3600 * 1000;
    const types: [TaskService, string[], string[]][] = [
      ["kps", ["RESET", "REPLACE", "BIND", "UNBIND"], DEFAULT_WORLD.servers.map((s) => s.id)],
      ["csms", ["ROTATE"], [...DEFAULT_WORLD.secrets]],
      ["dcs", Object.keys(TASK_TYPES.dcs), DEFAULT_WORLD.dcsInstances.map((i) => i.id)],
      ["rocketmq", Object.keys(TASK_TYPES.rocketmq), DEFAULT_WORLD.rocketmqInstances.map((i) => i.id)],
    ];
    for (const [service, names, scopes] of types) {
      for (const name of names) {
        for (let k = 0; k < historyPerType; k += 1) {
          this.createTask({ service, name, scope: this.random.pick(scopes), startInMs: -Math.round(this.random.next() * day) - 3_600_000 });
        }
      }
    }
  }

  /** Adds (or replaces) a secret with a FunctionGraph rotation function. */
  addSecret(name: string, operateType = "MULTI_USER"): Secret {
    const secret = {
      name,
      operateType,
      rotationFuncUrn: `urn:fss:${this.region}:${this.projectId}:function:default:rotate-${name}:latest`,
    };
    this.secrets.set(name, secret);
    return secret;
  }

  /** Queues overrides for the next task `service` starts through its public API. */
  queueNext(service: TaskService, spec: Partial<TaskSpec>): void {
    this.nextSpecs[service].push(spec);
  }

  /** Takes the queued overrides for the next public start of `service`. */
  takeNext(service: TaskService): Partial<TaskSpec> {
    return this.nextSpecs[service].shift() ?? {};
  }

  /** Creates a task; unspecified fields are drawn from the seeded distributions. */
  createTask(spec: TaskSpec): Task {
    const service = spec.service;
    const names = Object.keys(TASK_TYPES[service]);
    const name = spec.name ?? (service === "csms" ? "ROTATE" : this.random.pick(names));
    const type = taskType(service, name);
    const drawn = Math.max(1000, Math.round(this.random.logNormal(type.medianMs, type.sigma)));
    const duration = spec.durationMs ?? drawn;
    const failed = spec.outcome ? spec.outcome === "failure" : this.random.next() < type.failureRate;
    const failure = this.random.pick(TASK_FAILURES[service]);
    const createdAt = this.now() + (spec.startInMs ?? 0);
    const scope = spec.scope ?? this.defaultScope(service);
    const task: Task = {
      service,
      id: this.newId(service),
      name,
      scope,
      createdAt,
      startedAt: createdAt + Math.round(duration * type.queuedFraction),
      finishAt: createdAt + duration,
      visibleAt: createdAt + (spec.visibleAfterMs ?? 0),
      outcome: failed ? "failure" : "success",
      errorCode: failed ? (spec.errorCode ?? failure.code) : undefined,
      errorMsg: failed ? (spec.errorMsg ?? failure.msg) : undefined,
      extra: { ...this.defaultExtra(service, name, scope, failed), ...spec.extra },
      settled: false,
    };
    this.tasks[service].push(task);
    this.tasks[service].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    this.byId.set(`${service}:${task.id}`, task);
    return task;
  }

  private defaultScope(service: TaskService): string {
    const first = (m: Map<string, { id?: string; name: string }>) => [...m.keys()][0] ?? "";
    if (service === "kps") return first(this.servers);
    if (service === "csms") return first(this.secrets);
    return service === "dcs" ? first(this.dcsInstances) : first(this.rocketmqInstances);
  }

  private newId(service: TaskService): string {
    return service === "kps" || service === "csms" ? this.random.uuid() : this.random.hex(32);
  }

  private defaultExtra(service: TaskService, name: string, scope: string, failed: boolean): TaskExtra {
    const user = { userName: this.userName, userId: this.userId };
    if (service === "kps") {
      const server = this.servers.get(scope);
      return { serverName: server?.name ?? "ecs", keypairName: server?.keypairName ?? "KeyPair-demo" };
    }
    if (service === "csms") {
      const secret = this.secrets.get(scope);
      return {
        rotationFuncUrn: secret?.rotationFuncUrn ?? "",
        operateType: secret?.operateType ?? "MULTI_USER",
        attemptNums: failed ? 3 : this.random.int(1, 2),
      };
    }
    if (service === "dcs") {
      return {
        ...user,
        jobId: this.random.hex(32),
        enableShow: this.random.next() < 0.7,
        params: JSON.stringify({ instance_id: scope }),
        details: dcsDetails(name, this.random),
      };
    }
    return { ...user, params: rocketmqParams(name, this.random) };
  }

  /** Applies the effects of tasks that have ended (key pairs bound or removed). */
  settle(): void {
    const now = this.now();
    for (const task of this.tasks.kps) {
      if (task.settled || task.finishAt > now) continue;
      task.settled = true;
      if (task.outcome !== "success") continue;
      const server = this.servers.get(task.scope);
      if (!server) continue;
      server.keypairName = task.name === "UNBIND" ? undefined : task.extra.keypairName;
    }
  }

  /** A visible task by id. */
  get(service: TaskService, id: string): Task | undefined {
    const task = this.byId.get(`${service}:${id}`);
    return task && task.visibleAt <= this.now() ? task : undefined;
  }

  /** A task by id whether visible or not (admin). */
  peek(service: TaskService, id: string): Task | undefined {
    return this.byId.get(`${service}:${id}`);
  }

  /** Visible tasks of a service, newest first. */
  list(service: TaskService): Task[] {
    const now = this.now();
    return this.tasks[service].filter((t) => t.visibleAt <= now);
  }

  /** All tasks of a service, visible or not (admin). */
  all(service: TaskService): readonly Task[] {
    return this.tasks[service];
  }

  /** A task in progress on `scope`, if any. */
  busy(service: TaskService, scope: string): Task | undefined {
    const now = this.now();
    return this.tasks[service].find((t) => t.scope === scope && t.finishAt > now);
  }

  /** The task's status at virtual time `now`, in its service's own words. */
  status(task: Task, now = this.now()): string {
    const done = now >= task.finishAt;
    const ok = task.outcome === "success";
    switch (task.service) {
      case "kps":
        return `${done ? (ok ? "SUCCESS" : "FAILED") : now < task.startedAt ? "READY" : "RUNNING"}_${task.name}`;
      case "csms":
        return done ? (ok ? "SUCCESS" : "FAILED") : "PROCESSING";
      case "dcs":
        return done ? (ok ? "SUCCESS" : "FAILED") : "EXECUTING";
      case "rocketmq":
        return done ? (ok ? "SUCCESS" : "FAILED") : now < task.startedAt ? "CREATED" : "EXECUTING";
    }
  }

  /** When the task's `updated_at` says it last changed. */
  updatedAt(task: Task, now = this.now()): string {
    const t = now >= task.finishAt ? task.finishAt : now >= task.startedAt ? task.startedAt : task.createdAt;
    return toIsoMillis(t);
  }
}

/** `details` as DCS fills it: `null` for most task types, partial objects for some (numbers where docs say String). */
function dcsDetails(name: string, random: SeededRandom): Record<string, unknown> | null {
  switch (name) {
    case "EXTEND":
    case "ChangeInstanceSpec": {
      const old = random.pick([0.125, 0.25, 0.5, 1, 2]);
      return { old_cache_mode: "single", new_cache_mode: "single", old_capacity: old, new_capacity: old * 2 };
    }
    case "BindEip":
      return { enable_public_ip: true, public_ip_id: random.uuid(), public_ip_address: `100.85.${random.int(0, 255)}.${random.int(1, 254)}` };
    case "UnBindEip":
      return { enable_public_ip: false };
    case "AddReplica":
      return { old_replica_num: 1, new_replica_num: 2, replica_az: "cn-north-4a", group_name: "group-0" };
    case "DelReplica":
      return { old_replica_num: 2, new_replica_num: 1, replica_ip: `192.168.0.${random.int(2, 254)}` };
    case "UpdatePort":
      return { old_port: 6379, new_port: random.int(6380, 6400) };
    case "modify":
      return { account_name: "default" };
    default:
      return null;
  }
}

function rocketmqParams(name: string, random: SeededRandom): string {
  if (name === "bindInstancePublicIp")
    return JSON.stringify({ public_ip_id: random.uuid(), public_ip_address: `100.93.${random.int(0, 255)}.${random.int(1, 254)}`, enable_public_ip: true });
  if (name === "unbindInstancePublicIp") return JSON.stringify({ enable_public_ip: false });
  if (name === "extend") return JSON.stringify({ new_storage_space: random.pick([600, 900, 1200]) });
  return "{}";
}
