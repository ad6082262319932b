/**
 * How the dynamic-provider host runs KPS's resource kinds: `KpsTaskWaiter` (await a task by id) and
 * `KpsKeypairAssociation` (start an associate — a reset without `auth` —, or adopt the one an interrupted run
 * started, and await its task; with `clearFailedTaskRecord`, a failed task's record is deleted once its failure is
 * known, and the deployment fails with the task's own error all the same).
 * @module
 */
import { z } from "zod";
import { isTaskFailedError } from "../../errors";
import { adoptionWindowArg, apiOptions } from "../../core/adopt";
import { log } from "../../core/log";
import { defined, echo, targetInputs, waitOuts, type ResourceSpec } from "../../core/spec";
import type { WaitOptions } from "../../options";
import { startAssociation } from "./adopt";
import { deleteKpsFailedTask } from "./cleanup";
import { awaitKpsTask, getKpsTask } from "./functions";
import { AssociationSchema, KpsTargetSchema } from "./schemas";

/** `KpsTaskWaiter`: awaits a key-pair task by id. */
export const kpsTaskWaiterSpec: ResourceSpec = {
  target: KpsTargetSchema,
  identity: ["taskId", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const taskId = String(inputs["taskId"]);
    const r = await awaitKpsTask({ taskId }, opts);
    return { id: taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, taskId, r.task.phase), operation: r.task.operation, serverId: r.task.serverId }) };
  },
  async read(id, props, opts) {
    const t = await getKpsTask({ taskId: id }, opts);
    return { ...props, status: t.taskStatus, phase: t.phase, serverId: t.serverId ?? props["serverId"] };
  },
};

/**
 * Deletes the failed-task record of `taskId` after its failure was read; a failure to do so is logged, never thrown
 * (the task's own error is what the deployment reports).
 */
async function clearFailedRecord(taskId: string, opts: WaitOptions): Promise<void> {
  try {
    await deleteKpsFailedTask({ taskId }, apiOptions(opts));
    log("info", `KpsKeypairAssociation: deleted the failed-task record of task ${taskId} (clearFailedTaskRecord)`);
  } catch (err) {
    log("warn", `KpsKeypairAssociation: could not delete the failed-task record of task ${taskId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `KpsKeypairAssociation`: starts an associate (or reset), or adopts the one an interrupted run started, and awaits its task. */
export const kpsAssociationSpec: ResourceSpec = {
  target: AssociationSchema,
  extra: { adoptionWindow: adoptionWindowArg.optional(), clearFailedTaskRecord: z.boolean({ error: "must be true or false" }).optional() },
  identity: ["keypairName", "serverId", "disablePassword", "port", "triggers"],
  learned: ["taskId"],
  async create(inputs, given) {
    const { clearFailedTaskRecord: clear, ...target } = targetInputs(inputs);
    const a = AssociationSchema.parse(target);
    // The key (a password or private key) is masked in every text of this create: a task's error may repeat it.
    const opts = a.auth === undefined ? given : { ...given, secrets: [...(given.secrets ?? []), a.auth.key] };
    const s = await startAssociation(a, inputs, opts);
    const r = await awaitKpsTask({ taskId: s.taskId }, { ...opts, startedAt: s.startedAt }).catch(async (err: unknown) => {
      if (clear === true && isTaskFailedError(err)) await clearFailedRecord(s.taskId, opts);
      throw err;
    });
    return { id: s.taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, s.taskId, r.task.phase), operation: r.task.operation, adopted: s.adopted }) };
  },
  async read(id, props, opts) {
    const t = await getKpsTask({ taskId: id }, opts);
    return { ...props, status: t.taskStatus, phase: t.phase };
  },
};
