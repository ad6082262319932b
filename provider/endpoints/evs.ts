/**
 * EVS (Elastic Volume Service): its jobs, and the volume extension the emulator plays. Served from the
 * `evs.{region}` host; errors are `{ "error": { "code", "message" } }`.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { idString, loose, wireOptInt, wireOptString } from "./kit";
import { jobEnvelopeFields, jobStarted, showJobEndpoint } from "./jobs";

/** EVS as a service on the wire. Its error codes for the common cases are the emulator's choice (assumed). */
export const EVS: ServiceDef = {
  name: "evs",
  title: "EVS",
  host: "evs",
  errorStyle: "nested-code",
  codes: { badParameter: "EVS.2001", notFound: "EVS.5404", forbidden: "EVS.2003", internal: "EVS.5000" },
};

const DOCS = "https://support.huaweicloud.com/intl/en-us/api-evs/";

/** What an EVS job (or sub-job) says about its volume. */
const volumeFields = { volume_type: wireOptString, size: wireOptInt, volume_id: wireOptString, name: wireOptString };

/** `entities` of an EVS job: its volume, or (batches) only its sub-jobs. */
export const evsJobEntities = loose({
  ...volumeFields,
  sub_jobs: z.array(loose({ ...jobEnvelopeFields, entities: loose(volumeFields).nullish() })).nullish(),
});

/** `GET /v1/{project_id}/jobs/{job_id}`: one EVS job (create, extend, delete, retype ...). */
export const evsShowJob = showJobEndpoint({ service: "evs", host: "evs", entities: evsJobEntities, docs: `${DOCS}ShowJob.html` });

/** `POST /v2.1/{project_id}/cloudvolumes/{volume_id}/action`: extends a volume (`os-extend`) in a job. */
export const evsResizeVolume = endpoint({
  service: "evs",
  operation: "ResizeVolume",
  method: "POST",
  host: "evs",
  path: "/v2.1/{project_id}/cloudvolumes/{volume_id}/action",
  pathParams: z.strictObject({ volume_id: idString() }),
  query: z.strictObject({}),
  body: z.strictObject({
    "os-extend": z.strictObject({ new_size: z.number().int().min(1).max(32_768) }),
    bssParam: z.strictObject({ isAutoPay: z.enum(["true", "false"]).optional() }).optional(),
  }),
  response: jobStarted,
  successStatus: 202,
  docs: `${DOCS}ResizeVolume.html`,
});
