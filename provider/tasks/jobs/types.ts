/**
 * What the jobs of ECS, EVS and IMS share as this package returns them, and the arguments their functions take.
 * Each service adds what its `entities` carry (servers, volumes, images). Types only.
 * @module
 */
import type { Phase } from "../../core/status";

/** The envelope every job and sub-job has. */
export interface JobCommon {
  jobId: string;
  /** e.g. `createServer`, `resizeServer`, `extendVolume`, `imsCreateImageByInstance`. */
  jobType: string | undefined;
  /** The service's status (trimmed, upper case): `INIT`, `RUNNING`, `SUCCESS`, `FAIL` ... */
  status: string;
  phase: Phase;
  /** ISO 8601, as the service writes it. */
  beginTime: string | undefined;
  /** ISO 8601, once the job ended. */
  endTime: string | undefined;
  /** The service's error code, when the job failed. */
  errorCode: string | undefined;
  /** The service's reason, when the job failed. */
  failReason: string | undefined;
}

/** Arguments of `getEcsJob`, `getEvsJob` and `getImsJob`. */
export interface GetJobArgs {
  /** The `job_id` the call that started the job answered. */
  jobId: string;
}

/** Which job to await. */
export interface JobWaitTarget {
  /** The `job_id` the call that started the job answered. */
  jobId: string;
}
