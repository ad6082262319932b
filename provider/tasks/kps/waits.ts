/**
 * The plans of KPS waits: a task by id, and a project or server becoming idle.
 * @module
 */
import { idlePlan, type Busy } from "../../core/idle";
import type { IdleScope } from "../../core/module";
import type { WaitPlan } from "../../core/plan";
import { NOT_VISIBLE } from "../../core/wait";
import { KPS_STATUSES, kpsOperation } from "./model";
import type { KpsTask } from "./types";
import { KPS_IDLE, kpsBusy, kpsTaskRead, kpsWatch, type KpsInterest, type KpsSnapshot } from "./watch";

/** The one KPS scope: the project. */
const PROJECT = { key: "project", watch: kpsWatch };

/** The plan of a wait for KPS task `taskId`; `startKnown` when the waiter was told the task's start. */
export function kpsWaitPlan(taskId: string, startKnown = false): WaitPlan<KpsSnapshot, KpsInterest, KpsTask> {
  let operation: string | undefined;
  return {
    service: "kps",
    statuses: KPS_STATUSES,
    target: `kps task ${taskId}`,
    taskId: () => taskId,
    scope: PROJECT,
    interest: { key: taskId, value: { taskId, startKnown } },
    read: (snap, now) => {
      const r = kpsTaskRead(snap, taskId, now);
      if (r?.kind === "task") operation = r.task.operation ?? operation;
      return r;
    },
    typeName: () => operation,
    placeholder: () => ({ taskId, serverId: undefined, taskStatus: NOT_VISIBLE, phase: "pending", operation: undefined }),
  };
}

/** The plan of a gate on a KPS project, or on one server's tasks. */
export function kpsIdlePlan(scope: IdleScope): WaitPlan<KpsSnapshot, KpsInterest, Busy> {
  const what = scope.serverId ? `kps server ${scope.serverId} idle` : "kps project idle";
  return idlePlan("kps", what, PROJECT, { key: KPS_IDLE, value: { idle: true } }, (snap) => {
    const busy = kpsBusy(snap, scope.serverId);
    return Array.isArray(busy) ? busy.map((t) => ({ id: t.taskId, name: kpsOperation(t.operateType ?? ""), createdMs: t.taskTime })) : busy;
  });
}
