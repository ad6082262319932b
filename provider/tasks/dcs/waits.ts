/**
 * The plans of DCS waits: a task-center task by id, job id or name, and the task center (or one instance) idle.
 * @module
 */
import { idlePlan, type Busy } from "../../core/idle";
import type { IdleScope } from "../../core/module";
import type { WaitPlan } from "../../core/plan";
import { NOT_VISIBLE } from "../../core/wait";
import type { ListMatch } from "../listed";
import { DCS_STATUSES } from "./model";
import type { DcsTask } from "./types";
import { DCS_PROJECT, dcsBusy, dcsRead, type DcsInterest, type DcsSnapshot } from "./watch";

/** A name for what `match` designates, for messages. */
export function describeMatch(match: ListMatch): string {
  return "id" in match ? `task ${match.id}` : "jobId" in match ? `job ${match.jobId}` : `task named ${match.name}`;
}

/** The plan of a wait for a DCS task; once found by job id or name, it is followed by id. */
export function dcsWaitPlan(match: ListMatch): WaitPlan<DcsSnapshot, DcsInterest, DcsTask> {
  let found: { id: string; name: string } | undefined = "id" in match ? { id: match.id, name: "" } : undefined;
  return {
    service: "dcs",
    statuses: DCS_STATUSES,
    target: `dcs ${describeMatch(match)}`,
    taskId: () => found?.id,
    scope: DCS_PROJECT,
    interest: { key: JSON.stringify(match), value: { match } },
    read: (snap, now) => {
      const r = dcsRead(snap, found ? { id: found.id } : match, now);
      if (r?.kind === "task") found = { id: r.task.id, name: r.task.name };
      return r;
    },
    typeName: () => (found?.name || ("name" in match ? match.name : undefined)),
    placeholder: () => ({
      id: found?.id ?? "",
      name: found?.name || ("name" in match ? match.name : ""),
      details: null,
      userName: undefined,
      userId: undefined,
      params: undefined,
      status: NOT_VISIBLE,
      createdAt: undefined,
      updatedAt: undefined,
      errorCode: undefined,
      enableShow: undefined,
      jobId: "jobId" in match ? match.jobId : undefined,
      phase: "pending",
    }),
  };
}

/** The plan of a gate on the task center, or on one instance's tasks (those whose parameters name it). */
export function dcsIdlePlan(scope: IdleScope): WaitPlan<DcsSnapshot, DcsInterest, Busy> {
  const what = scope.instanceId ? `dcs instance ${scope.instanceId} idle` : "dcs task center idle";
  return idlePlan("dcs", what, DCS_PROJECT, { key: "*", value: { idle: true } }, (snap) => dcsBusy(snap, scope.instanceId));
}
