/**
 * RocketMQ (Distributed Message Service): an instance's background tasks, one task by id, and its progress. Served
 * from the `dms.{region}` host.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { compactTime, idString, intParam, listedTaskFields, loose, wireCount, wireOptInt, wireOptString } from "./kit";

/** RocketMQ as a service on the wire. */
export const ROCKETMQ: ServiceDef = {
  name: "rocketmq",
  title: "RocketMQ",
  host: "dms",
  errorStyle: "flat",
  codes: {
    badParameter: "DMS.00400002",
    notFound: "DMS.00404022",
    forbidden: "DMS.00403001",
    internal: "DMS.00500000",
  },
};

/**
 * `GET /v2/{project_id}/instances/{instance_id}/tasks`. The seed documents `start` (≥ 0) for paging and newer
 * docs call it `offset`: both are accepted, and the client sends `start`, as the official SDK does.
 */
export const rocketmqListTasks = endpoint({
  service: "rocketmq",
  operation: "ListBackgroundTasks",
  method: "GET",
  host: "dms",
  path: "/v2/{project_id}/instances/{instance_id}/tasks",
  pathParams: z.strictObject({ instance_id: idString() }),
  query: z.strictObject({
    start: intParam(0, 1_000_000).optional(),
    offset: intParam(0, 1_000_000).optional(),
    limit: intParam(1, 1000).optional(),
    begin_time: compactTime.optional(),
    end_time: compactTime.optional(),
  }),
  response: loose({
    task_count: wireCount,
    tasks: z.array(
      loose(listedTaskFields),
    ),
  }),
  successStatus: 200,
  paging: {
    style: "offset",
    offsetParam: "start",
    limitParam: "limit",
    defaultLimit: 10,
    maxLimit: 1000,
    items: (r) => r.tasks,
    total: (r) => r.task_count,
  },
  docs: "https://support.huaweicloud.com/intl/en-us/api-hrm/ListBackgroundTasks.html",
});

/**
 * `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}`: one task, in the list's shape
 * (`{ task_count, tasks: [task] }`).
 */
export const rocketmqShowTask = endpoint({
  service: "rocketmq",
  operation: "ShowBackgroundTask",
  method: "GET",
  host: "dms",
  path: "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}",
  pathParams: z.strictObject({ instance_id: idString(), task_id: idString() }),
  query: z.strictObject({}),
  response: loose({ task_count: wireCount, tasks: z.array(loose(listedTaskFields)) }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-hrm/ShowBackgroundTask.html",
});

/** A step time: typed as a string, sent as epoch ms numbers in the docs' examples. */
const stepTime = z.union([z.number(), z.string()]).nullish();

/**
 * `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress`: percent, time left and steps. The step's
 * status field is spelt `statue` on the wire.
 */
export const rocketmqShowTaskProgress = endpoint({
  service: "rocketmq",
  operation: "ShowBackgroundTaskProgress",
  method: "GET",
  host: "dms",
  path: "/v2/{project_id}/instances/{instance_id}/tasks/{task_id}/progress",
  pathParams: z.strictObject({ instance_id: idString(), task_id: idString() }),
  query: z.strictObject({}),
  response: loose({
    progress_percentage: wireOptInt,
    remain_time: wireOptInt,
    step_list: z.array(loose({ name: wireOptString, statue: wireOptString, start_time: stepTime, end_time: stepTime })).nullish(),
  }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-hrm/ShowBackgroundTaskProgress.html",
});
