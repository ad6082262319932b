/**
 * Wait functions: await a task (or an idle scope) from program code. Every wait reads through a shared scope
 * (one list call per tick for all waiters on it), follows a duration-aware schedule, survives transient faults,
 * honours an `AbortSignal` and a deadline, and ends in the task or a typed error.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { AbortError, ApiError, TaskFailedError, WaitTimeoutError, type ServiceName } from "../errors";
import type { TaskApiClient } from "../http/client";
import { idString } from "../services/kit";
import { secretName } from "../services/csms";
import { realSleep } from "../util/abort";
import { durations } from "../waiter/durations";
import { PollGroup, PollHub, hub, type GroupFetch, type Snapshot } from "../waiter/hub";
import { poll, type CheckInfo, type Observation, type PollResult, type WaitEvent } from "../waiter/poller";
import { adaptiveSchedule, awsWaiterSchedule, doublingSchedule, fixedSchedule, type AdaptiveOptions, type Schedule } from "../waiter/schedule";
import {
  classifier,
  csmsObservation,
  csmsScopeFetch,
  dcsObservation,
  dcsScopeFetch,
  kpsScopeFetch,
  kpsTaskObservation,
  rocketmqObservation,
  rocketmqScopeFetch,
  scopeKey,
  type Classifier,
  type KpsSnapshot,
  type ListMatch,
  type ListSnapshot,
} from "./adapters";
import { durationArg, parseArgs, timeArg } from "./args";
import { connect, taskApiOptionsShape, type TaskApiOptions } from "./connect";
import type { CsmsTask, DcsTask, KpsTask, RocketMqTask } from "./model";
import type { DurationInput, TimeInput } from "../util/time";

export type { WaitEvent, Schedule };

/** A clock for waits: real time by default; the emulator's virtual clock when it runs time-scaled. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Ready-made schedules: the package's own, and the anchors' (for comparison and for callers who want them). */
export const policies = {
  /** The package's duration-aware schedule (the default). */
  adaptive: (options: Partial<AdaptiveOptions> = {}): Partial<AdaptiveOptions> => options,
  /** First look after `firstMs`, then every `everyMs`. */
  fixed: fixedSchedule,
  /** Terraform's KPS waiter: 10 s, then every 20 s. */
  terraformKps: (): Schedule => fixedSchedule(10_000, 20_000),
  /** Terraform's CSMS rotation waiter: 5 s, then every 5 s. */
  terraformCsms: (): Schedule => fixedSchedule(5_000, 5_000),
  /** Terraform plugin SDK `StateChangeConf` defaults: 100 ms doubling up to 10 s. */
  stateChangeConf: (): Schedule => doublingSchedule(100, 10_000),
  /** AWS SDK v3 waiter: immediate, then jittered exponential 2 s .. 120 s. */
  awsWaiter: (minMs = 2000, maxMs = 120_000): Schedule => awsWaiterSchedule(minMs, maxMs),
};

/** Options of every wait. */
export interface WaitOptions extends TaskApiOptions {
  /** Deadline: ms or text like `"90s"`, `"30m"`. @default "30m" */
  timeout?: DurationInput;
  /** Progress: status changes, polls, elapsed time, unknown statuses (reported once), transient errors. */
  onProgress?: (event: WaitEvent) => void;
  /** A schedule function, or tuning of the default adaptive schedule. @default the adaptive schedule */
  policy?: Schedule | Partial<AdaptiveOptions>;
  /** Statuses that mean success, replacing the service's table for success. */
  successStatuses?: string[];
  /** Statuses that mean failure, replacing the service's table for failure. */
  failureStatuses?: string[];
  /** Share polls with other waits on the same scope in this process. @default true */
  share?: boolean;
  /** When the task started, if the caller knows (it just started it): the first look is then scheduled. */
  startedAt?: TimeInput;
  /** How long a task may be invisible ("not found") before that is an error: from the start of the wait, or, once the task was seen, from the first answer without it. @default 60000 */
  notFoundGraceMs?: number;
  /** During a Pulumi preview, block anyway instead of returning the current state. @default false */
  waitInPreview?: boolean;
  /** The clock to wait on. @default real time, or `HWC_TASKS_CLOCK` (set by the emulator's `env()`) */
  clock?: WaitClock;
  /** Uniform [0,1) source for schedules with jitter. @default Math.random */
  random?: () => number;
}

/** The outcome of a successful wait, with what it cost. */
export interface WaitResult<T> {
  /** The task as it ended (or, in a preview, as it is now). */
  task: T;
  /** The service's final status. */
  status: string;
  /** Looks at the task (shared looks included). */
  polls: number;
  /** Milliseconds waited. */
  elapsedMs: number;
  /** Clock time the final state was seen. */
  finishedAt: number;
  /** True when this is a preview's current state rather than the end of a wait. */
  preview: boolean;
}

const WaitOptionsSchema = z.strictObject({
  ...taskApiOptionsShape,
  onProgress: z.custom<(e: WaitEvent) => void>((v) => typeof v === "function", { error: "must be a function" }).optional(),
  clock: z
    .custom<WaitClock>((v) => typeof v === "object" && v !== null && typeof (v as WaitClock).now === "function" && typeof (v as WaitClock).sleep === "function", {
      error: "must be an object with now() and sleep(ms, signal)",
    })
    .optional(),
  random: z.custom<() => number>((v) => typeof v === "function", { error: "must be a function" }).optional(),
  timeout: durationArg.optional(),
  successStatuses: z.array(z.string().min(1)).min(1, { error: "must list at least one status" }).optional(),
  failureStatuses: z.array(z.string().min(1)).min(1, { error: "must list at least one status" }).optional(),
  share: z.boolean({ error: "must be true or false" }).optional(),
  startedAt: timeArg.optional(),
  notFoundGraceMs: z.number().int().min(0, { error: "must be a non-negative number of ms" }).optional(),
  waitInPreview: z.boolean({ error: "must be true or false" }).optional(),
  policy: z
    .union([
      z.custom<Schedule>((v) => typeof v === "function"),
      z.strictObject({
        intervalMs: z.number().positive().optional(),
        minGapMs: z.number().positive().optional(),
        maxGapMs: z.number().positive().optional(),
      }),
    ], { error: "must be a schedule function or { intervalMs?, minGapMs?, maxGapMs? }" })
    .optional(),
});

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** Reads `HWC_TASKS_CLOCK` (`origin@scale[+offset]`), the emulator's time-scaled clock, if set. */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): WaitClock | undefined {
  const spec = env["HWC_TASKS_CLOCK"];
  const m = spec ? /^(\d+)@(\d+(?:\.\d+)?)(?:\+(\d+))?$/.exec(spec) : null;
  if (!m) return undefined;
  const origin = Number(m[1]);
  const scale = Number(m[2]);
  const offset = Number(m[3] ?? 0);
  if (!(scale > 0)) return undefined;
  return {
    now: () => Math.round(origin + (Date.now() - origin) * scale + offset),
    sleep: (ms, signal) => realSleep(ms / scale, signal),
  };
}

const realClock: WaitClock = { now: () => Date.now(), sleep: realSleep };
const clockIds = new WeakMap<WaitClock, number>();
let nextClockId = 1;
function clockId(clock: WaitClock): number {
  let id = clockIds.get(clock);
  if (id === undefined) {
    id = nextClockId++;
    clockIds.set(clock, id);
  }
  return id;
}
let envClock: { spec: string | undefined; clock: WaitClock | undefined } = { spec: undefined, clock: undefined };
/** The clock waits use by default: `HWC_TASKS_CLOCK` (the emulator's time-scaled clock) when set, else real time. */
export function defaultClock(): WaitClock {
  const spec = process.env["HWC_TASKS_CLOCK"];
  if (spec !== envClock.spec) envClock = { spec, clock: clockFromEnv() };
  return envClock.clock ?? realClock;
}

/** Whether the transient kinds of failure (throttling, 5xx, network, timeouts) apply to `err`. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ApiError) return err.status === 0 || err.status === 429 || err.status >= 500;
  return err instanceof AbortError;
}

/** What one wait needs from its service: the scope to read and how to read one task out of it. */
interface WaitPlan<S, T> {
  service: ServiceName;
  /** Human description for errors, e.g. `kps task 6f1...`. */
  target: string;
  taskId: () => string;
  scope: string;
  interest: string;
  fetch: (client: TaskApiClient, now: () => number) => GroupFetch<S>;
  evaluate: (snap: Snapshot<S>, classify: Classifier, now: number) => Observation<T>;
  /** The task type, once known, for the duration model. */
  typeName: () => string | undefined;
  /** Called with every observation (to learn the type name or task id). */
  seen?: (obs: Observation<T>) => void;
  /** What the task looks like before the service shows it (a preview's answer for a task not started yet). */
  placeholder: () => T;
  /** Moves the wait to another scope once an observation shows where it belongs (a CSMS task's secret). */
  switchScope?: (obs: Observation<T>) => { scope: string; fetch: (client: TaskApiClient, now: () => number) => GroupFetch<S> } | undefined;
}

async function runWait<S, T>(context: string, plan: WaitPlan<S, T>, opts: WaitOptions): Promise<WaitResult<T>> {
  const o = parseArgs(WaitOptionsSchema, opts, `${context}: options`);
  const client = connect(opts, context, true);
  const clock = opts.clock ?? defaultClock();
  const random = opts.random ?? Math.random;
  const classify = classifier(plan.service, o.successStatuses, o.failureStatuses);
  const projectId = await client.projectId({ signal: opts.signal });
  const timeoutMs = o.timeout ?? DEFAULT_TIMEOUT_MS;
  const preview = !opts.waitInPreview && pulumi.runtime.isDryRun();
  const privateHub = new PollHub();
  const theHub = o.share === false ? privateHub : hub;

  let scope = plan.scope;
  let fetchOf = plan.fetch;
  const join = () => {
    const key = scopeKey(client, plan.service, projectId, scope, clockId(clock));
    const lease = theHub.acquire<S>(key, () => new PollGroup<S>(key, fetchOf(client, () => clock.now()), () => clock.now()));
    lease.group.addInterest(plan.interest);
    return lease;
  };
  let lease = join();
  let lastSeq = 0;
  const check = async (signal: AbortSignal, info: CheckInfo): Promise<Observation<T>> => {
    // Data fetched up to 30 % of the planned gap ago is fresh enough: waiters due at nearby times share one call.
    const notBefore = info.woken ? 0 : clock.now() - Math.min(10_000, info.delayMs * 0.3);
    let snap: Snapshot<S>;
    try {
      snap = await lease.group.read(notBefore, lastSeq, signal);
    } catch (error) {
      return { kind: "error", error, transient: isTransient(error) };
    }
    lastSeq = snap.seq;
    const obs = plan.evaluate(snap, classify, clock.now());
    plan.seen?.(obs);
    const next = plan.switchScope?.(obs);
    if (next && next.scope !== scope) {
      lease.group.removeInterest(plan.interest);
      lease.release();
      scope = next.scope;
      fetchOf = next.fetch;
      lease = join();
      lastSeq = 0;
    }
    return obs;
  };
  const schedule: Schedule =
    typeof o.policy === "function"
      ? o.policy
      : adaptiveSchedule(() => durations.model(plan.service, plan.typeName()), (o.policy ?? {}) as Partial<AdaptiveOptions>);
  let result: PollResult<T>;
  try {
    result = await poll<T>({
      check,
      schedule: preview ? () => 0 : schedule,
      timeoutMs: preview ? 0 : timeoutMs,
      now: () => clock.now(),
      sleep: (ms, signal) => clock.sleep(ms, signal),
      random,
      signal: opts.signal,
      notFoundGraceMs: o.notFoundGraceMs ?? 60_000,
      initialTaskAgeMs: o.startedAt === undefined ? undefined : Math.max(0, clock.now() - o.startedAt),
      sharers: () => lease.group.waiters(),
      wake: (listener) => lease.group.subscribe((snap) => {
        if (snap.seq > lastSeq) listener();
      }),
      onProgress: opts.onProgress,
    });
  } finally {
    lease.group.removeInterest(plan.interest);
    lease.release();
  }
  return settle(plan, result, preview, context);
}

/** The status a preview reports for a task the service does not show yet. */
export const NOT_VISIBLE = "NOT_VISIBLE";

/** Turns the poller's data into a value or the one error that describes it. */
function settle<S, T>(plan: WaitPlan<S, T>, r: PollResult<T>, preview: boolean, context: string): WaitResult<T> {
  const obs = r.observation;
  const done = (task: T, status: string): WaitResult<T> => ({ task, status, polls: r.polls, elapsedMs: r.elapsedMs, finishedAt: r.endedAt, preview });
  if (r.state === "succeeded" && obs?.kind === "succeeded") return done(obs.value, obs.status);
  if (r.state === "failed" && obs?.kind === "failed") {
    throw new TaskFailedError({
      service: plan.service,
      taskId: plan.taskId(),
      status: obs.status,
      errorCode: obs.errorCode,
      errorMessage: obs.errorMessage,
      requestId: obs.requestId,
    });
  }
  // A preview answers with the task as it is now; one the service does not show yet is pending, NOT_VISIBLE.
  if (preview && (obs?.kind === "pending" || obs?.kind === "not-found")) {
    const value = obs.kind === "pending" ? obs.value : undefined;
    return done(value ?? plan.placeholder(), (obs.kind === "pending" ? obs.status : undefined) ?? NOT_VISIBLE);
  }
  if (r.state === "aborted") throw new AbortError(context);
  if (r.state === "timeout" || preview) {
    throw new WaitTimeoutError({ target: plan.target, lastStatus: r.lastStatus, polls: r.polls, elapsedMs: r.elapsedMs });
  }
  if (r.state === "not-found") {
    if (r.error instanceof ApiError) throw r.error;
    throw new ApiError({
      service: plan.service,
      operation: "wait",
      status: 404,
      errorCode: "TASK_NOT_FOUND",
      errorMsg: `${plan.target} is not listed by the service`,
      attempts: r.polls,
      hint: "Check the task id and the scope (instance, secret, project) it belongs to",
    });
  }
  throw r.error instanceof Error ? r.error : new Error(String(r.error));
}

// ------------------------------------------------------------------------------------------------------- targets

/** Validates a KPS wait target. */
export const KpsTargetSchema = z.strictObject({ taskId: idString() });

/** Which KPS task to await. */
export interface KpsWaitTarget {
  /** The id `AssociateKeypair`/`DisassociateKeypair` returned. */
  taskId: string;
}

function kpsPlan(target: { taskId: string }): WaitPlan<KpsSnapshot, KpsTask> {
  let op: string | undefined;
  return {
    service: "kps",
    target: `kps task ${target.taskId}`,
    taskId: () => target.taskId,
    scope: "project",
    interest: target.taskId,
    fetch: (client, now) => kpsScopeFetch(client, now, durations),
    evaluate: (snap, classify, now) => kpsTaskObservation(snap.data, target.taskId, classify, now),
    typeName: () => op,
    seen: (obs) => {
      if ("value" in obs && obs.value) op = obs.value.operation ?? op;
    },
    placeholder: () => ({ taskId: target.taskId, serverId: undefined, taskStatus: NOT_VISIBLE, phase: "pending", operation: undefined }),
  };
}

/**
 * Awaits a KPS key-pair task and reports what the wait cost.
 * @throws TaskFailedError (with the service's error code and message), WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function awaitKpsTask(target: KpsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<KpsTask>> {
  const t = parseArgs(KpsTargetSchema, target, "waitForKpsTask");
  return runWait("waitForKpsTask", kpsPlan(t), opts);
}

/**
 * Awaits a KPS key-pair task (reset, replace, bind, unbind): resolves with the final task when it succeeds.
 * During a Pulumi preview it returns the current state at once (unless `waitInPreview`).
 * @example await waitForKpsTask({ taskId }, { timeout: "10m" });
 */
export async function waitForKpsTask(target: KpsWaitTarget, opts: WaitOptions = {}): Promise<KpsTask> {
  return (await awaitKpsTask(target, opts)).task;
}

/** Which CSMS rotation task to await: by id, or the rotation of a secret (started after `after`, else its latest). */
export type CsmsWaitTarget = { taskId: string } | { secretName: string; after?: TimeInput };

/** Validates a CSMS wait target (task id, or secret name with an optional `after`). */
export const CsmsTargetSchema = z
  .strictObject({ taskId: idString().optional(), secretName: secretName().optional(), after: timeArg.optional() })
  .superRefine((v, ctx) => {
    if ((v.taskId === undefined) === (v.secretName === undefined))
      ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId or secretName (with an optional after)" });
    if (v.taskId !== undefined && v.after !== undefined)
      ctx.addIssue({ code: "custom", path: ["after"], message: "applies to secretName only, not to taskId" });
  });

function csmsPlan(t: z.output<typeof CsmsTargetSchema>): WaitPlan<ListSnapshot<CsmsTask>, CsmsTask> {
  let taskId = t.taskId;
  const bySecret = (name: string) => ({
    scope: `secret:${name}`,
    fetch: (client: TaskApiClient, now: () => number) => csmsScopeFetch(client, { secretName: name }, now, durations),
  });
  const first = t.secretName !== undefined ? bySecret(t.secretName) : { scope: `task:${taskId}`, fetch: (c: TaskApiClient, now: () => number) => csmsScopeFetch(c, { taskId: taskId ?? "" }, now, durations) };
  return {
    service: "csms",
    target: t.taskId !== undefined ? `csms task ${t.taskId}` : `csms rotation of secret ${t.secretName}`,
    taskId: () => taskId ?? "(not started yet)",
    scope: first.scope,
    interest: taskId ?? `after:${t.after ?? "latest"}`,
    fetch: first.fetch,
    evaluate: (snap, classify, now) => {
      if (taskId !== undefined) return csmsObservation(snap.data, { id: taskId }, classify, now);
      if (t.after === undefined) {
        const latest = snap.data.tasks[0];
        return latest ? csmsObservation(snap.data, { id: latest.taskId }, classify, now) : { kind: "pending", status: undefined };
      }
      return csmsObservation(snap.data, { after: t.after }, classify, now);
    },
    typeName: () => "ROTATE",
    seen: (obs) => {
      if (taskId === undefined && "value" in obs && obs.value) taskId = obs.value.taskId;
    },
    switchScope: (obs) => ("value" in obs && obs.value?.secretName && t.secretName === undefined ? bySecret(obs.value.secretName) : undefined),
    placeholder: () => ({
      taskId: taskId ?? "",
      secretName: t.secretName,
      rotationFuncUrn: undefined,
      taskStatus: NOT_VISIBLE,
      operateType: undefined,
      taskTime: undefined,
      attemptNums: undefined,
      taskErrorCode: undefined,
      taskErrorMsg: undefined,
      phase: "pending",
    }),
  };
}

/**
 * Awaits a CSMS secret rotation and reports what the wait cost.
 * @throws TaskFailedError (with `task_error_code` / `task_error_msg`), WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function awaitCsmsTask(target: CsmsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<CsmsTask>> {
  return runWait("waitForCsmsTask", csmsPlan(parseArgs(CsmsTargetSchema, target, "waitForCsmsTask")), opts);
}

/**
 * Awaits a CSMS secret rotation task: by id, or a secret's rotation started after `after` (its latest without).
 * @example await waitForCsmsTask({ secretName: "db-password", after: rotatedAt });
 */
export async function waitForCsmsTask(target: CsmsWaitTarget, opts: WaitOptions = {}): Promise<CsmsTask> {
  return (await awaitCsmsTask(target, opts)).task;
}

/** Which DCS task to await: by id, by job id, or by name when created after `after`. */
export type DcsWaitTarget = { taskId: string } | { jobId: string } | { name: string; after: TimeInput };

/** Validates a DCS wait target (task id, job id, or name with `after`). */
export const DcsTargetSchema = z
  .strictObject({
    taskId: idString().optional(),
    jobId: idString().optional(),
    name: z.string().min(1, { error: "must not be empty" }).max(64, { error: "must be at most 64 characters" }).optional(),
    after: timeArg.optional(),
  })
  .superRefine((v, ctx) => {
    const given = [v.taskId, v.jobId, v.name].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId, jobId, or name (with after)" });
    if (v.name !== undefined && v.after === undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "is required with name: the time the operation was started" });
    if (v.name === undefined && v.after !== undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "applies to name only" });
  });

function listPlan<T extends { id: string; name: string }>(
  service: "dcs" | "rocketmq",
  scope: string,
  match: ListMatch,
  fetch: WaitPlan<ListSnapshot<T>, T>["fetch"],
  observation: (snap: ListSnapshot<T>, match: ListMatch, classify: Classifier, now: number) => Observation<T>,
  interest: string,
  placeholder: (id: string, name: string) => T,
): WaitPlan<ListSnapshot<T>, T> {
  let taskId = "id" in match ? match.id : undefined;
  let name = "name" in match ? match.name : undefined;
  const what = "id" in match ? `task ${match.id}` : "jobId" in match ? `job ${match.jobId}` : `task named ${match.name}`;
  return {
    service,
    target: `${service} ${what}${service === "rocketmq" ? ` of instance ${scope}` : ""}`,
    taskId: () => taskId ?? what,
    scope,
    interest,
    fetch,
    evaluate: (snap, classify, now) => observation(snap.data, match, classify, now),
    typeName: () => name,
    seen: (obs) => {
      if ("value" in obs && obs.value) {
        taskId = obs.value.id;
        name = obs.value.name;
      }
    },
    placeholder: () => placeholder(taskId ?? "", name ?? ""),
  };
}

const listedPlaceholder = (id: string, name: string) => ({
  id,
  name,
  userName: undefined,
  userId: undefined,
  params: undefined,
  status: NOT_VISIBLE,
  createdAt: undefined,
  updatedAt: undefined,
  phase: "pending" as const,
});

/**
 * Awaits a DCS task-center task and reports what the wait cost.
 * @throws TaskFailedError (with the task's `error_code`), WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function awaitDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<DcsTask>> {
  const t = parseArgs(DcsTargetSchema, target, "waitForDcsTask");
  const match: ListMatch = t.taskId !== undefined ? { id: t.taskId } : t.jobId !== undefined ? { jobId: t.jobId } : { name: t.name ?? "", after: t.after ?? 0 };
  const anchor = "after" in match ? match.after : Date.now() - 24 * 3_600_000;
  const interest = `${JSON.stringify(match)}@${anchor}`;
  const placeholder = (id: string, name: string): DcsTask => ({
    ...listedPlaceholder(id, name),
    details: null,
    errorCode: undefined,
    enableShow: undefined,
    jobId: "jobId" in match ? match.jobId : undefined,
  });
  return runWait("waitForDcsTask", listPlan<DcsTask>("dcs", "project", match, (c) => dcsScopeFetch(c, durations), dcsObservation, interest, placeholder), opts);
}

/**
 * Awaits a DCS task: by id, by job id, or by name when created after `after`.
 * @example await waitForDcsTask({ name: "EXTEND", after: resizedAt });
 */
export async function waitForDcsTask(target: DcsWaitTarget, opts: WaitOptions = {}): Promise<DcsTask> {
  return (await awaitDcsTask(target, opts)).task;
}

/** Which RocketMQ task to await: by id, or by name when created after `after`. */
export type RocketMqWaitTarget = { instanceId: string; taskId: string } | { instanceId: string; name: string; after: TimeInput };

/** Validates a RocketMQ wait target (instance id plus task id, or name with `after`). */
export const RocketMqTargetSchema = z
  .strictObject({
    instanceId: idString(),
    taskId: idString().optional(),
    name: z.string().min(1, { error: "must not be empty" }).max(64, { error: "must be at most 64 characters" }).optional(),
    after: timeArg.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.taskId === undefined) === (v.name === undefined)) ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId or name (with after)" });
    if (v.name !== undefined && v.after === undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "is required with name: the time the operation was started" });
    if (v.name === undefined && v.after !== undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "applies to name only" });
  });

/**
 * Awaits a RocketMQ instance task and reports what the wait cost.
 * @throws TaskFailedError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function awaitRocketMqTask(target: RocketMqWaitTarget, opts: WaitOptions = {}): Promise<WaitResult<RocketMqTask>> {
  const t = parseArgs(RocketMqTargetSchema, target, "waitForRocketMqTask");
  const match: ListMatch = t.taskId !== undefined ? { id: t.taskId } : { name: t.name ?? "", after: t.after ?? 0 };
  return runWait(
    "waitForRocketMqTask",
    listPlan<RocketMqTask>(
      "rocketmq",
      t.instanceId,
      match,
      (c) => rocketmqScopeFetch(c, t.instanceId, durations),
      rocketmqObservation,
      JSON.stringify(match),
      listedPlaceholder,
    ),
    opts,
  );
}

/**
 * Awaits a RocketMQ instance task: by id, or by name when created after `after`.
 * @example await waitForRocketMqTask({ instanceId, name: "bindInstancePublicIp", after: boundAt });
 */
export async function waitForRocketMqTask(target: RocketMqWaitTarget, opts: WaitOptions = {}): Promise<RocketMqTask> {
  return (await awaitRocketMqTask(target, opts)).task;
}

// ------------------------------------------------------------------------------------------------------- any task

/** A task of any service, by id (a RocketMQ task needs its instance). */
export type TaskByIdTarget =
  | { service: "kps" | "csms" | "dcs"; taskId: string }
  | { service: "rocketmq"; instanceId: string; taskId: string };

/** A task, as whichever service it belongs to returns it. */
export type AnyTask = KpsTask | CsmsTask | DcsTask | RocketMqTask;

const TaskByIdSchema = z.object({
  service: z.enum(["kps", "csms", "dcs", "rocketmq"], { error: 'must be "kps", "csms", "dcs" or "rocketmq"' }),
});

/**
 * Awaits a task of any service by id: one entry point when the service is data (a list of tasks to await).
 * @throws the errors of the service's own wait function
 * @example await awaitTaskById({ service: "rocketmq", instanceId, taskId });
 */
export async function awaitTaskById(target: TaskByIdTarget, opts: WaitOptions = {}): Promise<WaitResult<AnyTask>> {
  const { service } = parseArgs(TaskByIdSchema, target, "awaitTaskById");
  const { service: _s, ...rest } = target as unknown as Record<string, unknown>;
  switch (service) {
    case "kps":
      return awaitKpsTask(rest as unknown as KpsWaitTarget, opts);
    case "csms":
      return awaitCsmsTask(rest as unknown as CsmsWaitTarget, opts);
    case "dcs":
      return awaitDcsTask(rest as unknown as DcsWaitTarget, opts);
    case "rocketmq":
      return awaitRocketMqTask(rest as unknown as RocketMqWaitTarget, opts);
  }
}

// ---------------------------------------------------------------------------------------------------------- idle

/** A scope to wait on until no task is in progress. */
export interface IdleTarget {
  service: "kps" | "csms" | "dcs" | "rocketmq";
  /** RocketMQ (required) or DCS (optional: tasks whose parameters name it) instance. */
  instanceId?: string;
  /** KPS: only this server's tasks (else the whole project's). */
  serverId?: string;
  /** CSMS (required): the secret. */
  secretName?: string;
}

/** What an idle wait saw. */
export interface IdleResult {
  service: IdleTarget["service"];
  /** The scope, e.g. `instance 0f8a...` or `project`. */
  scope: string;
  /** Whether the scope is idle (always true unless this is a preview). */
  idle: boolean;
  /** Ids of the tasks still in progress at the last look (empty when idle). */
  busyTaskIds: string[];
  polls: number;
  elapsedMs: number;
  finishedAt: number;
  preview: boolean;
}

/** Validates an idle-scope target (the scope fields each service accepts). */
export const IdleTargetSchema = z
  .strictObject({
    service: z.enum(["kps", "csms", "dcs", "rocketmq"], { error: 'must be "kps", "csms", "dcs" or "rocketmq"' }),
    instanceId: idString().optional(),
    serverId: idString().optional(),
    secretName: secretName().optional(),
  })
  .superRefine((v, ctx) => {
    const allowed: Record<string, string[]> = { kps: ["serverId"], csms: ["secretName"], dcs: ["instanceId"], rocketmq: ["instanceId"] };
    for (const k of ["instanceId", "serverId", "secretName"] as const) {
      if (v[k] !== undefined && !allowed[v.service]?.includes(k)) ctx.addIssue({ code: "custom", path: [k], message: `does not apply to ${v.service}` });
    }
    if (v.service === "rocketmq" && v.instanceId === undefined) ctx.addIssue({ code: "custom", path: ["instanceId"], message: "is required for rocketmq" });
    if (v.service === "csms" && v.secretName === undefined) ctx.addIssue({ code: "custom", path: ["secretName"], message: "is required for csms" });
  });

interface Busy {
  ids: string[];
  /** The youngest busy task: its type and age drive the schedule. */
  name: string | undefined;
  createdMs: number | undefined;
}

function busyObservation(busy: Busy, now: number): Observation<Busy> {
  if (busy.ids.length === 0) return { kind: "succeeded", status: "IDLE", value: busy };
  return {
    kind: "pending",
    status: `BUSY(${busy.ids.length})`,
    known: true,
    value: busy,
    taskAgeMs: busy.createdMs === undefined ? undefined : Math.max(0, now - busy.createdMs),
  };
}

function youngest<T>(tasks: T[], created: (t: T) => number | undefined, id: (t: T) => string, name: (t: T) => string | undefined): Busy {
  const sorted = [...tasks].sort((a, b) => (created(b) ?? 0) - (created(a) ?? 0));
  const first = sorted[0];
  return { ids: tasks.map(id), name: first ? name(first) : undefined, createdMs: first ? created(first) : undefined };
}

/**
 * Waits until a scope has no task in progress: a KPS project or server, a CSMS secret, the DCS task center (or one
 * instance's tasks), a RocketMQ instance. In a preview it returns the current state at once.
 * @example await waitForIdle({ service: "rocketmq", instanceId });
 */
export async function waitForIdle(target: IdleTarget, opts: WaitOptions = {}): Promise<IdleResult> {
  const t = parseArgs(IdleTargetSchema, target, "waitForIdle");
  let typeName: string | undefined;
  const base = { service: t.service, typeName: () => typeName, taskId: () => "(idle)", interest: "*", placeholder: (): Busy => ({ ids: [], name: undefined, createdMs: undefined }), seen: (obs: Observation<Busy>) => {
    if ("value" in obs && obs.value) typeName = obs.value.name;
  } };
  const created = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
  let plan: WaitPlan<unknown, Busy>;
  if (t.service === "kps") {
    plan = {
      ...base,
      target: t.serverId ? `kps server ${t.serverId} idle` : "kps project idle",
      scope: "project",
      fetch: (client, now) => kpsScopeFetch(client, now, durations) as GroupFetch<unknown>,
      evaluate: (snap, _c, now) => {
        const running = [...(snap.data as KpsSnapshot).running.values()].filter((r) => t.serverId === undefined || r.serverId === t.serverId);
        return busyObservation(youngest(running, (r) => r.taskTime, (r) => r.taskId, (r) => (r.operateType ?? "").split("_")[1]), now);
      },
    };
  } else if (t.service === "rocketmq") {
    const instanceId = t.instanceId ?? "";
    plan = {
      ...base,
      target: `rocketmq instance ${instanceId} idle`,
      scope: instanceId,
      fetch: (client) => rocketmqScopeFetch(client, instanceId, durations) as GroupFetch<unknown>,
      evaluate: (snap, classify, now) => {
        const busy = (snap.data as ListSnapshot<RocketMqTask>).tasks.filter((x) => classify(x.status) === "pending");
        return busyObservation(youngest(busy, (x) => created(x.createdAt), (x) => x.id, (x) => x.name), now);
      },
    };
  } else if (t.service === "dcs") {
    plan = {
      ...base,
      target: t.instanceId ? `dcs instance ${t.instanceId} idle` : "dcs task center idle",
      scope: "project",
      interest: `*@${Date.now() - 7 * 24 * 3_600_000}`,
      fetch: (client) => dcsScopeFetch(client, durations) as GroupFetch<unknown>,
      evaluate: (snap, classify, now) => {
        const busy = (snap.data as ListSnapshot<DcsTask>).tasks.filter(
          (x) => classify(x.status) === "pending" && (t.instanceId === undefined || (x.params ?? "").includes(t.instanceId)),
        );
        return busyObservation(youngest(busy, (x) => created(x.createdAt), (x) => x.id, (x) => x.name), now);
      },
    };
  } else {
    const name = t.secretName ?? "";
    plan = {
      ...base,
      target: `csms secret ${name} idle`,
      scope: `secret:${name}`,
      fetch: (client, now) => csmsScopeFetch(client, { secretName: name }, now, durations) as GroupFetch<unknown>,
      evaluate: (snap, classify, now) => {
        const busy = (snap.data as ListSnapshot<CsmsTask>).tasks.filter((x) => classify(x.taskStatus) === "pending");
        return busyObservation(youngest(busy, (x) => x.taskTime, (x) => x.taskId, () => "ROTATE"), now);
      },
    };
  }
  const scope = t.serverId ? `server ${t.serverId}` : t.instanceId ? `instance ${t.instanceId}` : t.secretName ? `secret ${t.secretName}` : "project";
  const r = await runWait("waitForIdle", plan, opts);
  return {
    service: t.service,
    scope,
    idle: r.status === "IDLE",
    busyTaskIds: r.task.ids,
    polls: r.polls,
    elapsedMs: r.elapsedMs,
    finishedAt: r.finishedAt,
    preview: r.preview,
  };
}
