/**
 * The wait plan DCS and RocketMQ share: a listed task found by id, job id or name after a time, then followed by id
 * (its interest moves to the id, so a list that stops showing it leads to a read by id where the service has one).
 * @module
 */
import type { ProgressReader, ScopeSpec, TaskRead, WaitPlan } from "../core/plan";
import type { StatusTable } from "../core/status";
import type { TaskServiceName } from "../names";
import type { ListMatch } from "./listed";

/** A name for what `match` designates, for messages. */
export function describeMatch(match: ListMatch): string {
  return "id" in match ? `task ${match.id}` : "jobId" in match ? `job ${match.jobId}` : `task named ${match.name}`;
}

/** What a listed-task plan needs from its service. */
export interface ListedPlanSpec<S, I, T extends { id: string; name: string }> {
  service: TaskServiceName;
  statuses: StatusTable;
  /** Human description for messages. */
  target: string;
  scope: ScopeSpec<S, I>;
  match: ListMatch;
  /** The scope's interest for a match. */
  interestOf: (match: ListMatch) => I;
  /** A waiter's read of a snapshot, for a match. */
  read: (snapshot: S, match: ListMatch, now: number) => TaskRead<T> | undefined;
  /** The task before the service shows it. */
  placeholder: (id: string, name: string) => T;
  progress?: ProgressReader<T> | undefined;
}

/** The plan of a wait for a listed task. */
export function listedWaitPlan<S, I, T extends { id: string; name: string }>(spec: ListedPlanSpec<S, I, T>): WaitPlan<S, I, T> {
  const { match } = spec;
  let found: { id: string; name: string } | undefined = "id" in match ? { id: match.id, name: "" } : undefined;
  const byName = "name" in match ? match.name : undefined;
  const interest = (m: ListMatch) => ({ key: JSON.stringify(m), value: spec.interestOf(m) });
  return {
    service: spec.service,
    statuses: spec.statuses,
    target: spec.target,
    taskId: () => found?.id,
    scope: spec.scope,
    interest: interest(match),
    focus: () => (found && !("id" in match) ? interest({ id: found.id }) : undefined),
    read: (snap, now) => {
      const r = spec.read(snap, found ? { id: found.id } : match, now);
      if (r?.kind === "task") found = { id: r.task.id, name: r.task.name };
      return r;
    },
    typeName: () => found?.name || byName,
    placeholder: () => spec.placeholder(found?.id ?? "", found?.name || (byName ?? "")),
    ...(spec.progress ? { progress: spec.progress } : {}),
  };
}
