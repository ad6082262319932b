/**
 * DCS (Distributed Cache Service): the task center. Served from the `dcs.{region}` host.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import {
  compactTime,
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

/** `GET /v2/{project_id}/tasks`: the task center, paged by `offset`/`limit` (1..1000), windowed by UTC times. */
export const dcsListTasks = endpoint({
  service: "dcs",
  operation: "ListCenterTask",
  method: "GET",
  host: "dcs",
  path: "/v2/{project_id}/tasks",
  pathParams: z.strictObject({}),
  query: z.strictObject({
    offset: intParam(0, 1_000_000).optional(),
    limit: intParam(1, 1000).optional(),
    start_time: compactTime.optional(),
    end_time: compactTime.optional(),
  }),
  response: loose({
    task_count: wireCount,
    tasks: z.array(
      loose({
        ...listedTaskFields,
        details: dcsDetailsSchema.nullish(),
        error_code: wireOptString,
        enable_show: wireOptBool,
        job_id: wireOptString,
      }),
    ),
  }),
  successStatus: 200,
  paging: {
    style: "offset",
    offsetParam: "offset",
    limitParam: "limit",
    defaultLimit: 10,
    maxLimit: 1000,
    items: (r) => r.tasks,
    total: (r) => r.task_count,
  },
  docs: "https://support.huaweicloud.com/intl/en-us/api-dcs/ListCenterTask.html",
});
