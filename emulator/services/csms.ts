/**
 * CSMS as the emulator plays it: `PROCESSING` → `SUCCESS`/`FAILED` rotations of secrets, listed newest first with
 * marker paging (`task_time` a number), started by `RotateSecret`.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import type { Task } from "../world";
import { ServiceError, num, page, type Handlers, type TaskBehaviour } from "./context";

/** CSMS rotations: the scope is the secret. */
export const csmsBehaviour: TaskBehaviour = {
  status: (task, now) => (now >= task.finishAt ? (task.outcome === "success" ? "SUCCESS" : "FAILED") : "PROCESSING"),
  newId: (random) => random.uuid(),
  extra(store, _name, scope, failed, random) {
    const secret = store.secrets.get(scope);
    return {
      rotationFuncUrn: secret?.rotationFuncUrn ?? "",
      operateType: secret?.operateType ?? "MULTI_USER",
      attemptNums: failed ? 3 : random.int(1, 2),
    };
  },
  defaultScope: (store) => [...store.secrets.keys()][0] ?? "",
  defaultName: () => "ROTATE",
};

/** A CSMS task: `task_time` is a number; error fields only on failure. */
function item(task: Task, status: string) {
  return {
    task_id: task.id,
    secret_name: task.scope,
    rotation_func_urn: task.extra.rotationFuncUrn,
    task_status: status,
    operate_type: task.extra.operateType,
    task_time: task.createdAt,
    attempt_nums: status === "PROCESSING" ? 1 : task.extra.attemptNums,
    ...(status === "FAILED" ? { task_error_code: task.errorCode, task_error_msg: task.errorMsg } : {}),
  };
}

/** CSMS's operations. */
export const csmsHandlers: Pick<Handlers, "ListSecretTask" | "RotateSecret"> = {
  ListSecretTask: (ctx, { query }) => {
    const { task_id: taskId, secret_name: secret, status: wanted, marker } = query;
    if (taskId !== undefined) {
      // A read by id: a by-id fault applies to it.
      const one = ctx.byId("csms", taskId);
      const shown = one && (secret === undefined || one.task.scope === secret) ? [one] : [];
      return { body: { total: shown.length, tasks: shown.map(({ task, status }) => item(task, status)) } };
    }
    const matching = ctx.listed("csms", (t, s) => (secret === undefined || t.scope === secret) && (wanted === undefined || s === wanted));
    const start = marker === undefined ? 0 : matching.findIndex(({ task }) => task.id === marker) + 1;
    const items = start <= 0 && marker !== undefined ? [] : page(matching, start, num(query.limit, 50));
    const last = items[items.length - 1];
    return {
      body: {
        total: matching.length,
        tasks: items.map(({ task, status }) => item(task, status)),
        ...(last ? { next_marker: last.task.id } : {}),
      },
    };
  },
  RotateSecret: (ctx, { path }) => {
    const name = path.secret_name;
    if (!ctx.store.secrets.has(name)) throw new ServiceError(404, SERVICES.csms.codes.notFound, `The secret ${name} does not exist`);
    const next = ctx.store.takeNext("csms");
    const task = ctx.store.createTask({ ...next, service: "csms", name: "ROTATE", scope: name });
    return { body: { rotation_task_id: task.id } };
  },
};
