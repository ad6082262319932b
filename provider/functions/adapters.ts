/**
 * How each service's task is watched: which scope is polled (one list call per tick, shared by every waiter on
 * it), what a snapshot of that scope says about one waiter's task, and what the snapshots teach about durations.
 * @module
 */
import { createHash } from "node:crypto";
import { ApiError } from "../errors";
import type { TaskApiClient } from "../http/client";
import { listAll } from "../http/paging";
import {
  SERVICES,
  csmsListTasks,
  dcsListTasks,
  kpsListFailedTasks,
  kpsListRunningTasks,
  kpsOperation,
  kpsShowTask,
  rocketmqListTasks,
  type Phase,
  type ServiceName,
} from "../services";
import { toCompactUtc } from "../util/time";
import type { Observation } from "../waiter/poller";
import type { DurationBook } from "../waiter/durations";
import {
  toCsmsTask,
  toDcsTask,
  toKpsListedTask,
  toKpsTask,
  toRocketMqTask,
  type CsmsTask,
  type CsmsWire,
  type DcsTask,
  type DcsWire,
  type KpsFailedWire,
  type KpsListedTask,
  type KpsTask,
  type RocketMqTask,
  type RocketMqWire,
} from "./model";

/** Classifies a status; the service's own table unless the caller overrides it. */
export type Classifier = (status: string) => Phase;

/**
 * Builds the classifier for a waiter. A list the caller gives replaces the service's table for its side only:
 * with `success` given, a status succeeds exactly when listed (failures still come from the table unless
 * `failure` is given too), and likewise for `failure`. Everything else is pending.
 */
export function classifier(service: ServiceName, success?: readonly string[], failure?: readonly string[]): Classifier {
  const base = SERVICES[service].classify;
  if (!success && !failure) return base;
  const set = (list: readonly string[] | undefined) => (list ? new Set(list.map((s) => s.toUpperCase())) : undefined);
  const ok = set(success);
  const bad = set(failure);
  return (status) => {
    const s = status.toUpperCase();
    if (ok ? ok.has(s) : base(status) === "succeeded") return "succeeded";
    if (bad ? bad.has(s) : base(status) === "failed") return "failed";
    return "pending";
  };
}

/** Whether a status is one the service's table (or the caller's lists) names. */
export function knownStatus(service: ServiceName, status: string): boolean {
  const s = status.toUpperCase();
  const life = SERVICES[service].lifecycle;
  if (service === "kps") return /^(READY|RUNNING|SUCCESS|FAILED)_[A-Z]+$/.test(s);
  if (service === "rocketmq" && (s === "DELETED" || s === "CANCELLED")) return true;
  if (service === "dcs" && ["SUCCEEDED", "FAIL", "ERROR"].includes(s)) return true;
  return [...life.pending, life.succeeded, life.failed].includes(s);
}

/** A short, stable, non-reversible tag of an access key for group keys (the key itself is never kept). */
export function keyTag(accessKey: string): string {
  return createHash("sha256").update(accessKey).digest("hex").slice(0, 16);
}

/** The identity of a polled scope. */
export function scopeKey(client: TaskApiClient, service: ServiceName, projectId: string, scope: string, clockId: number): string {
  const host = SERVICES[service].host;
  return [service, client.settings.endpoints[host], projectId, keyTag(client.settings.credentials.accessKey), scope, clockId].join("|");
}

function ageOf(createdMs: number | undefined, now: number): number | undefined {
  return createdMs === undefined ? undefined : Math.max(0, now - createdMs);
}

function isoMs(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** Builds a pending / succeeded / failed observation from a status. */
function observe<T>(
  classify: Classifier,
  service: ServiceName,
  status: string,
  value: T,
  taskAgeMs: number | undefined,
  failure: { errorCode?: string | undefined; errorMessage?: string | undefined; requestId?: string | undefined } = {},
): Observation<T> {
  const phase = classify(status);
  if (phase === "succeeded") return { kind: "succeeded", status, value };
  if (phase === "failed") return { kind: "failed", status, value, ...failure };
  return { kind: "pending", status, value, taskAgeMs, known: knownStatus(service, status) };
}

// ---------------------------------------------------------------------------------------------------------- KPS

/** A KPS task that left the running list, as the group settled it. */
export type KpsFinal =
  | { status: string; serverId: string | undefined; errorCode?: string | undefined; errorMsg?: string | undefined; requestId?: string | undefined }
  | { notFound: true; error: unknown };

/** One fetch of the project's KPS tasks: the running list plus the final state of interesting tasks that left it. */
export interface KpsSnapshot {
  running: Map<string, KpsListedTask>;
  finals: Map<string, KpsFinal>;
  requestId: string | undefined;
}

/**
 * The KPS scope fetch: one `running-tasks` read per tick for every KPS waiter of the project. Waited tasks absent
 * from it are settled with as few reads as possible: one by-id read when one task left, one `failed-tasks` read
 * when several left at once (a task absent from both lists, last seen running, succeeded), a by-id read for a
 * task never seen running.
 */
export function kpsScopeFetch(client: TaskApiClient, now: () => number, book: DurationBook) {
  const lastSeen = new Map<string, { operateType: string | undefined; taskTime: number | undefined; at: number }>();
  const settled = new Map<string, KpsFinal>();
  let failedCache: { at: number; byId: Map<string, KpsListedTask> } | undefined;

  const failedList = async (signal: AbortSignal, at: number) => {
    if (failedCache && failedCache.at === at) return failedCache.byId;
    const res = await listAll<KpsFailedWire>(client, kpsListFailedTasks, {}, { signal });
    failedCache = { at, byId: new Map(res.items.map((t) => [t.task_id, toKpsListedTask(t)])) };
    return failedCache.byId;
  };

  const learnInto = (finals: Map<string, KpsFinal>, at: number, id: string, final: KpsFinal) => {
      finals.set(id, final);
      if ("status" in final) {
        settled.set(id, final);
        if (settled.size > 10_000) settled.clear();
        const seen = lastSeen.get(id);
        if (seen?.taskTime !== undefined) {
          book.record("kps", kpsOperation(final.status), (seen.at + at) / 2 - seen.taskTime, id);
        }
      }
    };
  const readById = async (signal: AbortSignal, at: number, id: string): Promise<KpsFinal> => {
      try {
        const one = await client.call(kpsShowTask, { path: { task_id: id } }, { signal });
        const t = toKpsTask(one.data);
        let final: KpsFinal = { status: t.taskStatus, serverId: t.serverId, requestId: one.requestId };
        if (t.phase === "failed") {
          const failed = (await failedList(signal, at)).get(id);
          final = { ...final, errorCode: failed?.taskErrorCode, errorMsg: failed?.taskErrorMsg };
        }
        return final;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return { notFound: true as const, error: err };
        throw err;
      }
    };

  return async (signal: AbortSignal, interests: ReadonlySet<string>): Promise<KpsSnapshot> => {
    const at = now();
    const learn = (finals: Map<string, KpsFinal>, id: string, final: KpsFinal) => learnInto(finals, at, id, final);
    const byId = (id: string) => readById(signal, at, id);
    const ids = [...interests].filter((i) => i !== "*");
    if (ids.length === 1 && !interests.has("*")) {
      // One waiter: a by-id read costs the same one call as the list and shows the final state at once.
      const id = ids[0] as string;
      const known = settled.get(id);
      const final = known ?? (await byId(id));
      const running = new Map<string, KpsListedTask>();
      const finals = new Map<string, KpsFinal>();
      if ("status" in final && SERVICES.kps.classify(final.status) === "pending") {
        running.set(id, { taskId: id, operateType: final.status, taskTime: lastSeen.get(id)?.taskTime, serverId: final.serverId, serverName: undefined, keypairName: undefined, phase: "pending" });
      } else learn(finals, id, final);
      return { running, finals, requestId: "requestId" in final ? final.requestId : undefined };
    }
    const res = await listAll<KpsFailedWire>(client, kpsListRunningTasks, {}, { signal });
    const running = new Map(res.items.map((t) => [t.task_id, toKpsListedTask(t)]));
    const finals = new Map<string, KpsFinal>();
    const absentSeen: string[] = [];
    const absentUnseen: string[] = [];
    for (const id of interests) {
      if (id === "*" || running.has(id)) continue;
      const known = settled.get(id);
      if (known) finals.set(id, known);
      else if (lastSeen.has(id)) absentSeen.push(id);
      else absentUnseen.push(id);
    }
    if (absentSeen.length >= 2) {
      const failed = await failedList(signal, at);
      for (const id of absentSeen) {
        const f = failed.get(id);
        const op = kpsOperation(lastSeen.get(id)?.operateType ?? "") ?? "";
        learn(
          finals,
          id,
          f
            ? { status: f.operateType ?? `FAILED_${op}`, serverId: f.serverId, errorCode: f.taskErrorCode, errorMsg: f.taskErrorMsg }
            : { status: `SUCCESS_${op}`, serverId: undefined },
        );
      }
    } else {
      absentUnseen.push(...absentSeen);
    }
    for (const id of absentUnseen) {
      const final = await byId(id);
      // A by-id read can still show the task pending (the lists lag): keep it unsettled.
      if ("status" in final && SERVICES.kps.classify(final.status) === "pending") {
        running.set(id, { taskId: id, operateType: final.status, taskTime: undefined, serverId: final.serverId, serverName: undefined, keypairName: undefined, phase: "pending" });
      } else learn(finals, id, final);
    }
    for (const [id, t] of running) lastSeen.set(id, { operateType: t.operateType, taskTime: t.taskTime, at });
    if (lastSeen.size > 10_000) lastSeen.clear();
    return { running, finals, requestId: res.requestIds[0] };
  };
}

/** What a KPS snapshot says about task `taskId`. */
export function kpsTaskObservation(snap: KpsSnapshot, taskId: string, classify: Classifier, now: number): Observation<KpsTask> {
  const final = snap.finals.get(taskId);
  if (final && "notFound" in final) return { kind: "not-found", error: final.error };
  if (final) {
    const task: KpsTask = {
      taskId,
      serverId: final.serverId,
      taskStatus: final.status,
      phase: classify(final.status),
      operation: kpsOperation(final.status),
    };
    return observe(classify, "kps", final.status, task, undefined, { errorCode: final.errorCode, errorMessage: final.errorMsg, requestId: final.requestId });
  }
  const r = snap.running.get(taskId);
  if (!r) return { kind: "pending", status: undefined };
  const status = r.operateType ?? "RUNNING";
  const task: KpsTask = { taskId, serverId: r.serverId, taskStatus: status, phase: classify(status), operation: kpsOperation(status) };
  return observe(classify, "kps", status, task, ageOf(r.taskTime, now), { requestId: snap.requestId });
}

// ------------------------------------------------------------------------------------ list-scoped (DCS, RocketMQ, CSMS)

/** A snapshot of a list-scoped service: its tasks, newest first. */
export interface ListSnapshot<T> {
  tasks: T[];
  requestId: string | undefined;
}

/** The RocketMQ scope fetch: one instance task list per tick (every page), teaching durations of finished tasks. */
export function rocketmqScopeFetch(client: TaskApiClient, instanceId: string, book: DurationBook) {
  return async (signal: AbortSignal): Promise<ListSnapshot<RocketMqTask>> => {
    const res = await listAll<RocketMqWire>(client, rocketmqListTasks, { path: { instance_id: instanceId } }, { signal });
    const tasks = res.items.map(toRocketMqTask);
    learnFromList(book, "rocketmq", tasks);
    return { tasks, requestId: res.requestIds[0] };
  };
}

/**
 * The DCS scope fetch: one task-center window per tick for the whole project. Interests carry their window start
 * (`...@<epoch ms>`); the window opens 10 minutes before the earliest.
 */
export function dcsScopeFetch(client: TaskApiClient, book: DurationBook) {
  return async (signal: AbortSignal, interests: ReadonlySet<string>): Promise<ListSnapshot<DcsTask>> => {
    let from = Infinity;
    for (const i of interests) {
      const at = Number(i.slice(i.lastIndexOf("@") + 1));
      if (Number.isFinite(at)) from = Math.min(from, at);
    }
    const start = Number.isFinite(from) ? toCompactUtc(new Date(from - 10 * 60_000)) : undefined;
    const res = await listAll<DcsWire>(client, dcsListTasks, { query: { start_time: start } }, { signal });
    const tasks = res.items.map(toDcsTask);
    learnFromList(book, "dcs", tasks);
    return { tasks, requestId: res.requestIds[0] };
  };
}

/** Durations of finished tasks in a list (`created_at` → `updated_at`). */
function learnFromList(book: DurationBook, service: "dcs" | "rocketmq", tasks: readonly (DcsTask | RocketMqTask)[]): void {
  for (const t of tasks) {
    if (t.phase === "pending") continue;
    const start = isoMs(t.createdAt);
    const end = isoMs(t.updatedAt);
    if (start !== undefined && end !== undefined && end > start) book.record(service, t.name, end - start, t.id);
  }
}

/**
 * The CSMS scope fetch: one list per secret per tick (newest first, up to 200 tasks), or one `task_id` read for a
 * task whose secret is not known yet. Teaches rotation durations from completions it sees happen.
 */
export function csmsScopeFetch(client: TaskApiClient, scope: { secretName: string } | { taskId: string }, now: () => number, book: DurationBook) {
  const pendingSince = new Map<string, { taskTime: number | undefined; at: number }>();
  return async (signal: AbortSignal): Promise<ListSnapshot<CsmsTask>> => {
    const at = now();
    const query = "secretName" in scope ? { secret_name: scope.secretName } : { task_id: scope.taskId };
    const res = await listAll<CsmsWire>(client, csmsListTasks, { query }, { signal, maxItems: 200, pageSize: 50 });
    const tasks = res.items.map(toCsmsTask);
    for (const t of tasks) {
      const seen = pendingSince.get(t.taskId);
      if (t.phase === "pending") pendingSince.set(t.taskId, { taskTime: t.taskTime, at });
      else if (seen) {
        pendingSince.delete(t.taskId);
        if (seen.taskTime !== undefined) book.record("csms", "ROTATE", (seen.at + at) / 2 - seen.taskTime, t.taskId);
      }
    }
    return { tasks, requestId: res.requestIds[0] };
  };
}

/** How a waiter finds its task in a list: by id, by job id, or by name created after a time. */
export type ListMatch = { id: string } | { jobId: string } | { name: string; after: number };

/** Tolerance on `after` for clock differences between caller and service. */
export const AFTER_TOLERANCE_MS = 5000;

function matches<T extends { name?: string; jobId?: string | undefined }>(
  tasks: readonly T[],
  match: ListMatch,
  idOf: (t: T) => string,
  createdOf: (t: T) => number | undefined,
  nameOf: (t: T) => string | undefined,
): T | undefined {
  if ("id" in match) return tasks.find((t) => idOf(t) === match.id);
  if ("jobId" in match) return tasks.find((t) => t.jobId === match.jobId);
  const candidates = tasks.filter((t) => nameOf(t) === match.name && (createdOf(t) ?? -Infinity) >= match.after - AFTER_TOLERANCE_MS);
  return candidates.sort((a, b) => (createdOf(a) ?? 0) - (createdOf(b) ?? 0))[0];
}

/** What a RocketMQ snapshot says about the matched task. */
export function rocketmqObservation(snap: ListSnapshot<RocketMqTask>, match: ListMatch, classify: Classifier, now: number): Observation<RocketMqTask> {
  const t = matches(snap.tasks, match, (x) => x.id, (x) => isoMs(x.createdAt), (x) => x.name);
  if (!t) return "id" in match ? { kind: "not-found" } : { kind: "pending", status: undefined };
  return observe(classify, "rocketmq", t.status, t, ageOf(isoMs(t.createdAt), now), { requestId: snap.requestId });
}

/** What a DCS snapshot says about the matched task. */
export function dcsObservation(snap: ListSnapshot<DcsTask>, match: ListMatch, classify: Classifier, now: number): Observation<DcsTask> {
  const t = matches(snap.tasks, match, (x) => x.id, (x) => isoMs(x.createdAt), (x) => x.name);
  if (!t) return "name" in match ? { kind: "pending", status: undefined } : { kind: "not-found" };
  return observe(classify, "dcs", t.status, t, ageOf(isoMs(t.createdAt), now), { errorCode: t.errorCode, requestId: snap.requestId });
}

/** What a CSMS snapshot says about the matched task. */
export function csmsObservation(snap: ListSnapshot<CsmsTask>, match: { id: string } | { after: number }, classify: Classifier, now: number): Observation<CsmsTask> {
  const t =
    "id" in match
      ? snap.tasks.find((x) => x.taskId === match.id)
      : [...snap.tasks].filter((x) => (x.taskTime ?? -Infinity) >= match.after - AFTER_TOLERANCE_MS).sort((a, b) => (a.taskTime ?? 0) - (b.taskTime ?? 0))[0];
  if (!t) return "id" in match ? { kind: "not-found" } : { kind: "pending", status: undefined };
  return observe(classify, "csms", t.taskStatus, t, ageOf(t.taskTime, now), {
    errorCode: t.taskErrorCode,
    errorMessage: t.taskErrorMsg,
    requestId: snap.requestId,
  });
}
