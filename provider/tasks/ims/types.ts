/**
 * IMS jobs as this package returns them. Types only.
 * @module
 */
import type { JobCommon } from "../jobs/types";

/** A sub-job of an IMS job (`entities.sub_jobs_result`). */
export interface ImsSubJob extends JobCommon {
  imageId: string | undefined;
}

/** One region's or project's result of an IMS job (`entities.results`). */
export interface ImsJobResult {
  imageId: string | undefined;
  projectId: string | undefined;
  status: string | undefined;
}

/**
 * An IMS job (`GET /v1/{project_id}/jobs/{job_id}`). When the envelope has no `error_code`/`fail_reason`, those
 * of `entities` (`error_code`, `error`) are taken.
 */
export interface ImsJob extends JobCommon {
  imageId: string | undefined;
  imageName: string | undefined;
  /** The step running now, e.g. `CreateImage`. */
  currentTask: string | undefined;
  /** Progress, 0 to 100, when IMS reports it. */
  processPercent: number | undefined;
  results: ImsJobResult[];
  subJobs: ImsSubJob[];
  /** `entities.sub_jobs_list`: ids of the sub-jobs. */
  subJobIds: string[];
  /** Every image the job names: its own, each result's and each sub-job's. */
  imageIds: string[];
}
