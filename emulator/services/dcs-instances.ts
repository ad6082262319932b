/**
 * DCS beyond the task center, as the emulator plays it: one instance's background tasks (the task center's shape,
 * filtered to the instance), a task's progress (advancing with its stage), jobs (every DCS task is also a job, found
 * by its `job_id`: `INIT` → `RUNNING` → `SUCCESS`/`FAIL`, epoch-ms times as text, `fail_reason`), and the count of
 * instances per status. Errors are DCS's `{ error_code, error_msg, error_ext_msg }`.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import { toIsoMillis } from "../../provider/util/time";
import type { Instance, Task } from "../world";
import { ServiceError, num, page, type EmuContext, type Handlers, type TaskView } from "./context";
import { dcsItem } from "./dcs";
import { window } from "./listed";
import { playProgress, type StepState } from "./progress";

const codes = SERVICES.dcs.codes;

function requireInstance(ctx: EmuContext, instanceId: string): Instance {
  const instance = ctx.store.dcsInstances.get(instanceId);
  if (!instance) throw new ServiceError(404, codes.notFound, `The instance ${instanceId} does not exist`);
  return instance;
}

/** A task of an instance, as a read by id shows it; 404 when it is not that instance's. */
function instanceTask(ctx: EmuContext, instanceId: string, taskId: string): TaskView {
  requireInstance(ctx, instanceId);
  const seen = ctx.byId("dcs", taskId);
  if (!seen || seen.task.scope !== instanceId) throw new ServiceError(404, codes.notFound, `The task ${taskId} does not exist on instance ${instanceId}`);
  return seen;
}

/** The steps a DCS task's progress shows. */
function dcsSteps(task: Task): string[] {
  return ["Check the instance", `Run ${task.name}`, "Update the instance's configuration"];
}

const STEP_STATUS: Readonly<Record<StepState, string>> = { done: "FINISH", running: "EXECUTING", waiting: "WAITING", failed: "FAILED" };

/** A job's status: `INIT` while queued, `RUNNING`, then `SUCCESS` or `FAIL`. */
function jobStatus(task: Task, now: number): string {
  if (now >= task.finishAt) return task.outcome === "success" ? "SUCCESS" : "FAIL";
  return now < task.startedAt ? "INIT" : "RUNNING";
}

/** The counters of the instance-status answer, by the status they count. */
const COUNTERS = ["paying", "freezing", "migrating", "flushing", "upgrading", "restoring", "extending", "creating", "running", "error", "frozen", "createfailed", "restarting"] as const;

/** An instance's status now: its own, or `EXTENDING` while a resize of a running instance is in progress. */
function instanceStatus(ctx: EmuContext, instance: Instance): string {
  const own = (instance.status ?? "RUNNING").toUpperCase();
  const busy = ctx.store.busy("dcs", instance.id);
  const resizing = busy !== undefined && ctx.now() >= busy.createdAt && ["EXTEND", "ChangeInstanceSpec"].includes(busy.name);
  return own === "RUNNING" && resizing ? "EXTENDING" : own;
}

/** DCS's operations beyond the task center. */
export const dcsInstanceHandlers: Pick<Handlers, "ListBackgroundTask" | "DcsShowBackgroundTaskProgress" | "ShowJobInfo" | "ListNumberOfInstancesInDifferentStatus"> = {
  ListBackgroundTask: (ctx, { path, query }) => {
    requireInstance(ctx, path.instance_id);
    const inWindow = window(query.start_time, query.end_time);
    const tasks = ctx.listed("dcs", (t) => t.scope === path.instance_id && inWindow(t));
    const items = page(tasks, num(query.offset, 0), num(query.limit, 10));
    return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => dcsItem(task, status, ctx.now())) } };
  },
  DcsShowBackgroundTaskProgress: (ctx, { path }) => {
    const { task } = instanceTask(ctx, path.instance_id, path.task_id);
    const p = playProgress(task, ctx.now(), dcsSteps(task));
    const iso = (t: number | undefined) => (t === undefined ? null : toIsoMillis(t));
    return {
      body: {
        progress: p.percent,
        remain_time: p.remainingS,
        step_details: p.steps.map((s, i) => ({
          step_id: String(i + 1),
          step_name: s.name,
          step_status: STEP_STATUS[s.state],
          begin_time: iso(s.beginAt),
          end_time: iso(s.endAt),
          error_code: s.state === "failed" ? (task.errorCode ?? null) : null,
          sub_step_details: [],
        })),
      },
    };
  },
  ShowJobInfo: (ctx, { path }) => {
    const seen = ctx.byJob("dcs", path.job_id);
    if (!seen) throw new ServiceError(404, codes.notFound, `The job ${path.job_id} does not exist`);
    const { task } = seen;
    const status = seen.status ?? jobStatus(task, ctx.now());
    const ended = ctx.now() >= task.finishAt;
    return {
      body: {
        job_id: path.job_id,
        job_type: task.name,
        status,
        begin_time: String(task.createdAt),
        end_time: ended ? String(task.finishAt) : null,
        fail_reason: ended && task.outcome === "failure" ? (task.errorMsg ?? null) : null,
      },
    };
  },
  ListNumberOfInstancesInDifferentStatus: (ctx, { query }) => {
    const withFailures = query.include_failure === "true";
    const counters = COUNTERS.filter((c) => withFailures || c !== "createfailed");
    const zero = () => Object.fromEntries(counters.map((c) => [`${c}_count`, 0])) as Record<string, number>;
    const all = zero();
    const engines = { redis: zero(), memcached: zero() };
    for (const instance of ctx.store.dcsInstances.values()) {
      const key = `${instanceStatus(ctx, instance).toLowerCase()}_count`;
      if (!(key in all)) continue;
      all[key] = (all[key] ?? 0) + 1;
      const engine = engines[instance.engine === "Memcached" ? "memcached" : "redis"];
      engine[key] = (engine[key] ?? 0) + 1;
    }
    return { body: { ...all, ...engines } };
  },
};
