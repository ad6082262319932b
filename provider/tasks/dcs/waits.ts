/**
 * The plans of DCS waits: a task by id, job id or name (in the task center, or in one instance's task list), a job,
 * and the task center (or one instance) idle.
 * @module
 */
import { idlePlan, type Busy } from "../../core/idle";
import type { IdleScope } from "../../core/module";
import type { WaitPlan } from "../../core/plan";
import { NOT_VISIBLE } from "../../core/wait";
import { JOB_ADAPTIVE } from "../../waiter/schedule";
import type { ListMatch } from "../listed";
import { describeMatch, listedWaitPlan } from "../listed-plan";
import { DCS_JOB_STATUSES } from "./job-model";
import type { DcsJob } from "./job-types";
import { dcsJobRead, dcsJobScope, type DcsJobInterest, type DcsJobSnapshot } from "./job-watch";
import { DCS_STATUSES } from "./model";
import { dcsProgressReader } from "./progress";
import type { DcsTask } from "./types";
import { DCS_PROJECT, dcsBusy, dcsInstanceScope, dcsRead, type DcsInterest, type DcsSnapshot } from "./watch";

/**
 * The plan of a wait for a DCS task, in the task center or (with `instanceId`) in that instance's task list; once
 * found by job id or name, it is followed by id.
 */
export function dcsWaitPlan(match: ListMatch, instanceId?: string): WaitPlan<DcsSnapshot, DcsInterest, DcsTask> {
  return listedWaitPlan<DcsSnapshot, DcsInterest, DcsTask>({
    service: "dcs",
    statuses: DCS_STATUSES,
    target: `dcs ${describeMatch(match)}${instanceId === undefined ? "" : ` of instance ${instanceId}`}`,
    scope: instanceId === undefined ? DCS_PROJECT : dcsInstanceScope(instanceId),
    match,
    interestOf: (m) => ({ match: m }),
    read: dcsRead,
    placeholder: (id, name) => ({
      id,
      name,
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
    progress: dcsProgressReader(instanceId),
  });
}

/** The plan of a gate on the task center, or on one instance (its own task list). */
export function dcsIdlePlan(scope: IdleScope): WaitPlan<DcsSnapshot, DcsInterest, Busy> {
  const idle = { key: "*", value: { idle: true as const } };
  if (scope.instanceId === undefined) return idlePlan("dcs", "dcs task center idle", DCS_PROJECT, idle, dcsBusy);
  return idlePlan("dcs", `dcs instance ${scope.instanceId} idle`, dcsInstanceScope(scope.instanceId), idle, dcsBusy);
}

/** The plan of a wait for DCS job `jobId`. */
export function dcsJobWaitPlan(jobId: string): WaitPlan<DcsJobSnapshot, DcsJobInterest, DcsJob> {
  let jobType: string | undefined;
  return {
    service: "dcs",
    noun: "job",
    statuses: DCS_JOB_STATUSES,
    target: `dcs job ${jobId}`,
    taskId: () => jobId,
    scope: dcsJobScope(jobId),
    interest: { key: jobId, value: { jobId } },
    read: (snap, now) => {
      const r = dcsJobRead(snap, jobId, now);
      if (r?.kind === "task") jobType = r.task.jobType ?? jobType;
      return r;
    },
    typeName: () => jobType,
    placeholder: () => ({ jobId, jobType: undefined, status: NOT_VISIBLE, phase: "pending", beginTime: undefined, endTime: undefined, failReason: undefined }),
    tuning: JOB_ADAPTIVE,
  };
}
