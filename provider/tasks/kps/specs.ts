/**
 * How the dynamic-provider host runs KPS's resource kinds: `KpsTaskWaiter` (await a task by id) and
 * `KpsKeypairAssociation` (start an associate — a reset without `auth` —, or adopt the one an interrupted run
 * started, and await its task).
 * @module
 */
import { adoptionWindowArg } from "../../core/adopt";
import { defined, echo, targetInputs, waitOuts, type ResourceSpec } from "../../core/spec";
import { startAssociation } from "./adopt";
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

/** `KpsKeypairAssociation`: starts an associate (or reset), or adopts the one an interrupted run started, and awaits its task. */
export const kpsAssociationSpec: ResourceSpec = {
  target: AssociationSchema,
  extra: { adoptionWindow: adoptionWindowArg.optional() },
  identity: ["keypairName", "serverId", "disablePassword", "port", "triggers"],
  learned: ["taskId"],
  async create(inputs, opts) {
    const a = AssociationSchema.parse(targetInputs(inputs));
    const s = await startAssociation(a, inputs, opts);
    const r = await awaitKpsTask({ taskId: s.taskId }, { ...opts, startedAt: s.startedAt });
    return { id: s.taskId, outs: defined({ ...echo(inputs), ...waitOuts(r, s.taskId, r.task.phase), operation: r.task.operation, adopted: s.adopted }) };
  },
  async read(id, props, opts) {
    const t = await getKpsTask({ taskId: id }, opts);
    return { ...props, status: t.taskStatus, phase: t.phase };
  },
};
