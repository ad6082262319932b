/**
 * Watching DCS tasks: the project's task center (one scope per project), or one instance's task list (one scope
 * per instance, `GET /v2/{project_id}/instances/{instance_id}/tasks`). A tick reads the list (every page) over the
 * window the current waiters need: from shortly before the earliest `after` of the waits by name, from shortly
 * before the creation of tasks awaited by id or job id once seen (unbounded until then, so a task created days ago
 * is found), and over the last week for gates. Each entry carries its task's own status, so it is authoritative for
 * that task. (DCS has no read of a background task by id: absence is "not found" until the grace runs out.)
 *
 * {@link dcsRead} and {@link dcsBusy} are pure: a snapshot in, one waiter's read out.
 * @module
 */
import { dcsListInstanceTasks, dcsListTasks } from "../../endpoints";
import { listAll } from "../../http/paging";
import type { ScopeSpec, TaskRead, WatchContext } from "../../core/plan";
import { toCompactUtc } from "../../util/time";
import type { GroupFetch } from "../../waiter/hub";
import { busyListed, findListed, isoMs, learnFromList, listedRead, type ListMatch } from "../listed";
import { toDcsTask, type DcsWire } from "./model";
import type { DcsTask } from "./types";

/** What a DCS interest asks: a task (by id, job id, or name after a time), or idleness. */
export type DcsInterest = { match: ListMatch } | { idle: true };

/** One tick of the DCS task center. */
export interface DcsSnapshot {
  tasks: readonly DcsTask[];
  requestId: string | undefined;
}

/** How far before an anchor the window opens (clock differences, queueing). */
const SLACK_MS = 10 * 60_000;
/** How far back a gate looks for tasks in progress. */
const GATE_WINDOW_MS = 7 * 24 * 3_600_000;

/** What a snapshot says about the task `match` designates. `undefined`: not shown yet (a wait by name). */
export function dcsRead(s: DcsSnapshot, match: ListMatch, now: number): TaskRead<DcsTask> | undefined {
  const t = findListed(s.tasks, match);
  if (t) return listedRead(t, now, s.requestId, t.errorCode);
  return "name" in match ? undefined : { kind: "absent", requestId: s.requestId };
}

/** The tasks in progress of a snapshot's list (the task center's, or one instance's). */
export function dcsBusy(s: DcsSnapshot): ReturnType<typeof busyListed> {
  return busyListed(s.tasks);
}

const anchorKey = (m: { id: string } | { jobId: string }) => ("id" in m ? `id:${m.id}` : `job:${m.jobId}`);

/** Reads every page of one DCS task list from `start` (`yyyyMMddHHmmss`; the whole list when `undefined`). */
type DcsList = (ctx: WatchContext, start: string | undefined, signal: AbortSignal) => ReturnType<typeof listAll<DcsWire>>;

function dcsWatch(ctx: WatchContext, list: DcsList): GroupFetch<DcsSnapshot, DcsInterest> {
  const anchors = new Map<string, number>();
  return async (signal, interests) => {
    let from = Infinity;
    let unbounded = false;
    for (const i of interests.values()) {
      if ("idle" in i) from = Math.min(from, ctx.now() - GATE_WINDOW_MS);
      else if ("name" in i.match) from = Math.min(from, i.match.after - SLACK_MS);
      else {
        const at = anchors.get(anchorKey(i.match));
        if (at === undefined) unbounded = true;
        else from = Math.min(from, at - SLACK_MS);
      }
    }
    const start = unbounded || !Number.isFinite(from) ? undefined : toCompactUtc(new Date(Math.max(0, from)));
    const res = await list(ctx, start, signal);
    const tasks = res.items.map(toDcsTask);
    learnFromList(ctx.durations, "dcs", tasks);
    for (const i of interests.values()) {
      if ("idle" in i || "name" in i.match) continue;
      const created = isoMs(findListed(tasks, i.match)?.createdAt);
      if (created !== undefined) anchors.set(anchorKey(i.match), created);
    }
    if (anchors.size > 10_000) anchors.clear();
    return { tasks, requestId: res.requestIds[0] };
  };
}

/** The project's task center. */
export const DCS_PROJECT: ScopeSpec<DcsSnapshot, DcsInterest> = {
  key: "project",
  watch: (ctx) => dcsWatch(ctx, (c, start, signal) => listAll<DcsWire>(c.client, dcsListTasks, { query: { start_time: start } }, { ...c.call(), signal })),
};

/** One instance's task list. */
export function dcsInstanceScope(instanceId: string): ScopeSpec<DcsSnapshot, DcsInterest> {
  return {
    key: `instance:${instanceId}`,
    watch: (ctx) =>
      dcsWatch(ctx, (c, start, signal) =>
        listAll<DcsWire>(c.client, dcsListInstanceTasks, { path: { instance_id: instanceId }, query: { start_time: start } }, { ...c.call(), signal }),
      ),
  };
}
