/**
 * RocketMQ as the emulator plays it: an instance's background tasks (`CREATED` → `EXECUTING` → `SUCCESS`/`FAILED`),
 * `start` or `offset` paging, `task_count` as a string and `params` as JSON inside a string.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import { toIsoMillis } from "../../provider/util/time";
import { TASK_TYPES } from "../catalog";
import type { SeededRandom } from "../random";
import type { Task } from "../world";
import { ServiceError, num, page, type Handlers, type TaskBehaviour } from "./context";
import { USER, updatedAt, window } from "./listed";

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

/** RocketMQ's operations. */
export const rocketmqHandlers: Pick<Handlers, "ListBackgroundTasks"> = {
  ListBackgroundTasks: (ctx, { path, query }) => {
    const instanceId = path.instance_id;
    if (!ctx.store.rocketmqInstances.has(instanceId))
      throw new ServiceError(404, SERVICES.rocketmq.codes.notFound, `The instance ${instanceId} does not exist`);
    const inWindow = window(query.begin_time, query.end_time);
    const tasks = ctx.listed("rocketmq", (t) => t.scope === instanceId && inWindow(t));
    const items = page(tasks, num(query.offset, num(query.start, 0)), num(query.limit, 10));
    return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => item(task, status, ctx.now())) } };
  },
};
