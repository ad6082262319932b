/**
 * DCS as the emulator plays it: the task center (`EXECUTING` → `SUCCESS`/`FAILED`), offset paging with
 * `task_count` as a string, `details` null or partial (numbers where the docs say String), and a window on
 * creation times.
 * @module
 */
import { toIsoMillis } from "../../provider/util/time";
import { TASK_TYPES } from "../catalog";
import type { SeededRandom } from "../random";
import type { Task } from "../world";
import { num, page, type Handlers, type TaskBehaviour } from "./context";
import { USER, updatedAt, window } from "./listed";

/** DCS tasks: the scope is the instance (named in `params`). */
export const dcsBehaviour: TaskBehaviour = {
  status: (task, now) => (now >= task.finishAt ? (task.outcome === "success" ? "SUCCESS" : "FAILED") : "EXECUTING"),
  newId: (random) => random.hex(32),
  extra: (_store, name, scope, _failed, random) => ({
    ...USER,
    jobId: random.hex(32),
    enableShow: random.next() < 0.7,
    params: JSON.stringify({ instance_id: scope }),
    details: dcsDetails(name, random),
  }),
  defaultScope: (store) => [...store.dcsInstances.keys()][0] ?? "",
  defaultName: (random) => random.pick(Object.keys(TASK_TYPES.dcs)),
};

/** `details` as DCS fills it: `null` for most task types, partial objects for some (numbers where docs say String). */
function dcsDetails(name: string, random: SeededRandom): Record<string, unknown> | null {
  switch (name) {
    case "EXTEND":
    case "ChangeInstanceSpec": {
      const old = random.pick([0.125, 0.25, 0.5, 1, 2]);
      return { old_cache_mode: "single", new_cache_mode: "single", old_capacity: old, new_capacity: old * 2 };
    }
    case "BindEip":
      return { enable_public_ip: true, public_ip_id: random.uuid(), public_ip_address: `100.85.${random.int(0, 255)}.${random.int(1, 254)}` };
    case "UnBindEip":
      return { enable_public_ip: false };
    case "AddReplica":
      return { old_replica_num: 1, new_replica_num: 2, replica_az: "cn-north-4a", group_name: "group-0" };
    case "DelReplica":
      return { old_replica_num: 2, new_replica_num: 1, replica_ip: `192.168.0.${random.int(2, 254)}` };
    case "UpdatePort":
      return { old_port: 6379, new_port: random.int(6380, 6400) };
    case "modify":
      return { account_name: "default" };
    default:
      return null;
  }
}

/** A task-center (or instance task list) item: `details` null or partial, ISO times with milliseconds. */
export function dcsItem(task: Task, status: string, now: number) {
  return {
    id: task.id,
    name: task.name,
    job_id: task.extra.jobId,
    user_name: task.extra.userName,
    user_id: task.extra.userId,
    details: task.extra.details ?? null,
    params: task.extra.params,
    status,
    created_at: toIsoMillis(task.createdAt),
    updated_at: updatedAt(task, now),
    error_code: task.outcome === "failure" && status === "FAILED" ? task.errorCode : null,
    enable_show: task.extra.enableShow ?? false,
  };
}

/** DCS's operations. */
export const dcsHandlers: Pick<Handlers, "ListCenterTask"> = {
  ListCenterTask: (ctx, { query }) => {
    const inWindow = window(query.start_time, query.end_time);
    const tasks = ctx.listed("dcs", (t) => inWindow(t));
    const items = page(tasks, num(query.offset, 0), num(query.limit, 10));
    return { body: { task_count: String(tasks.length), tasks: items.map(({ task, status }) => dcsItem(task, status, ctx.now())) } };
  },
};
