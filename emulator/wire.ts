/**
 * How the services write what is not theirs alone: error bodies in each service's style, and the body mutations of
 * the `mutate` fault. (Each service's own answers are in `services/`.)
 * @module
 */
import type { ErrorStyle } from "../provider/endpoints/table";

/** An error body in a service's style. */
export function errorBody(style: ErrorStyle | "gateway", code: string, msg: string, requestId: string): unknown {
  switch (style) {
    case "flat":
      return { error_code: code, error_msg: msg };
    case "flat-ext":
      return { error_msg: msg, error_code: code, error_ext_msg: null };
    case "nested":
      return { error: { error_code: code, error_msg: msg } };
    case "nested-code":
      return { error: { code, message: msg } };
    case "flat-code":
      return { code, message: msg };
    case "gateway":
      return { error_code: code, error_msg: msg, request_id: requestId };
  }
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
  "job_type",
  "fail_reason",
  "end_time",
  "remain_time",
  "step_details",
  "step_list",
  "redis",
  "memcached",
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
