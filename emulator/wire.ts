/**
 * How each service writes its answers: task views in the wire format (quirks included), error bodies in each
 * service's style, and the body mutations of the `mutate` fault.
 * @module
 */
import { toIsoMillis } from "../provider/util/time";
import type { ErrorStyle } from "../provider/endpoints/table";
import type { Store, Task } from "./store";

/** An error body in a service's style. */
export function errorBody(style: ErrorStyle | "gateway", code: string, msg: string, requestId: string): unknown {
  switch (style) {
    case "flat":
      return { error_code: code, error_msg: msg };
    case "flat-ext":
      return { error_msg: msg, error_code: code, error_ext_msg: null };
    case "nested":
      return { error: { error_code: code, error_msg: msg } };
    case "gateway":
      return { error_code: code, error_msg: msg, request_id: requestId };
  }
}

/** A status, possibly replaced by an `unknown-status` fault. */
export type StatusOf = (task: Task) => string;

/** KPS `running-tasks` / `failed-tasks` item: `task_time` is a string of epoch ms. */
export function kpsListItem(store: Store, task: Task, status: string, failed: boolean): Record<string, unknown> {
  const server = store.servers.get(task.scope);
  const item: Record<string, unknown> = {
    task_id: task.id,
    operate_type: status,
    task_time: String(task.createdAt),
    server_name: task.extra.serverName ?? server?.name,
    server_id: task.scope,
    keypair_name: task.extra.keypairName,
  };
  if (failed) {
    item["task_error_code"] = task.errorCode;
    item["task_error_msg"] = task.errorMsg;
  }
  return item;
}

/** CSMS task: `task_time` is a number; error fields only on failure. */
export function csmsItem(task: Task, status: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    task_id: task.id,
    secret_name: task.scope,
    rotation_func_urn: task.extra.rotationFuncUrn,
    task_status: status,
    operate_type: task.extra.operateType,
    task_time: task.createdAt,
    attempt_nums: status === "PROCESSING" ? 1 : task.extra.attemptNums,
  };
  if (status === "FAILED") {
    item["task_error_code"] = task.errorCode;
    item["task_error_msg"] = task.errorMsg;
  }
  return item;
}

/** DCS task-center item: `details` null or partial, ISO times with milliseconds. */
export function dcsItem(store: Store, task: Task, status: string): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name,
    job_id: task.extra.jobId,
    user_name: task.extra.userName,
    user_id: task.extra.userId,
    details: task.extra.details ?? null,
    params: task.extra.params,
    status,
    created_at: toIsoMillis(task.createdAt),
    updated_at: store.updatedAt(task),
    error_code: task.outcome === "failure" && status === "FAILED" ? task.errorCode : null,
    enable_show: task.extra.enableShow ?? false,
  };
}

/** RocketMQ task: `params` is JSON inside a string. */
export function rocketmqItem(store: Store, task: Task, status: string): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name,
    user_name: task.extra.userName,
    user_id: task.extra.userId,
    params: task.extra.params,
    status,
    created_at: toIsoMillis(task.createdAt),
    updated_at: store.updatedAt(task),
  };
}

const OPTIONAL_FIELDS = new Set([
  "server_name",
  "keypair_name",
  "user_name",
  "user_id",
  "details",
  "next_marker",
  "updated_at",
  "rotation_func_urn",
  "attempt_nums",
  "job_id",
  "enable_show",
  "params",
  "server_id",
]);

/** Applies a `mutate` fault to a JSON body. */
export function mutateBody(body: unknown, mutation: "extra-fields" | "drop-optional" | "numbers-as-strings"): unknown {
  const walk = (value: unknown, depth: number): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (typeof value !== "object" || value === null) {
      return mutation === "numbers-as-strings" && typeof value === "number" && Number.isInteger(value)
        ? String(value)
        : value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (mutation === "drop-optional" && OPTIONAL_FIELDS.has(k)) continue;
      out[k] = walk(v, depth + 1);
    }
    if (mutation === "extra-fields") {
      out["x_emulator_extra"] = depth === 0 ? { note: "undocumented field", nested: [1, 2] } : "extra";
    }
    return out;
  };
  return walk(body, 0);
}
