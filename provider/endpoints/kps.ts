/**
 * KPS (Key Pair Service, part of DEW): key-pair tasks. Served from the `kms.{region}` host (there is no `kps.`).
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { idString, intParam, loose, wireCount, wireOptInt, wireOptString } from "./kit";

/** KPS as a service on the wire. */
export const KPS: ServiceDef = {
  name: "kps",
  title: "KPS",
  host: "kms",
  errorStyle: "flat",
  codes: { badParameter: "KPS.0001", notFound: "KPS.0404", forbidden: "KPS.0403", internal: "KPS.0500" },
};

const DOCS = "https://support.huaweicloud.com/intl/en-us/api-dew/";

/** `GET /v3/{project_id}/tasks/{task_id}`: one key-pair task. */
export const kpsShowTask = endpoint({
  service: "kps",
  operation: "ListKeypairTask",
  method: "GET",
  host: "kms",
  path: "/v3/{project_id}/tasks/{task_id}",
  pathParams: z.strictObject({ task_id: idString() }),
  query: z.strictObject({}),
  response: loose({
    task_id: z.string(),
    task_status: z.string(),
    server_id: wireOptString,
  }),
  successStatus: 200,
  docs: `${DOCS}ListKeypairTask.html`,
});

const runningTask = loose({
  task_id: z.string(),
  operate_type: wireOptString,
  task_time: wireOptInt,
  server_name: wireOptString,
  server_id: wireOptString,
  keypair_name: wireOptString,
});

/** Paging of both KPS lists: `offset`/`limit`, 1000 per page by default and at most. */
const kpsPaging = {
  style: "offset",
  offsetParam: "offset",
  limitParam: "limit",
  defaultLimit: 1000,
  maxLimit: 1000,
  items: (r: { tasks: readonly unknown[] }) => r.tasks,
  total: (r: { total: number }) => r.total,
} as const;

const listQuery = z.strictObject({
  limit: intParam(1, 1000).optional(),
  offset: intParam(0, 1_000_000).optional(),
});

/** `GET /v3/{project_id}/running-tasks`: tasks in progress (`READY_x`, `RUNNING_x`). */
export const kpsListRunningTasks = endpoint({
  service: "kps",
  operation: "ListRunningTask",
  method: "GET",
  host: "kms",
  path: "/v3/{project_id}/running-tasks",
  pathParams: z.strictObject({}),
  query: listQuery,
  response: loose({ total: wireCount, tasks: z.array(runningTask) }),
  successStatus: 200,
  paging: kpsPaging,
  docs: `${DOCS}ListRunningTask.html`,
});

/** `GET /v3/{project_id}/failed-tasks`: failed tasks with their error code and message. */
export const kpsListFailedTasks = endpoint({
  service: "kps",
  operation: "ListFailedTask",
  method: "GET",
  host: "kms",
  path: "/v3/{project_id}/failed-tasks",
  pathParams: z.strictObject({}),
  query: listQuery,
  response: loose({
    total: wireCount,
    tasks: z.array(runningTask.extend({ task_error_code: wireOptString, task_error_msg: wireOptString })),
  }),
  successStatus: 200,
  paging: kpsPaging,
  docs: `${DOCS}ListFailedTask.html`,
});

/** Login credentials KPS uses to replace or reset a key: a password or the current private key. */
export const kpsAuthSchema = z.strictObject({
  type: z.enum(["password", "keypair"], { error: 'must be "password" or "keypair"' }),
  key: z.string().min(1, { error: "must not be empty" }).max(16_384, { error: "must be at most 16384 characters" }),
});

/** The `server` object of associate and disassociate bodies. */
const serverBody = z.strictObject({
  id: idString(),
  auth: kpsAuthSchema.optional(),
  disable_password: z.boolean().optional(),
  port: z.number().int().min(1).max(65535).optional(),
});

const taskStarted = loose({
  task_id: z.string(),
  server_id: wireOptString,
  status: wireOptString,
  error_code: wireOptString,
  error_msg: wireOptString,
});

/** `POST /v3/{project_id}/keypairs/associate`: bind, replace or (without `auth`) reset a server's key pair. */
export const kpsAssociateKeypair = endpoint({
  service: "kps",
  operation: "AssociateKeypair",
  method: "POST",
  host: "kms",
  path: "/v3/{project_id}/keypairs/associate",
  pathParams: z.strictObject({}),
  query: z.strictObject({}),
  body: z.strictObject({
    keypair_name: idString(64),
    server: serverBody,
  }),
  response: taskStarted,
  successStatus: 202,
  docs: `${DOCS}AssociateKeypair.html`,
});

/** `POST /v3/{project_id}/keypairs/disassociate`: unbind a server's key pair. */
export const kpsDisassociateKeypair = endpoint({
  service: "kps",
  operation: "DisassociateKeypair",
  method: "POST",
  host: "kms",
  path: "/v3/{project_id}/keypairs/disassociate",
  pathParams: z.strictObject({}),
  query: z.strictObject({}),
  body: z.strictObject({
    server: serverBody,
  }),
  response: taskStarted,
  successStatus: 202,
  docs: `${DOCS}DisassociateKeypair.html`,
});

/** `DELETE /v3/{project_id}/failed-tasks/{task_id}`: deletes one failed task's record (200, no body). */
export const kpsDeleteFailedTask = endpoint({
  service: "kps",
  operation: "DeleteFailedTask",
  method: "DELETE",
  host: "kms",
  path: "/v3/{project_id}/failed-tasks/{task_id}",
  pathParams: z.strictObject({ task_id: idString() }),
  query: z.strictObject({}),
  response: z.undefined(),
  successStatus: 200,
  emptyResponse: true,
  docs: `${DOCS}DeleteFailedTask.html`,
});

/** `DELETE /v3/{project_id}/failed-tasks`: deletes every failed task's record (200, no body). */
export const kpsDeleteAllFailedTasks = endpoint({
  service: "kps",
  operation: "DeleteAllFailedTask",
  method: "DELETE",
  host: "kms",
  path: "/v3/{project_id}/failed-tasks",
  pathParams: z.strictObject({}),
  query: z.strictObject({}),
  response: z.undefined(),
  successStatus: 200,
  emptyResponse: true,
  docs: `${DOCS}DeleteAllFailedTask.html`,
});
