/**
 * DCS (Distributed Cache Service): the task center, one instance's background tasks and their progress, jobs, and
 * the count of instances per status. Served from the `dcs.{region}` host.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import {
  compactTime,
  idString,
  intParam,
  listedTaskFields,
  loose,
  wireCount,
  wireOptBool,
  wireOptInt,
  wireOptString,
} from "./kit";

/** DCS as a service on the wire. */
export const DCS: ServiceDef = {
  name: "dcs",
  title: "DCS",
  host: "dcs",
  errorStyle: "flat-ext",
  codes: { badParameter: "DCS.4800", notFound: "DCS.4404", forbidden: "DCS.4403", internal: "DCS.5000" },
};

/** A capacity the cloud documents as a string but sends as a number. */
const capacity = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).nullish();

/** `details` of a DCS task: every field optional, unknown fields kept. */
export const dcsDetailsSchema = loose({
  old_capacity: capacity,
  new_capacity: capacity,
  enable_public_ip: wireOptBool,
  public_ip_id: wireOptString,
  public_ip_address: wireOptString,
  enable_ssl: wireOptBool,
  old_cache_mode: wireOptString,
  new_cache_mode: wireOptString,
  old_resource_spec_code: wireOptString,
  new_resource_spec_code: wireOptString,
  old_replica_num: wireOptInt,
  new_replica_num: wireOptInt,
  old_cache_type: wireOptString,
  new_cache_type: wireOptString,
  replica_ip: wireOptString,
  replica_az: wireOptString,
  group_name: wireOptString,
  old_port: wireOptInt,
  new_port: wireOptInt,
  is_only_adjust_charging: wireOptBool,
  account_name: wireOptString,
  source_ip: wireOptString,
  target_ip: wireOptString,
  node_name: wireOptString,
  rename_commands: z.array(z.string()).nullish(),
  updated_config_length: wireOptInt,
});

/** One DCS task, as the task center and an instance's task list show it. */
const dcsTaskSchema = loose({
  ...listedTaskFields,
  details: dcsDetailsSchema.nullish(),
  error_code: wireOptString,
  enable_show: wireOptBool,
  job_id: wireOptString,
});

/** A page of DCS tasks: `task_count` (a string on the wire) and the tasks. */
const dcsTaskPage = loose({ task_count: wireCount, tasks: z.array(dcsTaskSchema) });

/** Offset paging of the DCS task lists: `offset`/`limit`, 10 per page by default, at most 1000. */
const dcsTaskPaging = {
  style: "offset",
  offsetParam: "offset",
  limitParam: "limit",
  defaultLimit: 10,
  maxLimit: 1000,
  items: (r: { tasks: readonly unknown[] }) => r.tasks,
  total: (r: { task_count: number }) => r.task_count,
} as const;

/** The query of the DCS task lists: paging and a `yyyyMMddHHmmss` UTC window on creation times. */
const dcsTaskQuery = z.strictObject({
  offset: intParam(0, 1_000_000).optional(),
  limit: intParam(1, 1000).optional(),
  start_time: compactTime.optional(),
  end_time: compactTime.optional(),
});

/** `GET /v2/{project_id}/tasks`: the task center, paged by `offset`/`limit` (1..1000), windowed by UTC times. */
export const dcsListTasks = endpoint({
  service: "dcs",
  operation: "ListCenterTask",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/tasks",
  pathParams: z.strictObject({}),
  query: dcsTaskQuery,
  response: dcsTaskPage,
  successStatus: 200,
  paging: dcsTaskPaging,
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ListCenterTask.html",
});

/**
 * `GET /v2/{project_id}/instances/{instance_id}/tasks` (`ListBackgroundTask`; RocketMQ's is `ListBackgroundTasks`):
 * one instance's background tasks, the task center's shape. The docs give no `limit` range: the task center's
 * (1..1000, default 10) is assumed.
 */
export const dcsListInstanceTasks = endpoint({
  service: "dcs",
  operation: "ListBackgroundTask",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/instances/{instance_id}/tasks",
  pathParams: z.strictObject({ instance_id: idString() }),
  query: dcsTaskQuery,
  response: dcsTaskPage,
  successStatus: 200,
  paging: dcsTaskPaging,
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ListBackgroundTask.html",
});

/** A time the cloud may send as epoch ms (a number or a string of digits), as ISO text, or not at all. */
const wireOptTime = z.union([z.number(), z.string()]).nullish();

/** `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress`: percent, time left and steps. */
export const dcsShowTaskProgress = endpoint({
  service: "dcs",
  operation: "ShowBackgroundTaskProgress",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress",
  pathParams: z.strictObject({ instance_id: idString(), task_id: idString() }),
  query: z.strictObject({}),
  response: loose({
    progress: wireOptInt,
    remain_time: wireOptInt,
    step_details: z
      .array(
        loose({
          step_id: z.union([z.string(), z.number()]).nullish(),
          step_name: wireOptString,
          step_status: wireOptString,
          begin_time: wireOptTime,
          end_time: wireOptTime,
          error_code: wireOptString,
          sub_step_details: z.array(loose({ sub_step_name: wireOptString, sub_step_status: wireOptString, detail: wireOptString })).nullish(),
        }),
      )
      .nullish(),
  }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ShowBackgroundTaskProgress.html",
});

/** `GET /v2/{project_id}/jobs/{job_id}`: one DCS job (`INIT`, `RUNNING`, `SUCCESS`, `FAIL`); times are epoch ms as text. */
export const dcsShowJob = endpoint({
  service: "dcs",
  operation: "ShowJobInfo",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/jobs/{job_id}",
  pathParams: z.strictObject({ job_id: idString() }),
  query: z.strictObject({}),
  response: loose({
    job_id: z.string(),
    job_type: wireOptString,
    status: z.string(),
    begin_time: wireOptTime,
    end_time: wireOptTime,
    fail_reason: wireOptString,
  }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ShowJobInfo.html",
});

/** The counters of DCS instances per status, at the top level and per engine. */
const statusCounters = {
  paying_count: wireOptInt,
  freezing_count: wireOptInt,
  migrating_count: wireOptInt,
  flushing_count: wireOptInt,
  upgrading_count: wireOptInt,
  restoring_count: wireOptInt,
  extending_count: wireOptInt,
  creating_count: wireOptInt,
  running_count: wireOptInt,
  error_count: wireOptInt,
  frozen_count: wireOptInt,
  createfailed_count: wireOptInt,
  restarting_count: wireOptInt,
};

/** `GET /v2/{project_id}/instances/status`: how many instances are in each status (`include_failure`: `true`/`false`). */
export const dcsInstanceStatusCounts = endpoint({
  service: "dcs",
  operation: "ListNumberOfInstancesInDifferentStatus",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/instances/status",
  pathParams: z.strictObject({}),
  query: z.strictObject({ include_failure: z.enum(["true", "false"], { error: 'must be "true" or "false"' }).optional() }),
  response: loose({ ...statusCounters, redis: loose(statusCounters).nullish(), memcached: loose(statusCounters).nullish() }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ListNumberOfInstancesInDifferentStatus.html",
});
