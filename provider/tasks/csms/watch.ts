/**
 * Watching CSMS rotation tasks. Two kinds of scope: a secret (its rotations, newest first, one page per tick) for
 * waits and gates that name the secret, and the project (every secret's rotations, newest first, one page per tick)
 * for waits by task id, so that many waits by id share one read. Each list entry carries its task's own status, so
 * it is authoritative for that task. A watched task absent from the page is read by id (`task_id` query) — one read
 * per absent task, its failure that task's own; absence alone never ends a wait.
 *
 * {@link csmsTaskRead}, {@link csmsMatch} and {@link csmsBusy} are pure: a snapshot in, one waiter's read out.
 * @module
 */
import { csmsListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import { failedRead, ownRead, readById, sharedFailureIsEveryones, type ByIdResult, type ScopeSpec, type TaskRead, type WatchContext } from "../../core/plan";
import type { GroupFetch } from "../../waiter/hub";
import { CSMS_STATUSES, toCsmsTask, type CsmsWire } from "./model";
import type { CsmsTask } from "./types";

/** What a CSMS interest asks: a task by id, a secret's rotation (after a time, or its latest), or idleness. */
export type CsmsInterest = { taskId: string } | { after: number } | { latest: true } | { idle: true };

/** One tick of a CSMS scope. */
export interface CsmsSnapshot {
  /** The scope's newest tasks, newest first. */
  tasks: readonly CsmsTask[];
  /** Reads by id of watched tasks absent from the page: this tick's, and the final ones of earlier ticks. */
  byId: ReadonlyMap<string, ByIdResult<CsmsWire | undefined>>;
  /** `X-Request-Id` of the page. */
  requestId: string | undefined;
  /** Why the page is missing: its read failed for a reason retrying will not fix (waits by id go on by id). */
  listError?: unknown;
}

/** Tolerance on `after` for clock differences between caller and service. */
export const AFTER_TOLERANCE_MS = 5000;

/** Tasks of the newest page a tick reads. */
const PAGE = 200;

function asRead(t: CsmsTask, now: number, requestId: string | undefined): TaskRead<CsmsTask> {
  return ownRead(t, t.taskStatus, t.taskTime, now, { errorCode: t.taskErrorCode, errorMessage: t.taskErrorMsg, requestId });
}

/** What a snapshot says about task `id`. `undefined`: nothing this tick. */
export function csmsTaskRead(s: CsmsSnapshot, id: string, now: number): TaskRead<CsmsTask> | undefined {
  const listed = s.tasks.find((t) => t.taskId === id);
  if (listed) return asRead(listed, now, s.requestId);
  const by = s.byId.get(id);
  if (!by) return undefined;
  if (by.ok) return by.wire ? asRead(toCsmsTask(by.wire), now, by.requestId) : { kind: "absent", requestId: by.requestId };
  return failedRead(by);
}

/** The task a secret's waiter is after: its first rotation started at or after `after`, or its latest. */
export function csmsMatch(s: CsmsSnapshot, match: { after: number } | { latest: true }): CsmsTask | undefined {
  if ("latest" in match) return s.tasks[0];
  return s.tasks
    .filter((t) => (t.taskTime ?? -Infinity) >= match.after - AFTER_TOLERANCE_MS)
    .sort((a, b) => (a.taskTime ?? 0) - (b.taskTime ?? 0))[0];
}

/** The rotations in progress on a secret, or why the secret's page could not be read. */
export function csmsBusy(s: CsmsSnapshot): CsmsTask[] | { error: unknown } {
  if (s.listError !== undefined) return { error: s.listError };
  return s.tasks.filter((t) => CSMS_STATUSES.classify(t.taskStatus) === "pending");
}

/** A secret's scope, or (without a name) the project's. */
export function csmsScope(secretName: string | undefined): ScopeSpec<CsmsSnapshot, CsmsInterest> {
  return { key: secretName === undefined ? "project" : `secret:${secretName}`, watch: (ctx) => csmsWatch(ctx, secretName) };
}

function csmsWatch(ctx: WatchContext, secretName: string | undefined): GroupFetch<CsmsSnapshot, CsmsInterest> {
  const finals = new Map<string, ByIdResult<CsmsWire | undefined>>();
  const pendingSince = new Map<string, { taskTime: number | undefined; at: number }>();
  return async (signal, interests) => {
    const at = ctx.now();
    const call = { ...ctx.call(), signal };
    const query = secretName === undefined ? {} : { secret_name: secretName };
    let tasks: CsmsTask[] = [];
    let requestId: string | undefined;
    let listError: unknown;
    try {
      const res = await listAll<CsmsWire>(ctx.client, csmsListTasks, { query }, { ...call, maxItems: PAGE, pageSize: PAGE });
      tasks = res.items.map(toCsmsTask);
      requestId = res.requestIds[0];
    } catch (error) {
      // Shared: see sharedFailureIsEveryones; otherwise waits by id go on with their own reads.
      if (sharedFailureIsEveryones(error) || ![...interests.values()].some((i) => "taskId" in i)) throw error;
      listError = error;
    }
    const listed = new Set(tasks.map((t) => t.taskId));
    const byId = new Map<string, ByIdResult<CsmsWire | undefined>>();
    const open: string[] = [];
    for (const i of interests.values()) {
      if (!("taskId" in i) || listed.has(i.taskId)) continue;
      const final = finals.get(i.taskId);
      if (final) byId.set(i.taskId, final);
      else open.push(i.taskId);
    }
    for (let k = 0; k < open.length; k += 8) {
      const batch = open.slice(k, k + 8);
      const reads = await Promise.all(
        batch.map((id) =>
          readById(async () => {
            const one = await ctx.client.call(csmsListTasks, { query: { task_id: id } }, call);
            return { data: one.data.tasks.find((t) => t.task_id === id), requestId: one.requestId };
          }),
        ),
      );
      batch.forEach((id, n) => {
        const r = reads[n] as ByIdResult<CsmsWire | undefined>;
        byId.set(id, r);
        if (r.ok && r.wire && CSMS_STATUSES.classify(toCsmsTask(r.wire).taskStatus) !== "pending") finals.set(id, r);
      });
    }
    // Durations of the rotations this scope saw happen.
    const seen = [...tasks, ...[...byId.values()].flatMap((r) => (r.ok && r.wire ? [toCsmsTask(r.wire)] : []))];
    for (const t of seen) {
      const since = pendingSince.get(t.taskId);
      if (t.phase === "pending") pendingSince.set(t.taskId, { taskTime: t.taskTime, at });
      else if (since) {
        pendingSince.delete(t.taskId);
        if (since.taskTime !== undefined) ctx.durations.record("csms", "ROTATE", (since.at + at) / 2 - since.taskTime, t.taskId);
      }
    }
    if (finals.size > 10_000) finals.clear();
    if (pendingSince.size > 10_000) pendingSince.clear();
    return { tasks, byId, requestId, ...(listError === undefined ? {} : { listError }) };
  };
}
