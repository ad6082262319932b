/**
 * IMS jobs: statuses (`INIT`, `RUNNING` pending), the mapping of an answer, and IMS as a member of the job family.
 * @module
 */
import { imsShowJob, type ResponseOf } from "../../endpoints";
import { opt } from "../../endpoints/kit";
import { percentOf } from "../../core/progress";
import type { JobKind } from "../jobs/kind";
import { distinct, jobStatuses, notVisibleJob, toJobCommon } from "../jobs/model";
import type { ImsJob } from "./types";

/** IMS job statuses. */
export const IMS_JOB_STATUSES = jobStatuses([]);

/** An IMS job answer as the wire schema reads it. */
export type ImsJobWire = ResponseOf<typeof imsShowJob>;

/** Maps an IMS job answer. */
export function toImsJob(w: ImsJobWire): ImsJob {
  const e = w.entities ?? undefined;
  const common = toJobCommon(w, IMS_JOB_STATUSES);
  const subJobs = (e?.sub_jobs_result ?? []).map((s) => ({ ...toJobCommon(s, IMS_JOB_STATUSES), imageId: opt(s.entities?.image_id) }));
  const results = (e?.results ?? []).map((r) => ({ imageId: opt(r.image_id), projectId: opt(r.project_id), status: opt(r.status) }));
  const percent = e?.process_percent;
  return {
    ...common,
    errorCode: common.errorCode ?? (opt(e?.error_code) || undefined),
    failReason: common.failReason ?? (opt(e?.error) || undefined),
    imageId: opt(e?.image_id),
    imageName: opt(e?.image_name),
    currentTask: opt(e?.current_task),
    processPercent: percentOf(percent),
    results,
    subJobs,
    subJobIds: e?.sub_jobs_list ?? [],
    imageIds: distinct([e?.image_id, ...results.map((r) => r.imageId), ...subJobs.map((s) => s.imageId)]),
  };
}

/** IMS in the job family. */
export const IMS_JOBS: JobKind<ImsJobWire, ImsJob> = {
  service: "ims",
  statuses: IMS_JOB_STATUSES,
  show: (client, jobId, opts) => client.call(imsShowJob, { path: { job_id: jobId } }, opts),
  toJob: toImsJob,
  subJobLines: (job) => job.subJobs.map((s) => ({ job: s, target: s.imageId && `image ${s.imageId}` })),
  names: { get: "getImsJob", wait: "waitForImsJob" },
  resource: "ImsJobWaiter",
  ids: { output: "imageIds", of: (job) => job.imageIds },
  placeholder: (jobId) => ({
    ...notVisibleJob(jobId),
    imageId: undefined,
    imageName: undefined,
    currentTask: undefined,
    processPercent: undefined,
    results: [],
    subJobs: [],
    subJobIds: [],
    imageIds: [],
  }),
};
