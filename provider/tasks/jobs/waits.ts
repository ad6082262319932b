/**
 * The plan of a wait for a job: its own scope, read by id each tick.
 * @module
 */
import type { WaitPlan } from "../../core/plan";
import { JOB_ADAPTIVE } from "../../waiter/schedule";
import type { JobKind } from "./kind";
import type { JobAnswerWire } from "./model";
import type { JobCommon } from "./types";
import { jobRead, jobScope, type JobSnapshot } from "./watch";

/** The plan of a wait for job `jobId` of `kind`'s service. */
export function jobWaitPlan<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, jobId: string): WaitPlan<JobSnapshot<J>, true, J> {
  let jobType: string | undefined;
  return {
    service: kind.service,
    noun: "job",
    statuses: kind.statuses,
    target: `${kind.service} job ${jobId}`,
    taskId: () => jobId,
    scope: jobScope(kind, jobId),
    interest: { key: jobId, value: true },
    read: (snap, now) => {
      const r = jobRead(kind, snap, now);
      if (r.kind === "task") jobType = r.task.jobType ?? jobType;
      return r;
    },
    typeName: () => jobType,
    placeholder: () => kind.placeholder(jobId),
    tuning: JOB_ADAPTIVE,
  };
}
