/**
 * CSMS (Cloud Secret Management Service, part of DEW) as a task module: rotation tasks listed per secret or per
 * project, awaited by id or by secret, gates on a secret, and two resource kinds.
 * @module
 */
import { secretName } from "../../endpoints/csms";
import type { TaskModule } from "../../core/module";
import { runWait } from "../../core/wait";
import { awaitCsmsTask } from "./functions";
import { CSMS_STATUSES } from "./model";
import { csmsRotationSpec, csmsTaskWaiterSpec } from "./specs";
import type { CsmsTask, CsmsWaitTarget } from "./types";
import { csmsIdlePlan } from "./waits";

/** CSMS in the registry. */
export const CSMS_MODULE: TaskModule<CsmsTask> = {
  service: "csms",
  statuses: CSMS_STATUSES,
  awaitById: (target, opts) => awaitCsmsTask(target as CsmsWaitTarget, opts),
  idle: {
    fields: { secretName: { schema: secretName(), required: true } },
    describe: (s) => `secret ${s.secretName ?? ""}`,
    wait: (s, opts) => runWait("waitForIdle", csmsIdlePlan(s), opts),
  },
  resources: { CsmsTaskWaiter: csmsTaskWaiterSpec, CsmsSecretRotation: csmsRotationSpec },
};
