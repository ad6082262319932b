/**
 * ECS as the emulator plays it: jobs (`GET /v1/{project_id}/jobs/{job_id}`, failures answered as `{ code, message }`)
 * with sub-jobs per server for batches, and the calls that start one: batch start/stop/reboot and resize (a
 * yearly/monthly server's resize waits in `PENDING_PAYMENT` unless auto-paid). Finished jobs change the world:
 * servers started, stopped, resized, created.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import type { Server, World } from "../world";
import { ServiceError, type EmuContext, type Handlers } from "./context";
import { jobBehaviour, jobById, jobEnvelope, subJobsOf } from "./jobs";

const codes = SERVICES.ecs.codes;

/** The power state a successful batch leaves its servers in. */
const POWER: Readonly<Record<string, Server["status"]>> = { batchStartServers: "ACTIVE", batchRebootServers: "ACTIVE", batchStopServers: "SHUTOFF" };

/** Servers of the world, from `scope` on (a batch made by the admin API acts on the world's servers). */
function serversFrom(store: World, scope: string, n: number): string[] {
  const ids = [...store.servers.keys()];
  const start = Math.max(0, ids.indexOf(scope));
  return Array.from({ length: n }, (_, i) => ids[(start + i) % Math.max(1, ids.length)] ?? scope);
}

/** ECS jobs: the scope is the (first) server. */
export const ecsBehaviour = jobBehaviour({
  service: "ecs",
  defaultScope: (store) => [...store.servers.keys()][0] ?? "",
  extra: () => ({}),
  // A create makes new servers; other batches act on the servers named, else on the world's from the scope on.
  subJobEntities: (store, name, extra, scope, n, random) => {
    if (name === "createServer") return Array.from({ length: n }, () => random.uuid());
    const world = serversFrom(store, scope, n);
    return Array.from({ length: n }, (_, i) => extra.serverIds?.[i] ?? world[i] ?? scope);
  },
  settle(store, task) {
    const done = (task.extra.subJobs ?? []).filter((s) => !s.failed).map((s) => s.entityId);
    if (task.name === "createServer") {
      for (const id of done) store.servers.set(id, { id, name: `ecs-${id.slice(0, 8)}`, status: "ACTIVE", keypairName: undefined });
      return;
    }
    if (task.outcome !== "success" && done.length === 0) return;
    const power = POWER[task.name];
    for (const id of power ? done : []) {
      const server = store.servers.get(id);
      if (server && power) server.status = power;
    }
    const server = store.servers.get(task.scope);
    if (task.name === "resizeServer" && server && task.outcome === "success") server.flavorRef = task.extra.flavorRef;
    if (task.name === "deleteVMs") for (const id of done) store.servers.delete(id);
  },
});

/** Starts an ECS job from a public call, with the queued overrides of the admin API. */
function startJob(ctx: EmuContext, name: string, scope: string, extra: Record<string, unknown>) {
  const next = ctx.store.takeNext("ecs");
  return ctx.store.createTask({ ...next, service: "ecs", name, scope, extra: { ...next.extra, ...extra } });
}

/** ECS's operations. */
export const ecsHandlers: Pick<Handlers, "ShowEcsJob" | "BatchServerAction" | "ResizeServer"> = {
  ShowEcsJob: (ctx, { path }) => {
    const view = jobById(ctx, "ecs", codes, path.job_id);
    const subJobs = subJobsOf(view.task, ctx.now(), (sub) => ({ server_id: sub.entityId }));
    const entities = subJobs.length > 0 ? { sub_jobs_total: subJobs.length, sub_jobs: subJobs } : { server_id: view.task.scope };
    return { body: { ...jobEnvelope(view), entities } };
  },
  BatchServerAction: (ctx, { body }) => {
    const [name, servers] =
      "os-start" in body ? ["batchStartServers", body["os-start"].servers] : "os-stop" in body ? ["batchStopServers", body["os-stop"].servers] : ["batchRebootServers", body.reboot.servers];
    const ids = [...new Set(servers.map((s) => s.id))];
    const missing = ids.find((id) => !ctx.store.servers.has(id));
    if (missing) throw new ServiceError(404, codes.notFound, `The server ${missing} does not exist`);
    const task = startJob(ctx, name, ids[0] ?? "", { serverIds: ids });
    return { body: { job_id: task.id } };
  },
  ResizeServer: (ctx, { path, body }) => {
    const server = ctx.store.servers.get(path.server_id);
    if (!server) throw new ServiceError(404, codes.notFound, `The server ${path.server_id} does not exist`);
    if (server.flavorRef === body.resize.flavorRef) throw new ServiceError(400, codes.badParameter, `The server already has flavor ${body.resize.flavorRef}`);
    const prepaid = server.chargingMode === "prePaid";
    const paying = prepaid && body.resize.extendparam?.isAutoPay !== "true";
    const task = startJob(ctx, "resizeServer", server.id, { flavorRef: body.resize.flavorRef, ...(paying ? { queuedStatus: "PENDING_PAYMENT" } : {}) });
    return { body: { job_id: task.id, ...(prepaid ? { order_id: `CS${task.id.slice(0, 13).toUpperCase()}` } : {}) } };
  },
};
