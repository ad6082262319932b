/**
 * What the emulator's per-service handlers are given and how they are typed. Each service module implements the
 * handlers of its operations and its task behaviour; the server combines them into one {@link Handlers} record
 * keyed by the endpoint table, so a missing handler, or one whose answer does not fit its endpoint's response
 * schema, is a compile error.
 * @module
 */
import type { z } from "zod";
import type { ENDPOINT_TABLE, ErrorStyle, OperationName, ServiceDef } from "../../provider/endpoints";
import type { TaskService } from "../catalog";
import type { SeededRandom } from "../random";
import type { Task, TaskExtra, TaskSpec, World } from "../world";

/** An error answer in a service's (or the gateway's) own shape. */
export class ServiceError extends Error {
  /**
   * @param status HTTP status.
   * @param code the service's `error_code`.
   * @param msg the service's `error_msg`.
   * @param style the body shape; the service's own when absent.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: string,
    readonly style?: ErrorStyle | "gateway",
  ) {
    super(msg);
  }
}

/** How a handler reads a list: the visible tasks of a service, as task-level faults let them be seen. */
export interface TaskView {
  task: Task;
  /** The task's status as shown (an `unknown-status` fault may replace it). */
  status: string;
}

/** What a handler may use. */
export interface EmuContext {
  store: World;
  /** Virtual now. */
  now(): number;
  /** Tasks of `service` a list shows (newest first), filtered; hidden and omitted tasks left out. */
  listed(service: TaskService, filter: (task: Task, status: string) => boolean): TaskView[];
  /** One task as a read by id shows it; throws the fault's error for a task whose by-id read is faulted. */
  byId(service: TaskService, id: string): TaskView | undefined;
  /**
   * A DCS job (the task whose `job_id` it is) as a read by id shows it, through the task-level faults that name the
   * job id: `status` is set when a fault replaces the job's status; throws the fault's error for a faulted read.
   */
  byJob(service: TaskService, jobId: string): { task: Task; status: string | undefined } | undefined;
  /** The account's project and region (IAM). */
  projectId: string;
  region: string;
}

type Ep<K extends OperationName> = (typeof ENDPOINT_TABLE)[K];

/** The validated input of an operation. */
export interface HandlerInput<K extends OperationName> {
  path: z.output<Ep<K>["pathParams"]>;
  query: z.output<Ep<K>["query"]>;
  body: z.output<NonNullable<Ep<K>["body"]>>;
}

/** An answer: the body must fit the operation's response schema. */
export interface Reply<K extends OperationName> {
  status?: number;
  body: z.input<Ep<K>["response"]>;
}

/** One operation's handler. */
export type Handler<K extends OperationName> = (ctx: EmuContext, input: HandlerInput<K>) => Reply<K>;

/** Every operation's handler. */
export type Handlers = { [K in OperationName]: Handler<K> };

/** What the emulator plays for one service's tasks. */
export interface TaskBehaviour {
  /** The task's status at virtual time `now`, in the service's own words. */
  status(task: Task, now: number): string;
  /** A fresh task id. */
  newId(random: SeededRandom): string;
  /** The service's fields of a new task (`spec`: what its creator fixed). */
  extra(store: World, name: string, scope: string, failed: boolean, random: SeededRandom, spec: TaskSpec): TaskExtra;
  /** The scope a task gets when none is given (the world's first server, secret or instance). */
  defaultScope(store: World): string;
  /** A task name when none is given. */
  defaultName(random: SeededRandom): string;
  /** Applies the effects of a finished task (a key pair bound ...). */
  settle?(store: World, task: Task): void;
  /** The fraction of a task's duration spent queued, when it differs from its type's (a job waiting for payment). */
  queuedFraction?(extra: TaskExtra): number | undefined;
  /** Finished tasks are purged this long (virtual ms) after they end: a read by id no longer finds them. */
  purgeAfterMs?: number;
}

/** The service's error codes, for handlers. */
export type Codes = ServiceDef["codes"];

/** A page of a list. */
export function page<T>(items: readonly T[], offset: number, limit: number): T[] {
  return items.slice(offset, offset + limit);
}

/** A number from a validated query, or the default. */
export function num(v: unknown, d: number): number {
  return typeof v === "number" ? v : d;
}
