/**
 * Watching the DCS task center. One scope per project; a tick reads the task center (every page) over the window
 * the current waiters need: from shortly before the earliest `after` of the waits by name, from shortly before the
 * creation of tasks awaited by id or job id once seen (unbounded until then, so a task created days ago is found),
 * and over the last week for gates. Each entry carries its task's own status, so it is authoritative for that task.
 *
 * {@link dcsRead} and {@link dcsBusy} are pure: a snapshot in, one waiter's read out.
 * @module
 */
import { dcsListTasks } from "../../endpoints";
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

/** The tasks in progress, of one instance (tasks whose parameters name it) or of the whole task center. */
export function dcsBusy(s: DcsSnapshot, instanceId: string | undefined): ReturnType<typeof busyListed> {
  return busyListed(s.tasks, (t) => instanceId === undefined || ((t as DcsTask).params ?? "").includes(instanceId));
}

const anchorKey = (m: { id: string } | { jobId: string }) => ("id" in m ? `id:${m.id}` : `job:${m.jobId}`);

function dcsWatch(ctx: WatchContext): GroupFetch<DcsSnapshot, DcsInterest> {
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
    const res = await listAll<DcsWire>(ctx.client, dcsListTasks, { query: { start_time: start } }, { ...ctx.call(), signal });
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
export const DCS_PROJECT: ScopeSpec<DcsSnapshot, DcsInterest> = { key: "project", watch: dcsWatch };
