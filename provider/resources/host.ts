/**
 * The host side of the dynamic resources: what runs inside Pulumi's dynamic-provider host when the engine checks,
 * diffs, creates or refreshes a watcher. The serialized provider objects (see `provider.ts`) only
 * `require("pulumi-hwc-tasks/host")` and call {@link dispatch}; everything else lives here, loaded by name, so
 * credentials, clients and shared pollers never enter the serialized provider or the stack's state.
 *
 * Settings come from the stack config the engine hands `configure` (`huaweicloud:*`) or the host's environment.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApiError } from "../errors";
import { durationArg } from "../functions/args";
import type { TaskApiOptions } from "../functions/connect";
import { getCsmsTasks, getDcsTasks, getKpsTask, getRocketMqTasks } from "../functions/datasources";
import {
  CsmsTargetSchema,
  DcsTargetSchema,
  IdleTargetSchema,
  KpsTargetSchema,
  RocketMqTargetSchema,
  awaitCsmsTask,
  awaitDcsTask,
  awaitKpsTask,
  awaitRocketMqTask,
  waitForIdle,
  type WaitOptions,
  type WaitResult,
} from "../functions/waits";
import { kpsAuthSchema, secretName } from "../services";
import { idString } from "../services/kit";
import type { ConfigLookup } from "../settings";
import type { WaitEvent } from "../waiter/poller";
import { adoptionWindowArg, startAssociation, startRotation } from "./adopt";

/** The resource kinds, which are also their type names (`pulumi-nodejs:dynamic/hwc-tasks:<kind>`). */
export type ResourceKind =
  | "KpsTaskWaiter"
  | "CsmsTaskWaiter"
  | "DcsTaskWaiter"
  | "RocketMqTaskWaiter"
  | "TaskGate"
  | "KpsKeypairAssociation"
  | "CsmsSecretRotation";

/** Inputs every kind accepts besides its target. */
const commonShape = {
  /** Deadline of the wait, ms or text (`"30m"`). */
  timeout: durationArg.optional(),
  /** `customTimeouts.create` of the resource options, passed in by the class (the host ignores it). */
  createTimeout: durationArg.optional(),
  /** Any value; a change replaces the resource, so it waits again. */
  triggers: z.unknown().optional(),
};

const AssociationSchema = z.strictObject({
  keypairName: idString(64),
  serverId: idString(),
  auth: kpsAuthSchema.optional(),
  disablePassword: z.boolean({ error: "must be true or false" }).optional(),
  port: z.number().int().min(1, { error: "must be a port from 1 to 65535" }).max(65535, { error: "must be a port from 1 to 65535" }).optional(),
});

const GateSchema = IdleTargetSchema;

const RotationSchema = z.strictObject({ secretName: secretName() });

interface KindSpec {
  /** Validates the kind's own inputs (target fields). */
  target: z.ZodType;
  /** Inputs of this kind that steer the resource rather than name its target. */
  extra?: Record<string, z.ZodType>;
  /** Inputs whose change replaces the resource. */
  identity: readonly string[];
  /**
   * Identity fields the resource also learns as outputs (a CSMS task's secret, a DCS task's name ...): absent from
   * the new inputs, they were learned, not removed, so they do not count as a change.
   */
  learned: readonly string[];
  create(inputs: Inputs, opts: WaitOptions): Promise<{ id: string; outs: Outs }>;
  /** Refresh: the current state, or `undefined` to keep the last known one. */
  read(id: string, props: Outs, opts: TaskApiOptions): Promise<Outs | undefined>;
}

type Inputs = Record<string, unknown>;
type Outs = Record<string, unknown>;

/** Drops `undefined` (a protobuf Struct cannot hold it). */
function defined(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** The common outputs of a finished wait. */
function waitOuts(r: WaitResult<unknown>, taskId: string, phase: string): Outs {
  return { taskId, status: r.status, phase, polls: r.polls, elapsedMs: r.elapsedMs, finishedAt: new Date(r.finishedAt).toISOString() };
}

/** Inputs the outputs repeat (so refresh and diff see them), minus anything secret. */
function echo(inputs: Inputs): Outs {
  const { __provider: _p, auth: _a, ...rest } = inputs;
  return rest;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const SPECS: Record<ResourceKind, KindSpec> = {
  KpsTaskWaiter: {
    target: KpsTargetSchema,
    identity: ["taskId", "triggers"],
    learned: ["taskId"],
    async create(inputs, opts) {
      const taskId = String(inputs["taskId"]);
      const r = await awaitKpsTask({ taskId }, opts);
      return { id: taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, taskId, r.task.phase), operation: r.task.operation, serverId: r.task.serverId }) };
    },
    async read(id, props, opts) {
      const t = await getKpsTask({ taskId: id }, opts);
      return { ...props, status: t.taskStatus, phase: t.phase, serverId: t.serverId ?? props["serverId"] };
    },
  },
  CsmsTaskWaiter: {
    target: CsmsTargetSchema,
    identity: ["taskId", "secretName", "after", "triggers"],
    learned: ["taskId", "secretName"],
    async create(inputs, opts) {
      const target = inputs["taskId"] !== undefined ? { taskId: String(inputs["taskId"]) } : { secretName: String(inputs["secretName"]), ...(inputs["after"] !== undefined ? { after: inputs["after"] as string } : {}) };
      const r = await awaitCsmsTask(target, opts);
      const t = r.task;
      return {
        id: t.taskId,
        outs: defined({ ...echo(inputs), ...waitOuts(r, t.taskId, t.phase), secretName: t.secretName, rotationFuncUrn: t.rotationFuncUrn, attemptNums: t.attemptNums, operateType: t.operateType }),
      };
    },
    async read(id, props, opts) {
      const t = (await getCsmsTasks({ taskId: id }, opts)).tasks[0];
      return t ? { ...props, status: t.taskStatus, phase: t.phase, attemptNums: t.attemptNums ?? props["attemptNums"] } : undefined;
    },
  },
  DcsTaskWaiter: {
    target: DcsTargetSchema,
    identity: ["taskId", "jobId", "name", "after", "triggers"],
    learned: ["taskId", "jobId", "name"],
    async create(inputs, opts) {
      const target =
        inputs["taskId"] !== undefined
          ? { taskId: String(inputs["taskId"]) }
          : inputs["jobId"] !== undefined
            ? { jobId: String(inputs["jobId"]) }
            : { name: String(inputs["name"]), after: inputs["after"] as string };
      const r = await awaitDcsTask(target, opts);
      const t = r.task;
      return { id: t.id, outs: defined({ ...echo(inputs), ...waitOuts(r, t.id, t.phase), jobId: t.jobId, name: t.name, errorCode: t.errorCode }) };
    },
    async read(id, props, opts) {
      const since = Date.parse(str(props["finishedAt"]) ?? "") - 24 * 3_600_000;
      const t = (await getDcsTasks(Number.isFinite(since) ? { startTime: since } : {}, opts)).tasks.find((x) => x.id === id);
      return t ? { ...props, status: t.status, phase: t.phase } : undefined;
    },
  },
  RocketMqTaskWaiter: {
    target: RocketMqTargetSchema,
    identity: ["instanceId", "taskId", "name", "after", "triggers"],
    learned: ["taskId", "name"],
    async create(inputs, opts) {
      const instanceId = String(inputs["instanceId"]);
      const target = inputs["taskId"] !== undefined ? { instanceId, taskId: String(inputs["taskId"]) } : { instanceId, name: String(inputs["name"]), after: inputs["after"] as string };
      const r = await awaitRocketMqTask(target, opts);
      const t = r.task;
      return { id: t.id, outs: defined({ ...echo(inputs), ...waitOuts(r, t.id, t.phase), name: t.name, params: t.params }) };
    },
    async read(id, props, opts) {
      const t = (await getRocketMqTasks({ instanceId: String(props["instanceId"]) }, opts)).tasks.find((x) => x.id === id);
      return t ? { ...props, status: t.status, phase: t.phase } : undefined;
    },
  },
  TaskGate: {
    target: GateSchema,
    extra: { everyDeployment: z.boolean({ error: "must be true or false" }).optional() },
    identity: ["service", "instanceId", "serverId", "secretName", "triggers"],
    learned: [],
    async create(inputs, opts) {
      const scope = defined({ service: inputs["service"], instanceId: inputs["instanceId"], serverId: inputs["serverId"], secretName: inputs["secretName"] });
      const r = await waitForIdle(GateSchema.parse(scope), opts);
      const checkedAt = new Date(r.finishedAt).toISOString();
      return {
        id: `${r.service}:${r.scope.replace(/ /g, ":")}:${r.finishedAt}`,
        outs: defined({ ...echo(inputs), idle: r.idle, scope: r.scope, polls: r.polls, elapsedMs: r.elapsedMs, checkedAt }),
      };
    },
    async read() {
      // A gate's state is what its last check saw.
      return undefined;
    },
  },
  KpsKeypairAssociation: {
    target: AssociationSchema,
    extra: { adoptionWindow: adoptionWindowArg.optional() },
    identity: ["keypairName", "serverId", "disablePassword", "port", "triggers"],
    learned: ["taskId"],
    async create(inputs, opts) {
      const a = AssociationSchema.parse(echoAuth(inputs));
      const s = await startAssociation(a, inputs, opts, log);
      const r = await awaitKpsTask({ taskId: s.taskId }, { ...opts, startedAt: s.startedAt });
      return { id: s.taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, s.taskId, r.task.phase), operation: r.task.operation, adopted: s.adopted }) };
    },
    async read(id, props, opts) {
      const t = await getKpsTask({ taskId: id }, opts);
      return { ...props, status: t.taskStatus, phase: t.phase };
    },
  },
  CsmsSecretRotation: {
    target: RotationSchema,
    extra: { adoptionWindow: adoptionWindowArg.optional() },
    identity: ["secretName", "triggers"],
    learned: ["taskId"],
    async create(inputs, opts) {
      const { secretName: name } = RotationSchema.parse(echoAuth(inputs));
      const s = await startRotation(name, inputs, opts, log);
      const r = await awaitCsmsTask({ taskId: s.taskId }, opts);
      const t = r.task;
      return {
        id: s.taskId,
        outs: defined({ ...echo(inputs), ...waitOuts(r, s.taskId, t.phase), rotationFuncUrn: t.rotationFuncUrn, attemptNums: t.attemptNums, operateType: t.operateType, adopted: s.adopted }),
      };
    },
    async read(id, props, opts) {
      const t = (await getCsmsTasks({ taskId: id }, opts)).tasks[0];
      return t ? { ...props, status: t.taskStatus, phase: t.phase, attemptNums: t.attemptNums ?? props["attemptNums"] } : undefined;
    },
  },
};

/** The target fields of an input object (without the steering inputs and `__provider`). */
function echoAuth(inputs: Inputs): Inputs {
  const { __provider: _p, timeout: _t, createTimeout: _c, triggers: _g, adoptionWindow: _w, ...rest } = inputs;
  return rest;
}

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

function log(level: "info" | "warn", message: string): void {
  if (level === "warn") pulumi.log.warn(message);
  else pulumi.log.info(message);
}

/** Status changes, transient errors and the end of a wait, to the deployment log. */
function progressLogger(kind: ResourceKind, what: string): (e: WaitEvent) => void {
  return (e) => {
    const secs = (ms: number) => `${Math.round(ms / 1000)} s`;
    if (e.type === "status") log("info", `${kind} ${what}: ${e.status} after ${secs(e.elapsedMs)}`);
    else if (e.type === "unknown-status") log("info", `${kind} ${what}: status ${e.status} is not one the service documents; waiting on`);
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
  const spec = SPECS[kind];
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
  const spec = SPECS[kind];
  const replaces = spec.identity.filter((k) => {
    if (news[k] === undefined && spec.learned.includes(k)) return false;
    return JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null);
  });
  if (kind === "TaskGate" && news["everyDeployment"] === true) replaces.push("everyDeployment");
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
  if (c.failures.length > 0) throw new Error(`${kind}: invalid inputs: ${c.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  const timeout = (inputs["timeout"] ?? inputs["createTimeout"]) as string | number | undefined;
  const opts: WaitOptions = { ...hostOptions(), onProgress: progressLogger(kind, describeTarget(kind, inputs)), waitInPreview: true, ...(timeout !== undefined ? { timeout } : {}) };
  return SPECS[kind].create(inputs, opts);
}

/** Refresh: re-reads the task; one the service no longer lists keeps its last known state. */
export async function read(kind: ResourceKind, id: string, props: Outs): Promise<{ id: string; props: Outs }> {
  try {
    const fresh = await SPECS[kind].read(id, props, hostOptions());
    return { id, props: defined(fresh ?? props) };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { id, props };
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
  throw new Error(`pulumi-hwc-tasks: unexpected provider call with ${args.length} arguments`);
}
