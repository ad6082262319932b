/**
 * CSMS (Cloud Secret Management Service, part of DEW): secret rotation tasks. Served from the `kms.{region}` host.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { idString, intParam, loose, wireCount, wireOptInt, wireOptString } from "./kit";

/** CSMS as a service on the wire. */
export const CSMS: ServiceDef = {
  name: "csms",
  title: "CSMS",
  host: "kms",
  errorStyle: "nested",
  codes: { badParameter: "CSMS.0002", notFound: "CSMS.0106", forbidden: "CSMS.0403", internal: "CSMS.0500" },
};

const DOCS = "https://support.huaweicloud.com/intl/en-us/api-dew/";

/** Secret names: 1-64 letters, digits, `.`, `_` or `-` (no `/`, so a name cannot change the route). */
export const secretName = () =>
  z
    .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be a string") })
    .min(1, { error: "must not be empty" })
    .max(64, { error: "must be at most 64 characters" })
    .regex(/^[A-Za-z0-9_.-]+$/, {
      error: (iss) =>
        `must hold only letters, digits, '_', '-' or '.' (got ${JSON.stringify(String(iss.input).slice(0, 40))})`,
    })
    .refine((s) => s !== "." && s !== "..", { error: "must not be '.' or '..'" });

/** The CSMS `status` filter accepts the two final states only. */
export const csmsStatusFilter = z.enum(["SUCCESS", "FAILED"], { error: 'must be "SUCCESS" or "FAILED"' });

/**
 * `GET /v1/{project_id}/csms/tasks`: rotation tasks, paged by `marker`. `task_id` may not be combined with
 * `secret_name` or `status` (the service answers 400 `CSMS.0002`).
 */
export const csmsListTasks = endpoint({
  service: "csms",
  operation: "ListSecretTask",
  method: "GET",
  host: "kms",
  path: "/v1/{project_id}/csms/tasks",
  pathParams: z.strictObject({}),
  query: z
    .strictObject({
      secret_name: secretName().optional(),
      status: csmsStatusFilter.optional(),
      task_id: idString().optional(),
      limit: intParam(1, 200).optional(),
      marker: idString().optional(),
    })
    .superRefine((q, ctx) => {
      if (q.task_id !== undefined && (q.secret_name !== undefined || q.status !== undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["task_id"],
          message: "cannot be combined with secret_name or status: give the task id alone, or filter without it",
        });
      }
    }),
  response: loose({
    total: wireCount,
    tasks: z.array(
      loose({
        task_id: z.string(),
        secret_name: wireOptString,
        rotation_func_urn: wireOptString,
        task_status: z.string(),
        operate_type: wireOptString,
        task_time: wireOptInt,
        attempt_nums: wireOptInt,
        task_error_code: wireOptString,
        task_error_msg: wireOptString,
      }),
    ),
    next_marker: wireOptString,
  }),
  successStatus: 200,
  paging: {
    style: "marker",
    markerParam: "marker",
    limitParam: "limit",
    defaultLimit: 50,
    maxLimit: 200,
    items: (r) => r.tasks,
    total: (r) => r.total,
    nextMarker: (r) => r.next_marker ?? undefined,
  },
  docs: `${DOCS}ListSecretTask.html`,
});

/** `POST /v1/{project_id}/secrets/{secret_name}/rotate`: starts a rotation and answers its task id. */
export const csmsRotateSecret = endpoint({
  service: "csms",
  operation: "RotateSecret",
  method: "POST",
  host: "kms",
  path: "/v1/{project_id}/secrets/{secret_name}/rotate",
  pathParams: z.strictObject({ secret_name: secretName() }),
  query: z.strictObject({}),
  body: z.strictObject({}),
  response: loose({ rotation_task_id: z.string(), version_id: wireOptString }),
  successStatus: 200,
  docs: `${DOCS}RotateSecret.html`,
});
