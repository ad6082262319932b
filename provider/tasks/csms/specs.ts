/**
 * How the dynamic-provider host runs CSMS's resource kinds: `CsmsTaskWaiter` (await a rotation) and
 * `CsmsSecretRotation` (start a rotation, or adopt the one an interrupted run started, and await its task).
 * @module
 */
import { adoptionWindowArg } from "../../core/adopt";
import { defined, echo, targetInputs, waitOuts, type Outs, type ResourceSpec } from "../../core/spec";
import type { TaskApiOptions } from "../../options";
import { startRotation } from "./adopt";
import { awaitCsmsTask, getCsmsTasks } from "./functions";
import { CsmsTargetSchema, RotationSchema } from "./schemas";
import type { CsmsTask } from "./types";

/** The outputs a CSMS task adds. */
const taskOuts = (t: CsmsTask) => ({ rotationFuncUrn: t.rotationFuncUrn, attemptNums: t.attemptNums, operateType: t.operateType });

/** Refresh of a rotation: re-read by id; one the service no longer lists keeps its last state. */
async function readRotation(id: string, props: Outs, opts: TaskApiOptions): Promise<Outs | undefined> {
  const t = (await getCsmsTasks({ taskId: id }, opts)).tasks[0];
  return t ? { ...props, status: t.taskStatus, phase: t.phase, attemptNums: t.attemptNums ?? props["attemptNums"] } : undefined;
}

/** `CsmsTaskWaiter`: awaits a rotation by id, or a secret's rotation started after `after`. */
export const csmsTaskWaiterSpec: ResourceSpec = {
  target: CsmsTargetSchema,
  identity: ["taskId", "secretName", "after", "triggers"],
  learned: ["taskId", "secretName"],
  async create(inputs, opts) {
    const target =
      inputs["taskId"] !== undefined
        ? { taskId: String(inputs["taskId"]) }
        : { secretName: String(inputs["secretName"]), ...(inputs["after"] !== undefined ? { after: inputs["after"] as string } : {}) };
    const r = await awaitCsmsTask(target, opts);
    const t = r.task;
    return { id: t.taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, t.taskId, t.phase), secretName: t.secretName, ...taskOuts(t) }) };
  },
  read: readRotation,
};

/** `CsmsSecretRotation`: starts a rotation, or adopts the one an interrupted run started, and awaits its task. */
export const csmsRotationSpec: ResourceSpec = {
  target: RotationSchema,
  extra: { adoptionWindow: adoptionWindowArg.optional() },
  identity: ["secretName", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const { secretName: name } = RotationSchema.parse(targetInputs(inputs));
    const s = await startRotation(name, inputs, opts);
    const r = await awaitCsmsTask({ taskId: s.taskId }, opts);
    return { id: s.taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, s.taskId, r.task.phase), ...taskOuts(r.task), adopted: s.adopted }) };
  },
  read: readRotation,
};
