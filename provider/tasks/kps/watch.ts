/**
 * Watching KPS tasks. One scope per project: every KPS waiter of the project (and every KPS idle gate) reads through
 * it. A tick reads `running-tasks` (every page) when more than one task is watched, when a gate needs the list, or
 * when a task's age is not known yet (the list carries `task_time`); a single task whose age is known (from the
 * list, or from its waiter's `startedAt`) is read by id alone: one call, where the list would cost two once the task
 * left it. A watched task absent from the running list is *looked at*: read by id, and when that read says it
 * failed, `failed-tasks` is read (once per tick, for all of them) for its error code and message. Absence alone
 * never ends a wait. Reads by id are per task: a 400 or a 404 on one task's read is that task's, and a failure of
 * the shared list is retried for everyone (or, when it is not transient, replaced by reads by id).
 *
 * {@link kpsTaskRead} and {@link kpsBusy} are pure: a snapshot in, one task's read out.
 * @module
 */
import { kpsListFailedTasks, kpsListRunningTasks, kpsShowTask } from "../../endpoints";
import { listAll } from "../../http/paging";
import { failedRead, isTransient, readById, sharedFailureIsEveryones, type ByIdResult, type TaskRead, type WatchContext } from "../../core/plan";
import type { GroupFetch } from "../../waiter/hub";
import { KPS_STATUSES, kpsOperation, listedAsTask, toKpsListedTask, toKpsTask, type KpsFailedWire, type KpsShowWire } from "./model";
import type { KpsListedTask, KpsTask } from "./types";

/** The interest key of an idle gate (it needs the running list). */
export const KPS_IDLE = "*";

/**
 * What a KPS interest asks: a task by id, or (for gates) the running list. `startKnown`: the waiter was told the
 * task's start, so it needs no `task_time` from the list to know the task's age.
 */
export type KpsInterest = { taskId: string; startKnown?: boolean } | { idle: true };

/** One tick of the KPS project scope. */
export interface KpsSnapshot {
  /** `running-tasks`, when read this tick. */
  running: ReadonlyMap<string, KpsListedTask> | undefined;
  /** Why the running list is missing, when reading it failed. */
  runningError?: unknown;
  /** `failed-tasks`, when read this tick. */
  failed: ReadonlyMap<string, KpsListedTask> | undefined;
  /** Why the failed list is missing, when it was needed and reading it failed. */
  failedError?: unknown;
  /** Reads by id: this tick's, and the final ones of earlier ticks. */
  byId: ReadonlyMap<string, ByIdResult<KpsShowWire>>;
  /** `task_time` (epoch ms) of tasks seen in the running list. */
  startedAt: ReadonlyMap<string, number>;
  /** `X-Request-Id` of the running list. */
  requestId: string | undefined;
}

function ageAt(s: KpsSnapshot, id: string, now: number): number | undefined {
  const t = s.startedAt.get(id);
  return t === undefined ? undefined : Math.max(0, now - t);
}

/** What a snapshot says about task `id`. `undefined`: nothing this tick (pending, not looked at). */
export function kpsTaskRead(s: KpsSnapshot, id: string, now: number): TaskRead<KpsTask> | undefined {
  const by = s.byId.get(id);
  const failedEntry = s.failed?.get(id);
  if (by?.ok) {
    const task = toKpsTask(by.wire);
    const failed = task.phase === "failed";
    // A failure read by id carries no error: the failed-tasks entry does. When that list could not be read for a
    // transient reason, try again next tick rather than report a failure without its cause.
    if (failed && !failedEntry && s.failed === undefined && s.failedError !== undefined && isTransient(s.failedError)) {
      return { kind: "error", error: s.failedError };
    }
    return {
      kind: "task",
      task,
      status: task.taskStatus,
      authoritative: true,
      ageMs: task.phase === "pending" ? ageAt(s, id, now) : undefined,
      requestId: by.requestId,
      ...(failed ? { errorCode: failedEntry?.taskErrorCode, errorMessage: failedEntry?.taskErrorMsg } : {}),
    };
  }
  if (failedEntry && failedEntry.phase === "failed") {
    // A failed-tasks entry carries the task's own terminal status: authoritative.
    const task = listedAsTask(failedEntry, "FAILED");
    return { kind: "task", task, status: task.taskStatus, authoritative: true, errorCode: failedEntry.taskErrorCode, errorMessage: failedEntry.taskErrorMsg };
  }
  const running = s.running?.get(id);
  if (running) {
    const task = listedAsTask(running, "RUNNING");
    // The running list shows work in progress; a terminal status there is not taken as a verdict.
    return { kind: "task", task, status: task.taskStatus, authoritative: false, ageMs: ageAt(s, id, now), requestId: s.requestId };
  }
  if (by && !by.ok) return failedRead(by);
  return undefined;
}

/** The tasks in progress of a project, or of one server, as a gate sees them. */
export function kpsBusy(s: KpsSnapshot, serverId: string | undefined): KpsListedTask[] | { error: unknown } {
  if (!s.running) return { error: s.runningError };
  return [...s.running.values()].filter((t) => serverId === undefined || t.serverId === serverId);
}

const phaseOf = (w: KpsShowWire) => KPS_STATUSES.classify(toKpsTask(w).taskStatus);

/** Reads by id run at most this many at once. */
const BY_ID_CONCURRENCY = 8;

async function inBatches<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map(fn))));
  return out;
}

/** Keeps a map bounded by dropping its oldest entries. */
function bounded<K, V>(map: Map<K, V>, max = 10_000): void {
  for (const k of map.keys()) {
    if (map.size <= max) break;
    map.delete(k);
  }
}

/** The KPS project scope's fetch. */
export function kpsWatch(ctx: WatchContext): GroupFetch<KpsSnapshot, KpsInterest> {
  const finals = new Map<string, ByIdResult<KpsShowWire>>();
  const startedAt = new Map<string, number>();
  const lastRunning = new Map<string, { operateType: string | undefined; at: number }>();

  const learn = (id: string, status: string, at: number) => {
    const seen = lastRunning.get(id);
    const start = startedAt.get(id);
    if (seen && start !== undefined) ctx.durations.record("kps", kpsOperation(status), (seen.at + at) / 2 - start, id);
    lastRunning.delete(id);
  };

  return async (signal, interests) => {
    const at = ctx.now();
    const call = { ...ctx.call(), signal };
    const watched = [...interests.values()].flatMap((i) => ("taskId" in i ? [i] : []));
    const ids = watched.map((i) => i.taskId);
    const gate = ids.length < interests.size;
    const lone = ids.length === 1 && !gate ? watched[0] : undefined;
    // A single task whose age is known (learned from the list, or told by its waiter) is read by id alone.
    const needList = lone === undefined || (!finals.has(lone.taskId) && !startedAt.has(lone.taskId) && !lone.startKnown);

    const snap: { running?: Map<string, KpsListedTask>; runningError?: unknown; failed?: Map<string, KpsListedTask>; failedError?: unknown; requestId?: string } = {};
    if (needList) {
      try {
        const res = await listAll<KpsFailedWire>(ctx.client, kpsListRunningTasks, {}, call);
        snap.running = new Map(res.items.map((t) => [t.task_id, toKpsListedTask(t)]));
        snap.requestId = res.requestIds[0];
        for (const [id, t] of snap.running) {
          if (t.taskTime !== undefined) startedAt.set(id, t.taskTime);
          lastRunning.set(id, { operateType: t.operateType, at });
        }
      } catch (error) {
        // Shared: see sharedFailureIsEveryones; otherwise the watched tasks are read by id below.
        if (sharedFailureIsEveryones(error) || ids.length === 0) throw error;
        snap.runningError = error;
      }
    }
    const failedList = async () => {
      if (snap.failed || snap.failedError !== undefined) return;
      try {
        const res = await listAll<KpsFailedWire>(ctx.client, kpsListFailedTasks, {}, call);
        snap.failed = new Map(res.items.map((t) => [t.task_id, toKpsListedTask(t)]));
      } catch (error) {
        snap.failedError = error;
      }
    };
    const byId = new Map<string, ByIdResult<KpsShowWire>>();
    const open: string[] = [];
    for (const id of ids) {
      const final = finals.get(id);
      if (final) byId.set(id, final);
      else if (!snap.running?.has(id)) open.push(id);
    }
    const reads = await inBatches(open, BY_ID_CONCURRENCY, (id) =>
      readById<KpsShowWire>(() => ctx.client.call(kpsShowTask, { path: { task_id: id } }, call)),
    );
    open.forEach((id, i) => {
      const r = reads[i] as ByIdResult<KpsShowWire>;
      byId.set(id, r);
      if (r.ok && phaseOf(r.wire) !== "pending") {
        finals.set(id, r);
        learn(id, r.wire.task_status, at);
      }
    });
    // A failure read by id carries no error code or message: the failed-tasks entry does (one read for all of them).
    if ([...byId.values()].some((r) => r.ok && phaseOf(r.wire) === "failed")) await failedList();
    bounded(finals);
    bounded(startedAt);
    bounded(lastRunning);
    return {
      running: snap.running,
      runningError: snap.runningError,
      failed: snap.failed,
      failedError: snap.failedError,
      byId,
      startedAt: new Map(ids.flatMap((id) => (startedAt.has(id) ? [[id, startedAt.get(id) as number] as const] : []))),
      requestId: snap.requestId,
    };
  };
}
