/**
 * The one interface every service's task module implements, and what the registry (`tasks/index.ts`) lists. The
 * generic loops (wait by id, idle wait, the resource host) read modules only through it.
 * @module
 */
import type { z } from "zod";
import type { TaskServiceName } from "../names";
import type { WaitOptions, WaitResult } from "../options";
import type { Busy } from "./idle";
import type { ResourceSpec } from "./spec";
import type { StatusTable } from "./status";

/** Scope fields a gate may name. */
export type IdleField = "instanceId" | "serverId" | "secretName";

/** A gate's scope, checked. */
export type IdleScope = Partial<Record<IdleField, string>>;

/** How a service waits for a scope to be idle. */
export interface IdleSpec {
  /** The scope fields this service accepts, with their schemas, and whether each is required. */
  fields: Partial<Record<IdleField, { schema: z.ZodType<string>; required: boolean }>>;
  /** A human name of the scope, e.g. `instance 0f8a...` or `project`. */
  describe: (scope: IdleScope) => string;
  /** Waits until the scope is idle. */
  wait: (scope: IdleScope, opts: WaitOptions) => Promise<WaitResult<Busy>>;
}

/** Everything one service knows about its tasks. */
export interface TaskModule<T = unknown> {
  service: TaskServiceName;
  /** The service's statuses. */
  statuses: StatusTable;
  /** Awaits one task by id; `target` is the service's own wait target (without `service`). */
  awaitById: (target: unknown, opts: WaitOptions) => Promise<WaitResult<T>>;
  /** How a gate waits for a scope of this service to be idle; absent where the service lists no work (jobs). */
  idle?: IdleSpec;
  /** The resource kinds of this service, by kind name (also their type names). */
  resources: Readonly<Record<string, ResourceSpec>>;
}
