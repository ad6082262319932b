/**
 * DCS jobs and instance-status counts as this package returns them, and the arguments their functions take. Types
 * only.
 * @module
 */
import type { Phase } from "../../core/status";

/** A DCS job (`GET /v2/{project_id}/jobs/{job_id}`). */
export interface DcsJob {
  jobId: string;
  /** E.g. `masterStandbySwapJob`, `modifyClientIpTransJob`, `extendDCSInstance`. */
  jobType: string | undefined;
  /** `INIT`, `RUNNING`, `SUCCESS` or `FAIL` (trimmed, upper case). */
  status: string;
  phase: Phase;
  /** Start, epoch ms (the wire sends it as text). */
  beginTime: number | undefined;
  /** End, epoch ms, once the job has ended. */
  endTime: number | undefined;
  /** Why the job failed. */
  failReason: string | undefined;
}

/** Arguments of `getDcsJob`, and which job `waitForDcsJob` awaits. */
export interface DcsJobTarget {
  /** The `job_id` a DCS operation returned (a master/standby switch, a bandwidth change ...). */
  jobId: string;
}

/** How many DCS instances are in each status (missing counters read as 0). */
export interface DcsStatusCounts {
  paying: number;
  freezing: number;
  migrating: number;
  flushing: number;
  upgrading: number;
  restoring: number;
  extending: number;
  creating: number;
  running: number;
  error: number;
  frozen: number;
  /** Instances whose creation failed (counted only with `includeFailure`). */
  createFailed: number;
  restarting: number;
}

/** Arguments of `getDcsInstanceStatusCounts`. */
export interface GetDcsInstanceStatusCountsArgs {
  /** Count instances whose creation failed too. @default false */
  includeFailure?: boolean;
}

/** Result of `getDcsInstanceStatusCounts`. */
export interface GetDcsInstanceStatusCountsResult {
  /** Every engine. */
  all: DcsStatusCounts;
  redis: DcsStatusCounts;
  memcached: DcsStatusCounts;
  /** `X-Request-Id` of the answer. */
  requestId: string | undefined;
}
