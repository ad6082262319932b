/**
 * How the dynamic-provider host runs CSMS's resource kinds: `CsmsTaskWaiter` (await a rotation) and
 * `CsmsSecretRotation` (start a rotation and await its task).
 * @module
 */
import { csmsRotateSecret } from "../../endpoints";
import { connect } from "../../core/connect";
import { log } from "../../core/log";
import { defined, echo, targetInputs, waitOuts, type Outs, type ResourceSpec } from "../../core/spec";
import type { TaskApiOptions } from "../../options";
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

/** `CsmsSecretRotation`: starts a rotation and awaits its task. */
export const csmsRotationSpec: ResourceSpec = {
  target: RotationSchema,
  identity: ["secretName", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const { secretName: name } = RotationSchema.parse(targetInputs(inputs));
    const client = connect(opts, "CsmsSecretRotation", true);
    const started = await client.call(csmsRotateSecret, { path: { secret_name: name } }, { signal: opts.signal });
    const taskId = started.data.rotation_task_id;
    log("info", `CsmsSecretRotation: rotation of secret ${name} started as task ${taskId}`);
    const r = await awaitCsmsTask({ taskId }, opts);
    return { id: taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, taskId, r.task.phase), ...taskOuts(r.task) }) };
  },
  read: readRotation,
};
