/**
 * What every resource class shares: the inputs every watcher accepts, how a class turns its args into properties,
 * and the {@link WaitingResource} base with the common outputs. No schemas, so a program never loads zod.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "./provider-object";
import type { Phase } from "./status";
import type { DurationInput } from "../util/time";

/** The module of every resource type token (`pulumi-nodejs:dynamic/hwc-tasks:<Kind>`). */
export const RESOURCE_MODULE = "hwc-tasks";

/** Inputs every watcher accepts. */
export interface WaiterCommonArgs {
  /**
   * Deadline of the wait: ms or text (`"30m"`, `"1h30m"`).
   * @default the resource's `customTimeouts.create`, else `"30m"`
   */
  timeout?: pulumi.Input<DurationInput>;
  /** Any values: when they change, the resource is replaced and waits again. */
  triggers?: pulumi.Input<unknown>;
}

/** Inputs of the resources that start a task (`KpsKeypairAssociation`, `CsmsSecretRotation`). */
export interface StartOnceArgs {
  /**
   * Adoption: before starting, the resource adopts the task an interrupted run of it started instead of starting
   * another: one still in progress on the same target, or one that succeeded and started at most this long ago
   * (for CSMS, any rotation of the secret). `0` turns adoption off. Ms or text (`"30m"`), at most 7 days.
   * @default the resource's timeout
   */
  adoptionWindow?: pulumi.Input<DurationInput>;
}

/** A point in time for `after` inputs: a `Date`, epoch ms, ISO 8601 text or `yyyyMMddHHmmss` (UTC). */
export type AfterInput = pulumi.Input<string | number> | Date;

/**
 * The resource's properties: its outputs declared (as `undefined`, so Pulumi creates them), its inputs (a `Date`
 * as ISO text), and `customTimeouts.create` passed in, since the host does not see resource options.
 */
export function props(args: object, outputs: readonly string[], opts: pulumi.CustomResourceOptions | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of outputs) out[key] = undefined;
  for (const [k, v] of Object.entries(args)) out[k] = v instanceof Date ? v.toISOString() : v;
  const createTimeout = opts?.customTimeouts?.create;
  if (createTimeout !== undefined) out["createTimeout"] = createTimeout;
  return out;
}

/** The outputs every waiting resource has. */
const WAITING_OUTPUTS = ["status", "phase", "polls", "elapsedMs", "finishedAt"] as const;

/**
 * A resource that finishes creating when a task (or job) has succeeded: the outputs every one has. The deployment
 * fails with the service's own error when the task fails.
 */
export abstract class WaitingResource extends pulumi.dynamic.Resource {
  /** The final status, e.g. `SUCCESS_RESET`, `SUCCESS`. */
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  /** Looks the wait made (shared looks included). */
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  /** ISO time the final state was seen. */
  declare readonly finishedAt: pulumi.Output<string>;

  /**
   * @param kind the resource kind, also its type name (`pulumi-nodejs:dynamic/hwc-tasks:<kind>`).
   * @param outputs the kind's own outputs besides the common ones.
   * @param name resource name. @param args its inputs. @param opts `customTimeouts.create` sets the default deadline.
   */
  protected constructor(kind: string, outputs: readonly string[], name: string, args: object, opts: pulumi.CustomResourceOptions | undefined) {
    super(providerFor(kind), name, props(args, [...WAITING_OUTPUTS, ...outputs], opts), opts, RESOURCE_MODULE, kind);
  }
}
