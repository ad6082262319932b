/**
 * What DCS task-center tasks and RocketMQ instance tasks share: both are listed with their own status, ids, names
 * and ISO creation and update times; a waiter finds its task by id, by job id, or by name when created after a time,
 * and then follows that task by id.
 * @module
 */
import { ownRead, type TaskRead } from "../core/plan";
import type { Phase } from "../core/status";
import type { DurationBook } from "../waiter/durations";

/** How a waiter finds its task in a list: by id, by job id, or by name created after a time (epoch ms). */
export type ListMatch = { id: string } | { jobId: string } | { name: string; after: number };

/** A listed task, as far as matching needs it. */
export interface Listed {
  id: string;
  name: string;
  jobId?: string | undefined;
  createdAt: string | undefined;
  updatedAt: string | undefined;
  status: string;
  phase: Phase;
}

/** Tolerance on `after` for clock differences between caller and service. */
export const AFTER_TOLERANCE_MS = 5000;

/** Epoch ms of an ISO time; `undefined` when absent or unparsable. */
export function isoMs(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** The task `match` designates: by id or job id exactly; by name, the earliest created at or after `after`. */
export function findListed<T extends Listed>(tasks: readonly T[], match: ListMatch): T | undefined {
  if ("id" in match) return tasks.find((t) => t.id === match.id);
  if ("jobId" in match) return tasks.find((t) => t.jobId === match.jobId);
  return tasks
    .filter((t) => t.name === match.name && (isoMs(t.createdAt) ?? -Infinity) >= match.after - AFTER_TOLERANCE_MS)
    .sort((a, b) => (isoMs(a.createdAt) ?? 0) - (isoMs(b.createdAt) ?? 0))[0];
}

/** A list entry as a read: it carries the task's own status, so it is authoritative for that task. */
export function listedRead<T extends Listed>(t: T, now: number, requestId: string | undefined, errorCode?: string): TaskRead<T> {
  return ownRead(t, t.status, isoMs(t.createdAt), now, { requestId, ...(errorCode === undefined ? {} : { errorCode }) });
}

/** Learns the durations of the finished tasks of a list (`created_at` → `updated_at`). */
export function learnFromList(book: DurationBook, service: "dcs" | "rocketmq", tasks: readonly Listed[]): void {
  for (const t of tasks) {
    if (t.phase === "pending") continue;
    const start = isoMs(t.createdAt);
    const end = isoMs(t.updatedAt);
    if (start !== undefined && end !== undefined && end > start) book.record(service, t.name, end - start, t.id);
  }
}

/** The in-progress tasks of a list, as a gate sees them. */
export function busyListed(tasks: readonly Listed[], keep: (t: Listed) => boolean = () => true): { id: string; name: string; createdMs: number | undefined }[] {
  return tasks.filter((t) => t.phase === "pending" && keep(t)).map((t) => ({ id: t.id, name: t.name, createdMs: isoMs(t.createdAt) }));
}
