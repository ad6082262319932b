/**
 * Watching a RocketMQ instance's tasks. One scope per instance; a tick reads the instance's task list (every page).
 * Each entry carries its task's own status, so it is authoritative for that task. A task awaited by id that the
 * list does not show is read by id (`GET .../tasks/{task_id}`, at most eight at once): absence from the list is a
 * reason to look, never a verdict, and each read's outcome (a 404 included) is that task's own. A failure of the
 * list that retrying fixes, a 401/403, or a 404 (the instance itself does not exist: the whole scope's answer) is
 * everyone's; any other leaves the waits by id to their reads by id.
 *
 * {@link rocketmqRead} and {@link rocketmqBusy} are pure: a snapshot in, one waiter's read out.
 * @module
 */
import { rocketmqListTasks, rocketmqShowTask } from "../../endpoints";
import { isApiError } from "../../errors";
import { listAll } from "../../http/paging";
import { failedRead, readById, sharedFailureIsEveryones, type ByIdResult, type ScopeSpec, type TaskRead, type WatchContext } from "../../core/plan";
import type { GroupFetch } from "../../waiter/hub";
import { findListed, learnFromList, listedRead, type ListMatch } from "../listed";
import { ROCKETMQ_STATUSES, toRocketMqTask, type RocketMqShowWire, type RocketMqWire } from "./model";
import type { RocketMqTask } from "./types";

/** What a RocketMQ interest asks: a task (by id, or name after a time), or idleness. */
export type RocketMqInterest = { match: ListMatch } | { idle: true };

/** One tick of an instance's task list. */
export interface RocketMqSnapshot {
  tasks: readonly RocketMqTask[];
  /** Reads by id of tasks awaited by id that the list does not show: this tick's, and the final ones of earlier ticks. */
  byId: ReadonlyMap<string, ByIdResult<RocketMqShowWire>>;
  requestId: string | undefined;
  /** Why the list is missing: its read failed for a reason retrying will not fix (waits by id go on by id). */
  listError?: unknown;
}

/** Reads by id run at most this many at once. */
const CONCURRENCY = 8;

/** The task a read by id shows: the answer's entry with that id (the answer is list-shaped). */
function shown(wire: RocketMqShowWire, id: string): RocketMqWire | undefined {
  return wire.tasks.find((t) => t.id === id);
}

/** What a snapshot says about the task `match` designates. `undefined`: not shown yet (a wait by name). */
export function rocketmqRead(s: RocketMqSnapshot, match: ListMatch, now: number): TaskRead<RocketMqTask> | undefined {
  const t = findListed(s.tasks, match);
  if (t) return listedRead(t, now, s.requestId);
  if ("id" in match) {
    const by = s.byId.get(match.id);
    if (by?.ok) {
      const w = shown(by.wire, match.id);
      return w ? listedRead(toRocketMqTask(w), now, by.requestId) : { kind: "absent", requestId: by.requestId };
    }
    if (by) return failedRead(by);
  }
  if (s.listError !== undefined) return { kind: "error", error: s.listError };
  return "name" in match ? undefined : { kind: "absent", requestId: s.requestId };
}

/** The tasks in progress of an instance, or why its list could not be read. */
export function rocketmqBusy(s: RocketMqSnapshot): RocketMqTask[] | { error: unknown } {
  if (s.listError !== undefined) return { error: s.listError };
  return s.tasks.filter((t) => t.phase === "pending");
}

function rocketmqWatch(ctx: WatchContext, instanceId: string): GroupFetch<RocketMqSnapshot, RocketMqInterest> {
  const finals = new Map<string, ByIdResult<RocketMqShowWire>>();
  return async (signal, interests) => {
    const call = { ...ctx.call(), signal };
    const ids = [...interests.values()].flatMap((i) => ("match" in i && "id" in i.match ? [i.match.id] : []));
    let tasks: RocketMqTask[] = [];
    let requestId: string | undefined;
    let listError: unknown;
    try {
      const res = await listAll<RocketMqWire>(ctx.client, rocketmqListTasks, { path: { instance_id: instanceId } }, call);
      tasks = res.items.map(toRocketMqTask);
      requestId = res.requestIds[0];
    } catch (error) {
      // Shared: see sharedFailureIsEveryones (and a 404: no such instance); otherwise waits by id go on by id.
      if (sharedFailureIsEveryones(error) || (isApiError(error) && error.status === 404) || ids.length === 0) throw error;
      listError = error;
    }
    const listed = new Set(tasks.map((t) => t.id));
    const byId = new Map<string, ByIdResult<RocketMqShowWire>>();
    const open: string[] = [];
    for (const id of ids) {
      if (listed.has(id) || byId.has(id) || open.includes(id)) continue;
      const final = finals.get(id);
      if (final) byId.set(id, final);
      else open.push(id);
    }
    for (let k = 0; k < open.length; k += CONCURRENCY) {
      const batch = open.slice(k, k + CONCURRENCY);
      const reads = await Promise.all(
        batch.map((id) => readById<RocketMqShowWire>(() => ctx.client.call(rocketmqShowTask, { path: { instance_id: instanceId, task_id: id } }, call))),
      );
      batch.forEach((id, i) => {
        const r = reads[i] as ByIdResult<RocketMqShowWire>;
        byId.set(id, r);
        const w = r.ok ? shown(r.wire, id) : undefined;
        if (w && ROCKETMQ_STATUSES.classify(toRocketMqTask(w).status) !== "pending") finals.set(id, r);
      });
    }
    const seenById = [...byId.entries()].flatMap(([id, r]) => (r.ok ? [shown(r.wire, id)] : [])).filter((w): w is RocketMqWire => w !== undefined);
    learnFromList(ctx.durations, "rocketmq", [...tasks, ...seenById.map(toRocketMqTask)]);
    if (finals.size > 10_000) finals.clear();
    return { tasks, byId, requestId, ...(listError === undefined ? {} : { listError }) };
  };
}

/** An instance's scope. */
export function rocketmqScope(instanceId: string): ScopeSpec<RocketMqSnapshot, RocketMqInterest> {
  return { key: `instance:${instanceId}`, watch: (ctx) => rocketmqWatch(ctx, instanceId) };
}
