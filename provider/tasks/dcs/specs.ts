/**
 * How the dynamic-provider host runs the DCS resources: `DcsTaskWaiter` (a task by id, job id, or name after a
 * time; in the task center, or in one instance's task list) and `DcsJobWaiter` (a job by id).
 * @module
 */
import { defined, echo, str, waitOuts, type ResourceSpec } from "../../core/spec";
import type { DcsWaitTarget } from "./types";
import { awaitDcsTask, getDcsInstanceTasks, getDcsTasks } from "./functions";
import { awaitDcsJob, getDcsJob } from "./jobs";
import { DcsJobTargetSchema, DcsTargetSchema } from "./schemas";

const isoOf = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** `DcsTaskWaiter`. */
export const dcsTaskWaiterSpec: ResourceSpec = {
  target: DcsTargetSchema,
  identity: ["instanceId", "taskId", "jobId", "name", "after", "triggers"],
  learned: ["taskId", "jobId", "name"],
  async create(inputs, opts) {
    const instance = inputs["instanceId"] === undefined ? {} : { instanceId: String(inputs["instanceId"]) };
    const target: DcsWaitTarget =
      inputs["taskId"] !== undefined
        ? { taskId: String(inputs["taskId"]), ...instance }
        : inputs["jobId"] !== undefined
          ? { jobId: String(inputs["jobId"]), ...instance }
          : { name: String(inputs["name"]), after: inputs["after"] as string, ...instance };
    const r = await awaitDcsTask(target, opts);
    const t = r.task;
    return { id: t.id, outs: defined({ ...echo(inputs), ...waitOuts(r, t.id, t.phase), jobId: t.jobId, name: t.name, errorCode: t.errorCode }) };
  },
  async read(id, props, opts) {
    const since = Date.parse(str(props["finishedAt"]) ?? "") - 24 * 3_600_000;
    const window = Number.isFinite(since) ? { startTime: since } : {};
    const instanceId = str(props["instanceId"]);
    const list = instanceId === undefined ? await getDcsTasks(window, opts) : await getDcsInstanceTasks({ instanceId, ...window }, opts);
    const t = list.tasks.find((x) => x.id === id);
    return t ? { ...props, status: t.status, phase: t.phase } : undefined;
  },
};

/** `DcsJobWaiter`: awaits a DCS job by id. */
export const dcsJobWaiterSpec: ResourceSpec = {
  target: DcsJobTargetSchema,
  identity: ["jobId", "triggers"],
  learned: [],
  async create(inputs, opts) {
    const jobId = String(inputs["jobId"]);
    const r = await awaitDcsJob({ jobId }, opts);
    const j = r.task;
    const { taskId: _t, ...outs } = waitOuts(r, jobId, j.phase);
    return { id: jobId, outs: defined({ ...echo(inputs), ...outs, jobType: j.jobType, beginTime: isoOf(j.beginTime), endTime: isoOf(j.endTime) }) };
  },
  async read(id, props, opts) {
    // A job the service no longer shows (a 404) keeps its last known state (see the host's read).
    const j = await getDcsJob({ jobId: id }, opts);
    return defined({ ...props, status: j.status, phase: j.phase, jobType: j.jobType ?? props["jobType"], endTime: isoOf(j.endTime) ?? props["endTime"] });
  },
};
