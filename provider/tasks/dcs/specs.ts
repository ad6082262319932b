/**
 * How the dynamic-provider host runs `DcsTaskWaiter`: await a task-center task by id, job id, or name after a time.
 * @module
 */
import { defined, echo, str, waitOuts, type ResourceSpec } from "../../core/spec";
import { awaitDcsTask, getDcsTasks } from "./functions";
import { DcsTargetSchema } from "./schemas";

/** `DcsTaskWaiter`. */
export const dcsTaskWaiterSpec: ResourceSpec = {
  target: DcsTargetSchema,
  identity: ["taskId", "jobId", "name", "after", "triggers"],
  learned: ["taskId", "jobId", "name"],
  async create(inputs, opts) {
    const target =
      inputs["taskId"] !== undefined
        ? { taskId: String(inputs["taskId"]) }
        : inputs["jobId"] !== undefined
          ? { jobId: String(inputs["jobId"]) }
          : { name: String(inputs["name"]), after: inputs["after"] as string };
    const r = await awaitDcsTask(target, opts);
    const t = r.task;
    return { id: t.id, outs: defined({ ...echo(inputs), ...waitOuts(r, t.id, t.phase), jobId: t.jobId, name: t.name, errorCode: t.errorCode }) };
  },
  async read(id, props, opts) {
    const since = Date.parse(str(props["finishedAt"]) ?? "") - 24 * 3_600_000;
    const t = (await getDcsTasks(Number.isFinite(since) ? { startTime: since } : {}, opts)).tasks.find((x) => x.id === id);
    return t ? { ...props, status: t.status, phase: t.phase } : undefined;
  },
};
