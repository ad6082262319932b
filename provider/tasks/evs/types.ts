/**
 * EVS jobs as this package returns them. Types only.
 * @module
 */
import type { JobCommon } from "../jobs/types";

/** What an EVS job (or sub-job) says about its volume. */
export interface EvsVolumeEntities {
  volumeId: string | undefined;
  volumeType: string | undefined;
  /** GB. */
  size: number | undefined;
  name: string | undefined;
}

/** A sub-job of an EVS batch (one volume of a batch create or delete). */
export interface EvsSubJob extends JobCommon, EvsVolumeEntities {}

/** An EVS job (`GET /v1/{project_id}/jobs/{job_id}`). A batch's volume fields are absent: its sub-jobs carry them. */
export interface EvsJob extends JobCommon, EvsVolumeEntities {
  subJobs: EvsSubJob[];
  /** Every volume the job names: its own and each sub-job's (the volumes a create made). */
  volumeIds: string[];
}
