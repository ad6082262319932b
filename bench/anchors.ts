/**
 * The anchors' waiters, replayed faithfully: each look is the single API call Terraform makes (KPS by id, CSMS
 * list by task id, DCS task-center window, RocketMQ instance list; and for the reads added since: a DCS job by id,
 * a DCS instance's unfiltered task list as `dcs_account` polls it, a RocketMQ task by id, an ECS, EVS or IMS job by
 * id), on the anchor's own schedule, unshared.
 * @module
 */
import { ApiError } from "../provider";
import type { TaskApiClient } from "../provider/http/client";
import {
  csmsListTasks,
  dcsListInstanceTasks,
  dcsListTasks,
  dcsShowJob,
  ecsShowJob,
  evsShowJob,
  imsShowJob,
  kpsShowTask,
  rocketmqListTasks,
  rocketmqShowTask,
} from "../provider/endpoints";
import { normalizeStatus, type StatusTable } from "../provider/core/status";
import { TASK_MODULES } from "../provider/tasks";
import { DCS_JOB_STATUSES } from "../provider/tasks/dcs/job-model";
import { poll, type Observation, type PollResult } from "../provider/waiter/poller";
import type { Schedule } from "../provider/waiter/schedule";
import { toCompactUtc } from "../provider/util/time";
import type { VirtualClock } from "../emulator";

/** A task of the trace, as the emulator created it. */
export interface TraceTask {
  service: "kps" | "csms" | "dcs" | "rocketmq" | "ecs" | "evs" | "ims";
  id: string;
  scope: string;
  createdAt: number;
}

/** A task of the second trace: a DCS job, a DCS instance's task, or a RocketMQ task read by id. */
export interface MoreTraceTask {
  kind: "dcs-job" | "dcs-instance" | "rocketmq-by-id";
  /** The task id (for a DCS job: the job id). */
  id: string;
  /** The instance. */
  scope: string;
  createdAt: number;
}

/** What a status says, as an anchor reads it (unknown statuses are pending). */
function seenWith(statuses: StatusTable): (raw: string | undefined) => Observation<string> {
  return (raw) => {
    if (raw === undefined) return { kind: "not-found" };
    const status = normalizeStatus(raw);
    const phase = statuses.classify(status);
    return phase === "pending" ? { kind: "pending", status } : { kind: phase, status, value: status };
  };
}

/** An anchor's look that failed: transient unless the API said otherwise. */
function failed(error: unknown): Observation<string> {
  return { kind: "error", error, transient: !(error instanceof ApiError) || error.status === 429 || error.status >= 500 };
}

/** One look at a task of the second trace, the way Terraform looks: one API call. */
export function anchorMoreCheck(client: TaskApiClient, task: MoreTraceTask): (signal: AbortSignal) => Promise<Observation<string>> {
  return async (signal) => {
    try {
      switch (task.kind) {
        case "dcs-job":
          return seenWith(DCS_JOB_STATUSES)((await client.call(dcsShowJob, { path: { job_id: task.id } }, { signal })).data.status);
        case "dcs-instance": {
          const r = await client.call(dcsListInstanceTasks, { path: { instance_id: task.scope }, query: { limit: 1000 } }, { signal });
          return seenWith(TASK_MODULES.dcs.statuses)(r.data.tasks.find((t) => t.id === task.id)?.status);
        }
        case "rocketmq-by-id": {
          const r = await client.call(rocketmqShowTask, { path: { instance_id: task.scope, task_id: task.id } }, { signal });
          return seenWith(TASK_MODULES.rocketmq.statuses)(r.data.tasks[0]?.status);
        }
      }
    } catch (error) {
      return failed(error);
    }
  };
}

/** One look at `task`, the way the anchors look: one API call. */
export function anchorCheck(client: TaskApiClient, task: TraceTask): (signal: AbortSignal) => Promise<Observation<string>> {
  const seen = seenWith(TASK_MODULES[task.service].statuses);
  return async (signal) => {
    try {
      switch (task.service) {
        case "kps":
          return seen((await client.call(kpsShowTask, { path: { task_id: task.id } }, { signal })).data.task_status);
        case "csms":
          return seen((await client.call(csmsListTasks, { query: { task_id: task.id } }, { signal })).data.tasks[0]?.task_status);
        case "dcs": {
          const start = toCompactUtc(new Date(task.createdAt - 60_000));
          const r = await client.call(dcsListTasks, { query: { start_time: start, limit: 1000 } }, { signal });
          return seen(r.data.tasks.find((t) => t.id === task.id)?.status);
        }
        case "rocketmq": {
          const r = await client.call(rocketmqListTasks, { path: { instance_id: task.scope }, query: { limit: 1000 } }, { signal });
          return seen(r.data.tasks.find((t) => t.id === task.id)?.status);
        }
        case "ecs":
        case "evs":
        case "ims": {
          const ep = task.service === "ecs" ? ecsShowJob : task.service === "evs" ? evsShowJob : imsShowJob;
          return seen((await client.call(ep, { path: { job_id: task.id } }, { signal })).data.status ?? undefined);
        }
      }
    } catch (error) {
      return failed(error);
    }
  };
}

/** Waits for `task` with an anchor's schedule, starting at the task's creation; deadline `timeoutMs` (virtual). */
export function anchorWait(
  client: TaskApiClient,
  clock: VirtualClock,
  task: TraceTask | MoreTraceTask,
  schedule: Schedule,
  timeoutMs = 30 * 60_000,
): Promise<PollResult<string>> {
  return poll<string>({
    check: "kind" in task ? anchorMoreCheck(client, task) : anchorCheck(client, task),
    schedule,
    timeoutMs,
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    random: Math.random,
  });
}
