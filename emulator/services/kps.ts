/**
 * KPS as the emulator plays it: `READY_x` → `RUNNING_x` → `SUCCESS_x`/`FAILED_x` tasks on servers, the by-id read,
 * the running and failed lists (`task_time` a string of epoch ms), associate/disassociate starts, and the deletion
 * of failed-task records.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import type { Task, World } from "../world";
import { ServiceError, num, page, type EmuContext, type Handlers, type TaskBehaviour } from "./context";

const codes = SERVICES.kps.codes;

/** KPS tasks: the operation is the task's name; the scope is the server. */
export const kpsBehaviour: TaskBehaviour = {
  status(task, now) {
    const ok = task.outcome === "success";
    const stage = now >= task.finishAt ? (ok ? "SUCCESS" : "FAILED") : now < task.startedAt ? "READY" : "RUNNING";
    return `${stage}_${task.name}`;
  },
  newId: (random) => random.uuid(),
  extra(store, _name, scope) {
    const server = store.servers.get(scope);
    return { serverName: server?.name ?? "ecs", keypairName: server?.keypairName ?? "KeyPair-demo" };
  },
  defaultScope: (store) => [...store.servers.keys()][0] ?? "",
  defaultName: (random) => random.pick(["RESET", "REPLACE", "BIND", "UNBIND"]),
  settle(store, task) {
    if (task.outcome !== "success") return;
    const server = store.servers.get(task.scope);
    if (server) server.keypairName = task.name === "UNBIND" ? undefined : task.extra.keypairName;
  },
};

/** A `running-tasks` / `failed-tasks` item: `task_time` is a string of epoch ms. */
function listItem(store: World, task: Task, status: string, failed: boolean) {
  return {
    task_id: task.id,
    operate_type: status,
    task_time: String(task.createdAt),
    server_name: task.extra.serverName ?? store.servers.get(task.scope)?.name,
    server_id: task.scope,
    keypair_name: task.extra.keypairName,
    ...(failed ? { task_error_code: task.errorCode, task_error_msg: task.errorMsg } : {}),
  };
}

/** Starts a KPS task on a server (one at a time per server, as KPS allows). */
function start(ctx: EmuContext, serverId: string, operation: string, keypairName: string | undefined) {
  const store = ctx.store;
  const server = store.servers.get(serverId);
  if (!server) throw new ServiceError(404, codes.notFound, `The server ${serverId} does not exist`);
  if (store.busy("kps", serverId)) throw new ServiceError(409, "KPS.0015", `A key pair task is already running on server ${serverId}`);
  const next = store.takeNext("kps");
  const task = store.createTask({
    ...next,
    service: "kps",
    name: operation,
    scope: serverId,
    extra: { serverName: server.name, keypairName: keypairName ?? server.keypairName ?? "", ...next.extra },
  });
  return { status: 202, body: { task_id: task.id } };
}

const isFailed = (status: string) => status.startsWith("FAILED_");
const isRunning = (status: string) => !/^(SUCCESS|FAILED)_/.test(status);

/** KPS's operations. */
export const kpsHandlers: Pick<
  Handlers,
  "ListKeypairTask" | "ListRunningTask" | "ListFailedTask" | "AssociateKeypair" | "DisassociateKeypair" | "DeleteFailedTask" | "DeleteAllFailedTask"
> = {
  ListKeypairTask: (ctx, { path }) => {
    const seen = ctx.byId("kps", path.task_id);
    if (!seen) throw new ServiceError(404, codes.notFound, `The task ${path.task_id} does not exist`);
    return { body: { server_id: seen.task.scope, task_id: seen.task.id, task_status: seen.status } };
  },
  ListRunningTask: (ctx, { query }) => {
    const running = ctx.listed("kps", (_t, s) => isRunning(s));
    const items = page(running, num(query.offset, 0), num(query.limit, 1000));
    return { body: { total: running.length, tasks: items.map(({ task, status }) => listItem(ctx.store, task, status, false)) } };
  },
  ListFailedTask: (ctx, { query }) => {
    const failed = ctx.listed("kps", (t, s) => isFailed(s) && !t.recordDeleted);
    const items = page(failed, num(query.offset, 0), num(query.limit, 1000));
    return { body: { total: failed.length, tasks: items.map(({ task, status }) => listItem(ctx.store, task, status, true)) } };
  },
  AssociateKeypair: (ctx, { body }) => {
    if (!ctx.store.keypairs.has(body.keypair_name)) throw new ServiceError(404, "KPS.0006", `The key pair ${body.keypair_name} does not exist`);
    const server = ctx.store.servers.get(body.server.id);
    if (!body.server.auth && server && server.status !== "SHUTOFF")
      throw new ServiceError(400, "KPS.0012", "Resetting a key pair needs the server to be stopped");
    const op = body.server.auth ? (server?.keypairName ? "REPLACE" : "BIND") : "RESET";
    return start(ctx, body.server.id, op, body.keypair_name);
  },
  DisassociateKeypair: (ctx, { body }) => {
    const server = ctx.store.servers.get(body.server.id);
    if (server && !server.keypairName) throw new ServiceError(400, "KPS.0013", `The server ${body.server.id} has no key pair to unbind`);
    return start(ctx, body.server.id, "UNBIND", server?.keypairName);
  },
  DeleteFailedTask: (ctx, { path }) => {
    const seen = ctx.byId("kps", path.task_id);
    if (!seen || !isFailed(seen.status) || seen.task.recordDeleted)
      throw new ServiceError(400, "KPS.0020", `The task ${path.task_id} is not a failed task`);
    seen.task.recordDeleted = true;
    return { body: undefined };
  },
  DeleteAllFailedTask: (ctx) => {
    for (const { task } of ctx.listed("kps", (_t, s) => isFailed(s))) task.recordDeleted = true;
    return { body: undefined };
  },
};
