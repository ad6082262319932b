/**
 * CSMS secret rotation tasks as this package returns them, and the arguments its functions take. Types only.
 * @module
 */
import type { Phase } from "../../core/status";
import type { ListMeta, PagingArgs } from "../../options";
import type { TimeInput } from "../../util/time";

/** A CSMS rotation task. */
export interface CsmsTask {
  taskId: string;
  secretName: string | undefined;
  rotationFuncUrn: string | undefined;
  /** The service's status (`PROCESSING`, `SUCCESS`, `FAILED`; trimmed, upper case). */
  taskStatus: string;
  operateType: string | undefined;
  /** Creation time, epoch ms. */
  taskTime: number | undefined;
  attemptNums: number | undefined;
  taskErrorCode: string | undefined;
  taskErrorMsg: string | undefined;
  phase: Phase;
}

/** Arguments of `getCsmsTasks`. `taskId` may not be combined with `secretName` or `status`. */
export interface GetCsmsTasksArgs extends PagingArgs {
  secretName?: string;
  /** `SUCCESS` or `FAILED` (the API filters final states only). */
  status?: "SUCCESS" | "FAILED";
  taskId?: string;
}

/** Result of `getCsmsTasks`. */
export interface GetCsmsTasksResult extends ListMeta {
  total: number;
  tasks: CsmsTask[];
}

/** Which CSMS rotation task to await: by id, or the rotation of a secret (started after `after`, else its latest). */
export type CsmsWaitTarget = { taskId: string } | { secretName: string; after?: TimeInput };
