/**
 * Request building, pure: a call's input checked against its endpoint's schemas (before anything is sent), and the
 * endpoint's path template filled with encoded segments.
 * @module
 */
import type { z } from "zod";
import { InputError, type InputIssue } from "../errors";
import type { EndpointDef } from "../endpoints/table";
import { encodePathSegment, type QueryValue } from "./signer";
import type { CallInput, ValidatedInput } from "./types";

function zodIssues(error: z.ZodError, prefix: string): InputIssue[] {
  return error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
}

function stripUndefined(obj: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** Validates `input` against the endpoint's schemas; throws {@link InputError} naming every bad field. */
export function validateInput(ep: EndpointDef, input: CallInput): ValidatedInput {
  const issues: InputIssue[] = [];
  const path = ep.pathParams.safeParse(input.path ?? {});
  if (!path.success) issues.push(...zodIssues(path.error, ""));
  const query = ep.query.safeParse(stripUndefined(input.query ?? {}));
  if (!query.success) issues.push(...zodIssues(query.error, ""));
  let body: unknown = undefined;
  if (ep.body) {
    const parsed = ep.body.safeParse(input.body ?? {});
    if (!parsed.success) issues.push(...zodIssues(parsed.error, "body"));
    else body = parsed.data;
  }
  if (issues.length > 0) throw new InputError(`${ep.service} ${ep.operation}`, issues);
  return { path: (path.data ?? {}) as Record<string, string>, query: (query.data ?? {}) as Record<string, QueryValue | undefined>, body };
}

/**
 * The endpoint's path with its `{placeholders}` filled, each value percent-encoded into its own segment.
 * @throws InputError for an empty, `.` or `..` value: URL parsing resolves those away, whatever their encoding.
 */
export function fillPath(ep: EndpointDef, path: Readonly<Record<string, string>>, projectId: string | undefined): string {
  return ep.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = name === "project_id" ? (projectId ?? "") : (path[name] ?? "");
    if (value === "" || value === "." || value === "..")
      throw new InputError(`${ep.service} ${ep.operation}`, [{ field: name, message: "must not be empty, '.' or '..' (it would change the route)" }]);
    return encodePathSegment(value);
  });
}
