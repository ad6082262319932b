/**
 * How the dynamic-provider host runs `RocketMqTaskWaiter`: await an instance task by id or name after a time.
 * @module
 */
import { defined, echo, waitOuts, type ResourceSpec } from "../../core/spec";
import { awaitRocketMqTask, getRocketMqTasks } from "./functions";
import { RocketMqTargetSchema } from "./schemas";

/** `RocketMqTaskWaiter`. */
export const rocketmqTaskWaiterSpec: ResourceSpec = {
  target: RocketMqTargetSchema,
  identity: ["instanceId", "taskId", "name", "after", "triggers"],
  learned: ["taskId", "name"],
  async create(inputs, opts) {
    const instanceId = String(inputs["instanceId"]);
    const target =
      inputs["taskId"] !== undefined ? { instanceId, taskId: String(inputs["taskId"]) } : { instanceId, name: String(inputs["name"]), after: inputs["after"] as string };
    const r = await awaitRocketMqTask(target, opts);
    const t = r.task;
    return { id: t.id, outs: defined({ ...echo(inputs), ...waitOuts(r, t.id, t.phase), name: t.name, params: t.params }) };
  },
  async read(id, props, opts) {
    const t = (await getRocketMqTasks({ instanceId: String(props["instanceId"]) }, opts)).tasks.find((x) => x.id === id);
    return t ? { ...props, status: t.status, phase: t.phase } : undefined;
  },
};
