/**
 * The emulator's world as its services see it: tasks, servers, key pairs, secrets, instances, and what a handler may
 * do with them. Types and the task spec's schema only; the store implements {@link World}.
 * @module
 */
import { z } from "zod";
import type { TaskService } from "./catalog";

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
  /** KPS: its failed-task record was deleted (it no longer shows in `failed-tasks`; a read by id still does). */
  recordDeleted?: boolean;
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

/** What the services' handlers and behaviours may read and change of the world. */
export interface World {
  readonly servers: Map<string, Server>;
  readonly keypairs: Set<string>;
  readonly secrets: Map<string, Secret>;
  readonly dcsInstances: Map<string, Instance>;
  readonly rocketmqInstances: Map<string, Instance>;
  /** Creates a task; unspecified fields are drawn from the seeded distributions. */
  createTask(spec: TaskSpec): Task;
  /** Takes the queued overrides for the next public start of `service`. */
  takeNext(service: TaskService): Partial<TaskSpec>;
  /** A task in progress on `scope`, if any. */
  busy(service: TaskService, scope: string): Task | undefined;
}
