/**
 * The emulator's world as its services see it: tasks, servers, key pairs, secrets, instances, and what a handler may
 * do with them. Types only; the store implements {@link World}.
 * @module
 */
import type { TaskExtra, TaskSpec } from "./api";
import type { TaskService } from "./catalog";

export type { TaskExtra, TaskSpec };

/** How a task ends. */
export type Outcome = "success" | "failure";

/** One task, whatever its service. Times are virtual epoch ms. */
export interface Task {
  service: TaskService;
  id: string;
  /** KPS: the operation (`RESET`, `REPLACE`, `BIND`, `UNBIND`); CSMS: `ROTATE`; DCS/RocketMQ: the task name; jobs: the job type. */
  name: string;
  /** Server id (KPS, ECS), secret name (CSMS), instance id (DCS, RocketMQ), volume id (EVS) or image id (IMS). */
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

/** An ECS server as KPS and ECS see it. */
export interface Server {
  id: string;
  name: string;
  status: "ACTIVE" | "SHUTOFF";
  keypairName: string | undefined;
  /** `prePaid`: a resize waits for its order to be paid unless auto-paid. @default postPaid */
  chargingMode?: "postPaid" | "prePaid" | undefined;
  /** The flavor (set by a resize). */
  flavorRef?: string | undefined;
}

/** An EVS volume. */
export interface Volume {
  id: string;
  name: string;
  /** GB. */
  size: number;
  volumeType: string;
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
  /** DCS: the instance's own status (`RUNNING` unless set; a resize in progress shows as `EXTENDING`). */
  status?: string | undefined;
  /** DCS: the cache engine. @default "Redis" */
  engine?: "Redis" | "Memcached" | undefined;
}

/** What the services' handlers and behaviours may read and change of the world. */
export interface World {
  readonly servers: Map<string, Server>;
  readonly keypairs: Set<string>;
  readonly secrets: Map<string, Secret>;
  readonly dcsInstances: Map<string, Instance>;
  readonly rocketmqInstances: Map<string, Instance>;
  readonly volumes: Map<string, Volume>;
  /** Creates a task; unspecified fields are drawn from the seeded distributions. */
  createTask(spec: TaskSpec): Task;
  /** Takes the queued overrides for the next public start of `service`. */
  takeNext(service: TaskService): Partial<TaskSpec>;
  /** A task in progress on `scope`, if any. */
  busy(service: TaskService, scope: string): Task | undefined;
  /** A task (or job) by id, visible or not. */
  peek(service: TaskService, id: string): Task | undefined;
}
