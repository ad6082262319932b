/**
 * ECS jobs: statuses (`INIT`, `RUNNING`, `PENDING_PAYMENT` pending; the last worth a warning), the mapping of an
 * answer, and ECS as a member of the job family.
 * @module
 */
import { ecsShowJob, type ResponseOf } from "../../endpoints";
import { opt, toCount } from "../../endpoints/kit";
import type { JobKind } from "../jobs/kind";
import { distinct, jobStatuses, notVisibleJob, toJobCommon } from "../jobs/model";
import type { EcsJob } from "./types";

/** ECS job statuses. `PENDING_PAYMENT`: a yearly/monthly order is not paid yet (it stays so if the order is cancelled). */
export const ECS_JOB_STATUSES = jobStatuses(["PENDING_PAYMENT"], {
  PENDING_PAYMENT: "the job waits for its yearly/monthly order to be paid, and stays so if the order is cancelled: pay it (or enable auto-pay)",
});

/** An ECS job answer as the wire schema reads it. */
export type EcsJobWire = ResponseOf<typeof ecsShowJob>;

/** Maps an ECS job answer. */
export function toEcsJob(w: EcsJobWire): EcsJob {
  const e = w.entities ?? undefined;
  const subJobs = (e?.sub_jobs ?? []).map((s) => ({
    ...toJobCommon(s, ECS_JOB_STATUSES),
    serverId: opt(s.entities?.server_id),
    nicId: opt(s.entities?.nic_id),
    errorcodeMessage: opt(s.entities?.errorcode_message),
  }));
  return {
    ...toJobCommon(w, ECS_JOB_STATUSES),
    serverId: opt(e?.server_id),
    nicId: opt(e?.nic_id),
    subJobsTotal: toCount(e?.sub_jobs_total),
    subJobs,
    serverIds: distinct([e?.server_id, ...subJobs.map((s) => s.serverId)]),
  };
}

/** ECS in the job family. */
export const ECS_JOBS: JobKind<EcsJobWire, EcsJob> = {
  service: "ecs",
  statuses: ECS_JOB_STATUSES,
  show: (client, jobId, opts) => client.call(ecsShowJob, { path: { job_id: jobId } }, opts),
  toJob: toEcsJob,
  subJobLines: (job) => job.subJobs.map((s) => ({ job: s, target: s.serverId && `server ${s.serverId}` })),
  names: { get: "getEcsJob", wait: "waitForEcsJob" },
  resource: "EcsJobWaiter",
  ids: { output: "serverIds", of: (job) => job.serverIds },
  placeholder: (jobId) => ({ ...notVisibleJob(jobId), serverId: undefined, nicId: undefined, subJobsTotal: undefined, subJobs: [], serverIds: [] }),
};
