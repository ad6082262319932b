/**
 * EVS as the emulator plays it: jobs (`GET /v1/{project_id}/jobs/{job_id}`; a batch's volumes only in its sub-jobs)
 * and the call that starts one: extending a volume. Finished jobs change the world: volumes extended, created,
 * deleted.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import type { Volume } from "../world";
import { ServiceError, type Handlers } from "./context";
import { jobBehaviour, jobById, jobEnvelope, subJobsOf } from "./jobs";

const codes = SERVICES.evs.codes;

/** Jobs that make volumes: their volume ids are new. */
const CREATES = new Set(["createVolume", "batchCreateVolume"]);

/** EVS jobs: the scope is the volume. */
export const evsBehaviour = jobBehaviour({
  service: "evs",
  defaultScope: (store) => [...store.volumes.keys()][0] ?? "",
  extra: (store, name, scope, random) => {
    const volume = store.volumes.get(scope);
    return { volumeId: CREATES.has(name) ? random.uuid() : scope, volumeType: volume?.volumeType ?? "SSD", size: volume?.size ?? 40 };
  },
  subJobEntities: (_store, _name, _extra, _scope, n, random) => Array.from({ length: n }, () => random.uuid()),
  settle(store, task) {
    const e = task.extra;
    const made = (id: string): Volume => ({ id, name: `evs-${id.slice(0, 8)}`, size: e.size ?? 40, volumeType: e.volumeType ?? "SSD" });
    for (const sub of e.subJobs ?? []) if (!sub.failed && CREATES.has(task.name)) store.volumes.set(sub.entityId, made(sub.entityId));
    if (task.outcome !== "success") return;
    const volume = store.volumes.get(e.volumeId ?? task.scope);
    if (task.name === "extendVolume" && volume && e.size !== undefined) volume.size = e.size;
    if (task.name === "createVolume" && !e.subJobs && e.volumeId) store.volumes.set(e.volumeId, made(e.volumeId));
    if (task.name === "deleteVolume") store.volumes.delete(task.scope);
  },
});

/** EVS's operations. */
export const evsHandlers: Pick<Handlers, "ShowEvsJob" | "ResizeVolume"> = {
  ShowEvsJob: (ctx, { path }) => {
    const view = jobById(ctx, "evs", codes, path.job_id);
    const e = view.task.extra;
    const volume = (id: string | undefined) => ({ volume_id: id, size: e.size, volume_type: e.volumeType, name: id && `evs-${id.slice(0, 8)}` });
    const subJobs = subJobsOf(view.task, ctx.now(), (sub) => volume(sub.entityId));
    // A batch shows its volumes only in its sub-jobs, as the API documents.
    const entities = subJobs.length > 0 ? { sub_jobs: subJobs } : volume(e.volumeId);
    return { body: { ...jobEnvelope(view), entities } };
  },
  ResizeVolume: (ctx, { path, body }) => {
    const volume = ctx.store.volumes.get(path.volume_id);
    if (!volume) throw new ServiceError(404, codes.notFound, `The volume ${path.volume_id} does not exist`);
    const size = body["os-extend"].new_size;
    if (size <= volume.size) throw new ServiceError(400, codes.badParameter, `The new size ${size} GB must be larger than the volume's ${volume.size} GB`);
    const next = ctx.store.takeNext("evs");
    const task = ctx.store.createTask({ ...next, service: "evs", name: "extendVolume", scope: volume.id, extra: { ...next.extra, size } });
    return { status: 202, body: { job_id: task.id } };
  },
};
