/**
 * KPS (Key Pair Service, part of DEW) as a task module: key-pair tasks read by id or listed (running, failed), one
 * watched scope per project, gates on a project or a server, and two resource kinds.
 * @module
 */
import { idString } from "../../endpoints/kit";
import type { TaskModule } from "../../core/module";
import { runWait } from "../../core/wait";
import { awaitKpsTask } from "./functions";
import { KPS_STATUSES } from "./model";
import { kpsAssociationSpec, kpsTaskWaiterSpec } from "./specs";
import type { KpsTask, KpsWaitTarget } from "./types";
import { kpsIdlePlan } from "./waits";

/** KPS in the registry. */
export const KPS_MODULE: TaskModule<KpsTask> = {
  service: "kps",
  statuses: KPS_STATUSES,
  awaitById: (target, opts) => awaitKpsTask(target as KpsWaitTarget, opts),
  idle: {
    fields: { serverId: { schema: idString(), required: false } },
    describe: (s) => (s.serverId ? `server ${s.serverId}` : "project"),
    wait: (s, opts) => runWait("waitForIdle", kpsIdlePlan(s), opts),
  },
  resources: { KpsTaskWaiter: kpsTaskWaiterSpec, KpsKeypairAssociation: kpsAssociationSpec },
};
