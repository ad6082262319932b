/**
 * The results the functions and waiters return: camelCase, counts and epoch-ms times as numbers, a `phase` from
 * the service's classification. One mapper per wire shape.
 * @module
 */
import { opt, toInt } from "../services/kit";
import {
  SERVICES,
  kpsOperation,
  type Phase,
  type ResponseOf,
  type csmsListTasks,
  type dcsListTasks,
  type kpsListFailedTasks,
  type kpsListRunningTasks,
  type kpsShowTask,
  type rocketmqListTasks,
} from "../services";

export type { Phase };

/** A KPS task as read by id. */
export interface KpsTask {
  taskId: string;
  serverId: string | undefined;
  /** The service's status, e.g. `RUNNING_RESET`. */
  taskStatus: string;
  phase: Phase;
  /** `RESET`, `REPLACE`, `BIND`, `UNBIND` ... (from the status). */
  operation: string | undefined;
}

/** A KPS task as listed by `running-tasks` or `failed-tasks`. */
export interface KpsListedTask {
  taskId: string;
  /** The task's status, e.g. `RUNNING_RESET` (KPS calls it `operate_type`). */
  operateType: string | undefined;
  /** Start time, epoch ms. */
  taskTime: number | undefined;
  serverName: string | undefined;
  serverId: string | undefined;
  keypairName: string | undefined;
  phase: Phase;
  /** Failed tasks only. */
  taskErrorCode?: string | undefined;
  /** Failed tasks only. */
  taskErrorMsg?: string | undefined;
}

/** A CSMS rotation task. */
export interface CsmsTask {
  taskId: string;
  secretName: string | undefined;
  rotationFuncUrn: string | undefined;
  taskStatus: string;
  operateType: string | undefined;
  /** Creation time, epoch ms. */
  taskTime: number | undefined;
  attemptNums: number | undefined;
  taskErrorCode: string | undefined;
  taskErrorMsg: string | undefined;
  phase: Phase;
}

/** `details` of a DCS task, camelCased; unknown fields kept. */
export type DcsTaskDetails = Record<string, unknown>;

/** A DCS task-center task. */
export interface DcsTask {
  id: string;
  name: string;
  details: DcsTaskDetails | null;
  userName: string | undefined;
  userId: string | undefined;
  /** Task parameters as the service sends them (often JSON text). */
  params: string | undefined;
  status: string;
  /** ISO 8601, e.g. `2020-06-17T07:38:42.503Z`. */
  createdAt: string | undefined;
  /** ISO 8601. */
  updatedAt: string | undefined;
  errorCode: string | undefined;
  enableShow: boolean | undefined;
  jobId: string | undefined;
  phase: Phase;
}

/** A RocketMQ instance task. */
export interface RocketMqTask {
  id: string;
  name: string;
  userName: string | undefined;
  userId: string | undefined;
  /** Task parameters: JSON inside a string, as the service sends them. */
  params: string | undefined;
  status: string;
  /** ISO 8601. */
  createdAt: string | undefined;
  /** ISO 8601. */
  updatedAt: string | undefined;
  phase: Phase;
}

type KpsShowWire = ResponseOf<typeof kpsShowTask>;
/** One `running-tasks` item as the wire schema reads it. */
export type KpsRunningWire = ResponseOf<typeof kpsListRunningTasks>["tasks"][number];
/** One `failed-tasks` item as the wire schema reads it. */
export type KpsFailedWire = ResponseOf<typeof kpsListFailedTasks>["tasks"][number];
/** One CSMS task as the wire schema reads it. */
export type CsmsWire = ResponseOf<typeof csmsListTasks>["tasks"][number];
/** One DCS task as the wire schema reads it. */
export type DcsWire = ResponseOf<typeof dcsListTasks>["tasks"][number];
/** One RocketMQ task as the wire schema reads it. */
export type RocketMqWire = ResponseOf<typeof rocketmqListTasks>["tasks"][number];

/** Maps `GET /v3/{project_id}/tasks/{task_id}`. */
export function toKpsTask(w: KpsShowWire): KpsTask {
  return {
    taskId: w.task_id,
    serverId: opt(w.server_id),
    taskStatus: w.task_status,
    phase: SERVICES.kps.classify(w.task_status),
    operation: kpsOperation(w.task_status),
  };
}

/** Maps a `running-tasks` / `failed-tasks` item. */
export function toKpsListedTask(w: KpsRunningWire | KpsFailedWire): KpsListedTask {
  const out: KpsListedTask = {
    taskId: w.task_id,
    operateType: opt(w.operate_type),
    taskTime: toInt(w.task_time),
    serverName: opt(w.server_name),
    serverId: opt(w.server_id),
    keypairName: opt(w.keypair_name),
    phase: SERVICES.kps.classify(w.operate_type ?? ""),
  };
  if ("task_error_code" in w || "task_error_msg" in w) {
    const f = w as KpsFailedWire;
    out.taskErrorCode = opt(f.task_error_code);
    out.taskErrorMsg = opt(f.task_error_msg);
  }
  return out;
}

/** Maps a CSMS task. */
export function toCsmsTask(w: CsmsWire): CsmsTask {
  return {
    taskId: w.task_id,
    secretName: opt(w.secret_name),
    rotationFuncUrn: opt(w.rotation_func_urn),
    taskStatus: w.task_status,
    operateType: opt(w.operate_type),
    taskTime: toInt(w.task_time),
    attemptNums: toInt(w.attempt_nums),
    taskErrorCode: opt(w.task_error_code),
    taskErrorMsg: opt(w.task_error_msg),
    phase: SERVICES.csms.classify(w.task_status),
  };
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `details` fields that are numbers, whatever the wire sends (capacities are documented as strings). */
const NUMERIC_DETAILS = new Set([
  "old_capacity",
  "new_capacity",
  "old_replica_num",
  "new_replica_num",
  "old_port",
  "new_port",
  "updated_config_length",
]);

/** camelCases the keys of `details`, dropping `null`s, and reads numbers sent as strings as numbers. */
function camelDetails(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === null || v === undefined) continue;
    out[camel(k)] = typeof v === "string" && NUMERIC_DETAILS.has(k) && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  return out;
}

/** Reads an ISO time, `undefined` when absent or not a time. */
function iso(v: string | null | undefined): string | undefined {
  return v !== null && v !== undefined && !Number.isNaN(Date.parse(v)) ? v : undefined;
}

/** Maps a DCS task-center task. */
export function toDcsTask(w: DcsWire): DcsTask {
  return {
    id: w.id,
    name: w.name,
    details: w.details === null || w.details === undefined ? null : camelDetails(w.details as Record<string, unknown>),
    userName: opt(w.user_name),
    userId: opt(w.user_id),
    params: opt(w.params),
    status: w.status,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
    errorCode: opt(w.error_code),
    enableShow: opt(w.enable_show),
    jobId: opt(w.job_id),
    phase: SERVICES.dcs.classify(w.status),
  };
}

/** Maps a RocketMQ task. */
export function toRocketMqTask(w: RocketMqWire): RocketMqTask {
  return {
    id: w.id,
    name: w.name,
    userName: opt(w.user_name),
    userId: opt(w.user_id),
    params: opt(w.params),
    status: w.status,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
    phase: SERVICES.rocketmq.classify(w.status),
  };
}
