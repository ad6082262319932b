/**
 * The anchors' waiters, replayed faithfully: each look is the single API call Terraform makes (KPS by id, CSMS
 * list by task id, DCS task-center window, RocketMQ instance list, an ECS, EVS or IMS job by id), on the anchor's
 * own schedule, unshared.
 * @module
 */
import { ApiError } from "../provider";
import type { TaskApiClient } from "../provider/http/client";
import { csmsListTasks, dcsListTasks, ecsShowJob, evsShowJob, imsShowJob, kpsShowTask, rocketmqListTasks } from "../provider/endpoints";
import { normalizeStatus } from "../provider/core/status";
import { TASK_MODULES } from "../provider/tasks";
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

/** One look at `task`, the way the anchors look: one API call. */
export function anchorCheck(client: TaskApiClient, task: TraceTask): (signal: AbortSignal) => Promise<Observation<string>> {
  const statuses = TASK_MODULES[task.service].statuses;
  const seen = (raw: string | undefined): Observation<string> => {
    if (raw === undefined) return { kind: "not-found" };
    const status = normalizeStatus(raw);
    const phase = statuses.classify(status);
    return phase === "pending" ? { kind: "pending", status } : { kind: phase, status, value: status };
  };
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
      return { kind: "error", error, transient: !(error instanceof ApiError) || error.status === 429 || error.status >= 500 };
    }
  };
}

/** Waits for `task` with an anchor's schedule, starting at the task's creation. */
export function anchorWait(client: TaskApiClient, clock: VirtualClock, task: TraceTask, schedule: Schedule): Promise<PollResult<string>> {
  return poll<string>({
    check: anchorCheck(client, task),
    schedule,
    timeoutMs: 30 * 60_000,
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    random: Math.random,
  });
}
