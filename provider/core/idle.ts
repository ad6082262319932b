/**
 * What an idle gate sees: the tasks in progress in its scope. A scope is idle when the service's authoritative list
 * of the scope shows nothing in progress; the youngest busy task's type and age drive the schedule.
 * @module
 */
import type { TaskServiceName } from "../names";
import type { Observation } from "../waiter/poller";
import { isTransient, type ScopeSpec, type TaskRead, type WaitPlan } from "./plan";
import { statusSets } from "./status";

/** The tasks in progress at the last look. */
export interface Busy {
  ids: string[];
  /** The youngest busy task's type (for the duration model). */
  name: string | undefined;
  /** The youngest busy task's creation time, epoch ms. */
  createdMs: number | undefined;
}

/** One task in progress, as a gate needs it. */
export interface BusyTask {
  id: string;
  name: string | undefined;
  createdMs: number | undefined;
}

/** The status an idle scope reports. */
export const IDLE = "IDLE";

/** The statuses of a gate: `IDLE` is its success, `BUSY(n)` pending. */
export const IDLE_STATUSES = statusSets({ succeeded: [IDLE], failed: [], pending: [] });

/** A gate's read of a snapshot: its busy tasks, or the error that kept the scope's list from being read. */
export function busyRead(busy: readonly BusyTask[] | { error: unknown }, now: number): TaskRead<Busy> {
  if (!Array.isArray(busy)) return { kind: "error", error: (busy as { error: unknown }).error };
  const tasks = busy as readonly BusyTask[];
  const youngest = [...tasks].sort((a, b) => (b.createdMs ?? 0) - (a.createdMs ?? 0))[0];
  const value: Busy = { ids: tasks.map((t) => t.id), name: youngest?.name, createdMs: youngest?.createdMs };
  const ageMs = value.createdMs === undefined ? undefined : Math.max(0, now - value.createdMs);
  return { kind: "task", task: value, status: tasks.length === 0 ? IDLE : `BUSY(${tasks.length})`, authoritative: true, ageMs };
}

/** A gate's observation: idle is its success; busy is pending, with the youngest busy task's age. */
export function observeBusy(read: TaskRead<Busy> | undefined): Observation<Busy> {
  if (read === undefined) return { kind: "pending", status: undefined };
  if (read.kind === "error") return { kind: "error", error: read.error, transient: isTransient(read.error) };
  if (read.kind === "absent") return { kind: "pending", status: undefined };
  if (read.status === IDLE) return { kind: "succeeded", status: IDLE, value: read.task };
  return { kind: "pending", status: read.status, known: true, value: read.task, taskAgeMs: read.ageMs };
}

/**
 * The plan of a gate: `scope` read through `interest`, idle when `busyOf` finds nothing in progress.
 * @param target what the gate waits for, for messages (e.g. `kps server s-1 idle`).
 */
export function idlePlan<S, I>(
  service: TaskServiceName,
  target: string,
  scope: ScopeSpec<S, I>,
  interest: { key: string; value: NoInfer<I> },
  busyOf: (snapshot: S) => readonly BusyTask[] | { error: unknown },
): WaitPlan<S, I, Busy> {
  let name: string | undefined;
  return {
    service,
    statuses: IDLE_STATUSES,
    target,
    taskId: () => undefined,
    scope,
    interest,
    read: (snap, now) => {
      const r = busyRead(busyOf(snap), now);
      if (r.kind === "task") name = r.task.name;
      return r;
    },
    observe: observeBusy,
    typeName: () => name,
    placeholder: () => ({ ids: [], name: undefined, createdMs: undefined }),
  };
}
