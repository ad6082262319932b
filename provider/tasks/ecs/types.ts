/**
 * ECS jobs as this package returns them. Types only.
 * @module
 */
import type { JobCommon } from "../jobs/types";

/** A sub-job of an ECS batch (one server of a create, start, stop ...). */
export interface EcsSubJob extends JobCommon {
  serverId: string | undefined;
  nicId: string | undefined;
  /** The sub-job's error text, when ECS gives one in `entities`. */
  errorcodeMessage: string | undefined;
}

/** An ECS job (`GET /v1/{project_id}/jobs/{job_id}`). */
export interface EcsJob extends JobCommon {
  /** `entities.server_id`: the server a single-server job concerns. */
  serverId: string | undefined;
  /** `entities.nic_id`: the NIC of a NIC job. */
  nicId: string | undefined;
  /** `entities.sub_jobs_total`. */
  subJobsTotal: number | undefined;
  subJobs: EcsSubJob[];
  /** Every server the job names: `entities.server_id` and each sub-job's (the servers a create made). */
  serverIds: string[];
}
