/**
 * IMS as the emulator plays it: jobs (`GET /v1/{project_id}/jobs/{job_id}`) with the image they make, progress
 * while running, and sub-jobs when asked for. IMS jobs are created through the admin API.
 * @module
 */
import { SERVICES } from "../../provider/endpoints";
import type { Handlers } from "./context";
import { jobBehaviour, jobById, jobEnvelope, subJobsOf } from "./jobs";

const codes = SERVICES.ims.codes;

/** IMS jobs: the scope is the image (a new one unless given). */
export const imsBehaviour = jobBehaviour({
  service: "ims",
  defaultScope: () => "",
  extra: (_store, _name, scope, random) => {
    const imageId = scope || random.uuid();
    return { imageId, imageName: `ims-image-${imageId.slice(0, 8)}` };
  },
  subJobEntities: (_store, _name, _extra, _scope, n, random) => Array.from({ length: n }, () => random.uuid()),
});

/** IMS's operations. */
export const imsHandlers: Pick<Handlers, "ShowImsJob"> = {
  ShowImsJob: (ctx, { path }) => {
    const view = jobById(ctx, "ims", codes, path.job_id);
    const t = view.task;
    const now = ctx.now();
    const running = view.status === "RUNNING";
    const percent = now >= t.finishAt ? 100 : running ? Math.round(((now - t.startedAt) / Math.max(1, t.finishAt - t.startedAt)) * 1000) / 10 : 0;
    const subJobs = subJobsOf(t, now, (sub) => ({ image_id: sub.entityId }));
    const entities = {
      image_id: t.extra.imageId,
      image_name: t.extra.imageName,
      process_percent: percent,
      ...(running ? { current_task: "CreateImage" } : {}),
      ...(subJobs.length > 0 ? { sub_jobs_result: subJobs, sub_jobs_list: subJobs.map((s) => s.job_id) } : {}),
    };
    return { body: { ...jobEnvelope(view), entities } };
  },
};
