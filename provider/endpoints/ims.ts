/**
 * IMS (Image Management Service): its jobs. Served from the `ims.{region}` host; errors are
 * `{ "error": { "message", "code" } }`.
 * @module
 */
import { z } from "zod";
import type { ServiceDef } from "./table";
import { loose, wireOptString } from "./kit";
import { jobEnvelopeFields, showJobEndpoint } from "./jobs";

/** IMS as a service on the wire. Its error codes for the common cases are the emulator's choice (assumed). */
export const IMS: ServiceDef = {
  name: "ims",
  title: "IMS",
  host: "ims",
  errorStyle: "nested-code",
  codes: { badParameter: "IMG.0001", notFound: "IMG.0024", forbidden: "IMG.0003", internal: "IMG.0500" },
};

/** A percentage the service sends as a number (or a string of one). */
const percent = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/)]).nullish();

/** `entities` of an IMS job: the image it made, progress, per-region results, sub-jobs, and error strings. */
export const imsJobEntities = loose({
  image_id: wireOptString,
  image_name: wireOptString,
  current_task: wireOptString,
  process_percent: percent,
  results: z.array(loose({ image_id: wireOptString, project_id: wireOptString, status: wireOptString })).nullish(),
  sub_jobs_result: z.array(loose({ ...jobEnvelopeFields, entities: loose({ image_id: wireOptString }).nullish() })).nullish(),
  sub_jobs_list: z.array(z.string()).nullish(),
  error_code: wireOptString,
  error: wireOptString,
  addition_error_code: wireOptString,
  addition_error_msg: wireOptString,
  alarm_code: wireOptString,
});

/** `GET /v1/{project_id}/jobs/{job_id}`: one IMS job (image creation, import, copy, sharing ...). */
export const imsShowJob = showJobEndpoint({
  service: "ims",
  host: "ims",
  entities: imsJobEntities,
  docs: "https://support.huaweicloud.com/intl/en-us/api-ims/ims_03_0201.html",
});
