/**
 * RocketMQ as the emulator plays it: an instance's background tasks (`CREATED` → `EXECUTING` → `SUCCESS`/`FAILED`),
 * `start` or `offset` paging, `task_count` as a string and `params` as JSON inside a string; one task by id (in the
 * list's shape; an unknown id is a 404, assumed); and the progress of a scale-up (`extend`) task, with the wire's
 * `statue` and epoch-ms step times as numbers (other task types have no progress: 404, inferred from Kafka's page).
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import { toIsoMillis } from "../../provider/util/time";
import { TASK_TYPES } from "../catalog";
import type { SeededRandom } from "../random";
import type { Task } from "../world";
import { ServiceError, num, page, type EmuContext, type Handlers, type TaskBehaviour, type TaskView } from "./context";
import { USER, updatedAt, window } from "./listed";
import { playProgress, type StepState } from "./progress";

const codes = SERVICES.rocketmq.codes;

/** RocketMQ tasks: the scope is the instance. */
export const rocketmqBehaviour: TaskBehaviour = {
  status(task, now) {
    if (now >= task.finishAt) return task.outcome === "success" ? "SUCCESS" : "FAILED";
    return now < task.startedAt ? "CREATED" : "EXECUTING";
  },
  newId: (random) => random.hex(32),
  extra: (_store, name, _scope, _failed, random) => ({ ...USER, params: rocketmqParams(name, random) }),
  defaultScope: (store) => [...store.rocketmqInstances.keys()][0] ?? "",
  defaultName: (random) => random.pick(Object.keys(TASK_TYPES.rocketmq)),
};

function rocketmqParams(name: string, random: SeededRandom): string {
  if (name === "bindInstancePublicIp")
    return JSON.stringify({ public_ip_id: random.uuid(), public_ip_address: `100.93.${random.int(0, 255)}.${random.int(1, 254)}`, enable_public_ip: true });
  if (name === "unbindInstancePublicIp") return JSON.stringify({ enable_public_ip: false });
  if (name === "extend") return JSON.stringify({ new_storage_space: random.pick([600, 900, 1200]) });
  return "{}";
}

/** An instance task: `params` is JSON inside a string. */
function item(task: Task, status: string, now: number) {
  return {
    id: task.id,
    name: task.name,
    user_name: task.extra.userName,
    user_id: task.extra.userId,
    params: task.extra.params,
    status,
    created_at: toIsoMillis(task.createdAt),
    updated_at: updatedAt(task, now),
  };
}

function requireInstance(ctx: EmuContext, instanceId: string): void {
  if (!ctx.store.rocketmqInstances.has(instanceId)) throw new ServiceError(404, codes.notFound, `The instance ${instanceId} does not exist`);
}

/** A task of an instance, as a read by id shows it; 404 when it is not that instance's. */
function instanceTask(ctx: EmuContext, instanceId: string, taskId: string): TaskView {
  requireInstance(ctx, instanceId);
  const seen = ctx.byId("rocketmq", taskId);
  if (!seen || seen.task.scope !== instanceId) throw new ServiceError(404, codes.notFound, `The task ${taskId} does not exist on instance ${instanceId}`);
  return seen;
}

/** Task types that report progress, and their steps. */
const PROGRESS_STEPS: Readonly<Record<string, readonly string[]>> = {
  extend: ["Check resources", "Expand the brokers' storage", "Rebalance the queues"],
};

const STATUE: Readonly<Record<StepState, string>> = { done: "COMPLETED", running: "IN_PROGRESS", waiting: "WAITING", failed: "FAILED" };

/** RocketMQ's operations. */
export const rocketmqHandlers: Pick<Handlers, "ListBackgroundTasks" | "ShowBackgroundTask" | "RocketMqShowBackgroundTaskProgress"> = {
  ShowBackgroundTask: (ctx, { path }) => {
    const { task, status } = instanceTask(ctx, path.instance_id, path.task_id);
    return { body: { task_count: "1", tasks: [item(task, status, ctx.now())] } };
  },
  RocketMqShowBackgroundTaskProgress: (ctx, { path }) => {
    const { task } = instanceTask(ctx, path.instance_id, path.task_id);
    const steps = PROGRESS_STEPS[task.name];
    if (!steps) throw new ServiceError(404, codes.notFound, `No progress is reported for task ${task.id} (${task.name})`);
    const p = playProgress(task, ctx.now(), steps);
    return {
      body: {
        progress_percentage: p.percent,
        remain_time: p.remainingS,
        step_list: p.steps.map((s) => ({ name: s.name, statue: STATUE[s.state], start_time: s.beginAt ?? null, end_time: s.endAt ?? null })),
      },
    };
  },
  ListBackgroundTasks: (ctx, { path, query }) => {
    const instanceId = path.instance_id;
    requireInstance(ctx, instanceId);
    const inWindow = window(query.begin_time, query.end_time);
    const tasks = ctx.listed("rocketmq", (t) => t.scope === instanceId && inWindow(t));
    const items = page(tasks, num(query.offset, num(query.start, 0)), num(query.limit, 10));
    return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => item(task, status, ctx.now())) } };
  },
};
