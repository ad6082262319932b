/**
 * What CSMS's statuses mean and how its answers map to results. `SUCCESS`/`FAILED` are final (the SDK's status
 * filter values); `PROCESSING` is the in-progress status the emulator plays (no source documents it).
 * @module
 */
import type { ResponseOf, csmsListTasks } from "../../endpoints";
import { opt, toInt } from "../../endpoints/kit";
import { normalizeStatus, statusSets } from "../../core/status";
import type { CsmsTask } from "./types";

/** CSMS statuses. */
export const CSMS_STATUSES = statusSets({ succeeded: ["SUCCESS"], failed: ["FAILED"], pending: ["PROCESSING"] });

/** One CSMS task as the wire schema reads it. */
export type CsmsWire = ResponseOf<typeof csmsListTasks>["tasks"][number];

/** Maps a CSMS task. */
export function toCsmsTask(w: CsmsWire): CsmsTask {
  const status = normalizeStatus(w.task_status);
  return {
    taskId: w.task_id,
    secretName: opt(w.secret_name),
    rotationFuncUrn: opt(w.rotation_func_urn),
    taskStatus: status,
    operateType: opt(w.operate_type),
    taskTime: toInt(w.task_time),
    attemptNums: toInt(w.attempt_nums),
    taskErrorCode: opt(w.task_error_code),
    taskErrorMsg: opt(w.task_error_msg),
    phase: CSMS_STATUSES.classify(status),
  };
}
