/**
 * The plans of CSMS waits: a rotation task by id or a secret's rotation, and a secret becoming idle.
 * @module
 */
import type { z } from "zod";
import { idlePlan, type Busy } from "../../core/idle";
import type { IdleScope } from "../../core/module";
import type { WaitPlan } from "../../core/plan";
import { NOT_VISIBLE } from "../../core/wait";
import { CSMS_STATUSES } from "./model";
import type { CsmsTargetSchema } from "./schemas";
import type { CsmsTask } from "./types";
import { csmsBusy, csmsMatch, csmsScope, csmsTaskRead, type CsmsInterest, type CsmsSnapshot } from "./watch";

/**
 * The plan of a wait for a CSMS rotation: by id (read through the project's scope, shared by every wait by id), or
 * a secret's rotation started after `after` (else its latest), read through the secret's scope. Once a secret's
 * waiter has found its rotation, it follows that task by id.
 */
export function csmsWaitPlan(t: z.output<typeof CsmsTargetSchema>): WaitPlan<CsmsSnapshot, CsmsInterest, CsmsTask> {
  let taskId = t.taskId;
  const match = t.after !== undefined ? { after: t.after } : { latest: true as const };
  const interest =
    taskId !== undefined
      ? { key: taskId, value: { taskId } }
      : { key: "after" in match ? `after:${match.after}` : "latest", value: match };
  return {
    service: "csms",
    statuses: CSMS_STATUSES,
    target: t.taskId !== undefined ? `csms task ${t.taskId}` : `csms rotation of secret ${t.secretName}`,
    taskId: () => taskId,
    scope: csmsScope(t.taskId !== undefined ? undefined : t.secretName),
    interest,
    focus: () => (t.taskId === undefined && taskId !== undefined ? { key: taskId, value: { taskId } } : undefined),
    read: (snap, now) => {
      if (taskId === undefined) {
        if (snap.listError !== undefined) return { kind: "error", error: snap.listError };
        const found = csmsMatch(snap, match);
        if (!found) return undefined;
        taskId = found.taskId;
      }
      return csmsTaskRead(snap, taskId, now);
    },
    typeName: () => "ROTATE",
    placeholder: () => ({
      taskId: taskId ?? "",
      secretName: t.secretName,
      rotationFuncUrn: undefined,
      taskStatus: NOT_VISIBLE,
      operateType: undefined,
      taskTime: undefined,
      attemptNums: undefined,
      taskErrorCode: undefined,
      taskErrorMsg: undefined,
      phase: "pending",
    }),
  };
}

/** The plan of a gate on a secret: idle when none of its rotations is in progress. */
export function csmsIdlePlan(scope: IdleScope): WaitPlan<CsmsSnapshot, CsmsInterest, Busy> {
  const name = scope.secretName ?? "";
  return idlePlan("csms", `csms secret ${name} idle`, csmsScope(name), { key: "*", value: { idle: true } }, (snap) => {
    const busy = csmsBusy(snap);
    return Array.isArray(busy) ? busy.map((t) => ({ id: t.taskId, name: "ROTATE", createdMs: t.taskTime })) : busy;
  });
}
