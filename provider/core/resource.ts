/**
 * What every resource class shares: the inputs every watcher accepts and how a class turns its args into
 * properties. Types only besides {@link props} (no schemas), so a program's type check never loads zod.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
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

/** The common outputs of every watcher. */
export const WAIT_OUTPUTS = ["taskId", "status", "phase", "polls", "elapsedMs", "finishedAt"] as const;

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
