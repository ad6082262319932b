/**
 * The host side of the dynamic resources: what runs inside Pulumi's dynamic-provider host when the engine checks,
 * diffs, creates or refreshes a watcher. The serialized provider objects (see `core/provider-object.ts`) only
 * `require("pulumi-hwc-tasks/host")` and call {@link dispatch}; everything else lives here, loaded by name, so
 * credentials, clients and shared pollers never enter the serialized provider or the stack's state. The kinds and
 * what each does come from the task modules' resource specs (and the gate's).
 *
 * Settings come from the stack config the engine hands `configure` (`huaweicloud:*`) or the host's environment.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { InputError, ProviderProtocolError, isApiError, isTaskNotFoundError } from "../errors";
import { durationArg } from "../core/args";
import { log } from "../core/log";
import { describeProgress } from "../core/progress";
import { defined, echo, type Inputs, type Outs, type ResourceSpec } from "../core/spec";
import type { TaskApiOptions, WaitOptions } from "../options";
import type { ConfigLookup } from "../settings";
import { TASK_MODULES } from "../tasks";
import type { WaitEvent } from "../waiter/poller";
import { taskGateSpec } from "./gate-spec";

/** Every resource kind the host runs, by kind (also their type names, `pulumi-nodejs:dynamic/hwc-tasks:<kind>`). */
const SPECS: Readonly<Record<string, ResourceSpec>> = Object.assign(
  { TaskGate: taskGateSpec },
  ...Object.values(TASK_MODULES).map((m) => m.resources),
) as Record<string, ResourceSpec>;

/** A resource kind's name, e.g. `KpsTaskWaiter`. */
export type ResourceKind = string;

function specOf(kind: ResourceKind): ResourceSpec {
  const spec = SPECS[kind];
  if (!spec) throw new ProviderProtocolError(`pulumi-hwc-tasks: unknown resource kind ${JSON.stringify(kind)} (known: ${Object.keys(SPECS).join(", ")})`);
  return spec;
}

/** Inputs every kind accepts besides its target. */
const commonShape = {
  /** Deadline of the wait, ms or text (`"30m"`). */
  timeout: durationArg.optional(),
  /** `customTimeouts.create` of the resource options, passed in by the class (the host ignores it). */
  createTimeout: durationArg.optional(),
  /** Any value; a change replaces the resource, so it waits again. */
  triggers: z.unknown().optional(),
};

// ------------------------------------------------------------------------------------------- configure & settings

let stackConfig: ConfigLookup | undefined;

/** Stores the stack config the engine hands over (`huaweicloud:*` keys) for every later call in this host. */
export function configure(req: pulumi.dynamic.ConfigureRequest): void {
  stackConfig = (key) => {
    let v: unknown;
    try {
      v = req.config.get(`huaweicloud:${key}`);
    } catch {
      // A host that was never sent Configure has no raw config to read: fall back to the environment.
      return undefined;
    }
    return v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
  };
}

/** Settings for calls made by the host: stack config, then the host's environment. */
function hostOptions(): TaskApiOptions {
  return { sources: { config: stackConfig, env: process.env } };
}

/**
 * Status changes, progress (the first report, then each new tenth of the way or new step, so a long task logs a
 * dozen lines, not one per look), transient errors and the end of a wait, to the deployment log.
 */
export function progressLogger(kind: ResourceKind, what: string): (e: WaitEvent) => void {
  let lastProgress: string | undefined;
  return (e) => {
    const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
    if (e.type === "progress") {
      const stage = `${e.percent === undefined ? describeProgress(e) : Math.floor(e.percent / 10)}|${e.step ?? ""}`;
      if (stage !== lastProgress) log("info", `${kind} ${what}: ${describeProgress(e)}`);
      lastProgress = stage;
    } else if (e.type === "progress-unavailable") log("info", `${kind} ${what}: ${e.message}; waiting on`);
    else if (e.type === "status") log("info", `${kind} ${what}: ${e.status} after ${secs(e.elapsedMs)}`);
    else if (e.type === "unknown-status") log("info", `${kind} ${what}: status ${e.status} is not one the service documents; waiting on`);
    else if (e.type === "warning") log("warn", `${kind} ${what}: ${e.status}: ${e.message}`);
    else if (e.type === "not-found-yet") log("info", `${kind} ${what}: not visible yet; waiting for it to appear`);
    else if (e.type === "transient-error") log("warn", `${kind} ${what}: ${e.message}; polling on`);
    else if (e.type === "done") log("info", `${kind} ${what}: ${e.state} after ${secs(e.elapsedMs)} and ${e.polls} polls`);
  };
}

// ------------------------------------------------------------------------------------------------ the operations

/** A check failure, as the engine reports it against a property. */
export interface CheckFailure {
  property: string;
  reason: string;
}

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === "object") return Object.values(v).some(hasUnknown);
  return false;
}

/** Validates inputs with the same zod schemas as the functions; failures name the property. */
export function check(kind: ResourceKind, news: Inputs): { inputs: Inputs; failures: CheckFailure[] } {
  const spec = specOf(kind);
  const { __provider: _p, ...rest } = news;
  // Values not known yet (a preview with unknown outputs) are checked at update time.
  if (hasUnknown(rest)) return { inputs: news, failures: [] };
  const failures: CheckFailure[] = [];
  const common: Record<string, unknown> = {};
  const target: Record<string, unknown> = {};
  const steering = { ...commonShape, ...spec.extra };
  for (const [k, v] of Object.entries(rest)) (k in steering ? common : target)[k] = v;
  const add = (r: z.ZodSafeParseResult<unknown>) => {
    if (r.success) return;
    for (const i of r.error.issues) {
      if (i.code === "unrecognized_keys") for (const key of i.keys) failures.push({ property: key, reason: `is not an input of ${kind}` });
      else failures.push({ property: i.path.map(String).join(".") || kind, reason: i.message });
    }
  };
  add(z.strictObject(steering).safeParse(common));
  add(spec.target.safeParse(target));
  return { inputs: news, failures };
}

/** Which inputs changed in a way that needs a new wait. A timeout change alone does not. */
export function diff(kind: ResourceKind, olds: Outs, news: Inputs): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const spec = specOf(kind);
  const replaces = spec.identity.filter((k) => {
    if (news[k] === undefined && spec.learned.includes(k)) return false;
    return JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null);
  });
  if (spec.alwaysReplace?.(news)) replaces.push("everyDeployment");
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

function describeTarget(kind: ResourceKind, inputs: Inputs): string {
  const parts = ["taskId", "jobId", "name", "secretName", "instanceId", "serverId", "keypairName", "service"]
    .filter((k) => inputs[k] !== undefined)
    .map((k) => `${k}=${String(inputs[k])}`);
  return parts.join(" ") || kind;
}

/**
 * Waits (or, for the association, starts and waits); the deployment fails with the task's own error when it fails.
 * Deadline: the `timeout` input, else `customTimeouts.create`, else 30 minutes.
 */
export async function create(kind: ResourceKind, inputs: Inputs): Promise<{ id: string; outs: Outs }> {
  const c = check(kind, inputs);
  if (c.failures.length > 0) throw new InputError(kind, c.failures.map((f) => ({ field: f.property, message: f.reason })));
  const timeout = (inputs["timeout"] ?? inputs["createTimeout"]) as string | number | undefined;
  const opts: WaitOptions = { ...hostOptions(), onProgress: progressLogger(kind, describeTarget(kind, inputs)), waitInPreview: true, ...(timeout !== undefined ? { timeout } : {}) };
  return specOf(kind).create(inputs, opts);
}

/** Refresh: re-reads the task; one the service no longer lists keeps its last known state. */
export async function read(kind: ResourceKind, id: string, props: Outs): Promise<{ id: string; props: Outs }> {
  try {
    const fresh = await specOf(kind).read(id, props, hostOptions());
    return { id, props: defined(fresh ?? props) };
  } catch (err) {
    if (isTaskNotFoundError(err) || (isApiError(err) && err.status === 404)) return { id, props };
    throw err;
  }
}

/**
 * Update: {@link diff} never asks for one (a timeout-only change is no change; every other change replaces), but an
 * engine that calls it gets the last results kept and the new inputs recorded, never emptied outputs.
 */
export async function update(_kind: ResourceKind, args: readonly unknown[]): Promise<{ outs: Outs }> {
  const [, olds, news] = args as [string, Outs, Inputs];
  const { __provider: _p, ...kept } = olds ?? {};
  return { outs: defined({ ...kept, ...echo(news ?? {}) }) };
}

/**
 * The entry point of the serialized provider objects. They pass one function as `configure`, `check`, `diff`,
 * `create` and `read`, so it tells the host's calls apart by their arguments: `configure(req)`, `create(inputs)`,
 * `check(olds, news)`, `read(id, props)`, `diff(id, olds, news)`. There is no delete: there is nothing to delete
 * in the cloud, and the host's default succeeds.
 */
export async function dispatch(kind: ResourceKind, args: readonly unknown[]): Promise<unknown> {
  const [a, b, c] = args;
  if (args.length === 1) {
    if (a && typeof a === "object" && "config" in a && typeof (a as { config?: { get?: unknown } }).config?.get === "function") {
      configure(a as pulumi.dynamic.ConfigureRequest);
      return undefined;
    }
    return create(kind, a as Inputs);
  }
  if (args.length === 2) return typeof a === "string" ? read(kind, a, b as Outs) : check(kind, b as Inputs);
  if (args.length === 3) return diff(kind, b as Outs, c as Inputs);
  throw new ProviderProtocolError(`pulumi-hwc-tasks: unexpected provider call with ${args.length} arguments`);
}
