/**
 * EVS jobs: statuses (`INIT`, `RUNNING`, `WAITING_EXECUTE`, `LISTENING` pending), the mapping of an answer, and EVS
 * as a member of the job family.
 * @module
 */
import { evsShowJob, type ResponseOf } from "../../endpoints";
import { opt, toCount } from "../../endpoints/kit";
import type { JobKind } from "../jobs/kind";
import { distinct, jobStatuses, notVisibleJob, toJobCommon } from "../jobs/model";
import type { EvsJob, EvsVolumeEntities } from "./types";

/** EVS job statuses (the 2025 docs add `WAITING_EXECUTE` and `LISTENING`, both in progress). */
export const EVS_JOB_STATUSES = jobStatuses(["WAITING_EXECUTE", "LISTENING"]);

/** An EVS job answer as the wire schema reads it. */
export type EvsJobWire = ResponseOf<typeof evsShowJob>;

type VolumeWire = { volume_id?: string | null; volume_type?: string | null; size?: number | string | null; name?: string | null } | null | undefined;

function volume(e: VolumeWire): EvsVolumeEntities {
  return { volumeId: opt(e?.volume_id), volumeType: opt(e?.volume_type), size: toCount(e?.size), name: opt(e?.name) };
}

/** Maps an EVS job answer. */
export function toEvsJob(w: EvsJobWire): EvsJob {
  const subJobs = (w.entities?.sub_jobs ?? []).map((s) => ({ ...toJobCommon(s, EVS_JOB_STATUSES), ...volume(s.entities) }));
  const own = volume(w.entities);
  return { ...toJobCommon(w, EVS_JOB_STATUSES), ...own, subJobs, volumeIds: distinct([own.volumeId, ...subJobs.map((s) => s.volumeId)]) };
}

/** EVS in the job family. */
export const EVS_JOBS: JobKind<EvsJobWire, EvsJob> = {
  service: "evs",
  statuses: EVS_JOB_STATUSES,
  show: (client, jobId, opts) => client.call(evsShowJob, { path: { job_id: jobId } }, opts),
  toJob: toEvsJob,
  subJobLines: (job) => job.subJobs.map((s) => ({ job: s, target: s.volumeId && `volume ${s.volumeId}` })),
  names: { get: "getEvsJob", wait: "waitForEvsJob" },
  resource: "EvsJobWaiter",
  ids: { output: "volumeIds", of: (job) => job.volumeIds },
  placeholder: (jobId) => ({ ...notVisibleJob(jobId), ...volume(undefined), subJobs: [], volumeIds: [] }),
};
