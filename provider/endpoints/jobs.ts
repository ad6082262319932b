/**
 * What the job APIs of ECS, EVS and IMS share on the wire: `GET /v1/{project_id}/jobs/{job_id}` on each service's
 * own host, answering one envelope (`status`, `job_id`, `job_type`, `begin_time`, `end_time`, `error_code`,
 * `fail_reason`, `entities`) whose `entities` differ per service. Read loosely: every field may be missing or
 * `null` (a failed query carries `code`/`message` instead of a status).
 * @module
 */
import { z } from "zod";
import { endpoint } from "./table";
import { idString, loose, wireOptString } from "./kit";
import type { ErrorStyle, HostKey } from "./table";
import type { JobServiceName } from "../names";

/** The fields of a job envelope, a job's and a sub-job's alike. */
export const jobEnvelopeFields = {
  status: wireOptString,
  job_id: wireOptString,
  job_type: wireOptString,
  begin_time: wireOptString,
  end_time: wireOptString,
  error_code: wireOptString,
  fail_reason: wireOptString,
};

/** A job id as the services write it (32 lower-case hex characters in the docs; any safe id is accepted). */
export const jobIdSchema = idString(64);

/**
 * The `GET /v1/{project_id}/jobs/{job_id}` entry of one service: its `entities` schema is the service's own, and
 * `code`/`message` are read too (the SDKs model them for a query that failed).
 */
export function showJobEndpoint<E extends z.ZodType>(def: {
  service: JobServiceName;
  host: HostKey;
  entities: E;
  errorStyle?: ErrorStyle;
  docs: string;
}) {
  return endpoint({
    service: def.service,
    operation: "ShowJob",
    method: "GET",
    host: def.host,
    path: "/v1/{project_id}/jobs/{job_id}",
    pathParams: z.strictObject({ job_id: jobIdSchema }),
    query: z.strictObject({}),
    response: loose({ ...jobEnvelopeFields, entities: def.entities.nullish(), code: wireOptString, message: wireOptString }),
    successStatus: 200,
    ...(def.errorStyle ? { errorStyle: def.errorStyle } : {}),
    docs: def.docs,
  });
}

/** The answer of a call that starts a job: its `job_id`, and an `order_id` when a yearly/monthly order must be paid. */
export const jobStarted = loose({ job_id: z.string(), order_id: wireOptString });
