/**
 * DCS (Distributed Cache Service) as a task module: the task center and each instance's tasks listed and awaited
 * by id, job id or name (with progress), jobs read and awaited, instance counts, gates on the task center or one
 * instance, and two resource kinds.
 * @module
 */
import { idString } from "../../endpoints/kit";
import type { TaskModule } from "../../core/module";
import { runWait } from "../../core/wait";
import { awaitDcsTask } from "./functions";
import { DCS_STATUSES } from "./model";
import { dcsJobWaiterSpec, dcsTaskWaiterSpec } from "./specs";
import type { DcsTask, DcsWaitTarget } from "./types";
import { dcsIdlePlan } from "./waits";

/** DCS in the registry. */
export const DCS_MODULE: TaskModule<DcsTask> = {
  service: "dcs",
  statuses: DCS_STATUSES,
  awaitById: (target, opts) => awaitDcsTask(target as DcsWaitTarget, opts),
  idle: {
    fields: { instanceId: { schema: idString(), required: false } },
    describe: (s) => (s.instanceId ? `instance ${s.instanceId}` : "project"),
    wait: (s, opts) => runWait("waitForIdle", dcsIdlePlan(s), opts),
  },
  resources: { DcsTaskWaiter: dcsTaskWaiterSpec, DcsJobWaiter: dcsJobWaiterSpec },
};
