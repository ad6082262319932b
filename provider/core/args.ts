/**
 * Schemas of the public arguments (camelCase, strict) and the one function that turns a zod failure into an
 * {@link InputError} naming the field. Everything here runs before any request is sent.
 * @module
 */
import { z } from "zod";
import { InputError } from "../errors";
import { parseDuration, parseTimeInput, toCompactUtc } from "../util/time";

/**
 * Parses `value` with `schema`, or throws an {@link InputError} listing every problem by field.
 * @param context the function the arguments belong to, e.g. `getDcsTasks`.
 */
export function parseArgs<S extends z.ZodType>(schema: S, value: unknown, context: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const accepted = shape ? Object.keys(shape).join(", ") : "";
  throw new InputError(
    context,
    result.error.issues.flatMap((i) =>
      i.code === "unrecognized_keys"
        ? i.keys.map((k) => ({
            field: [...i.path.map(String), k].join("."),
            message: `is not an argument of ${context}${accepted ? ` (accepted: ${accepted})` : ""}`,
          }))
        : [{ field: i.path.map(String).join(".") || "(arguments)", message: i.message }],
    ),
  );
}

const TIME_FORMS = "must be a Date, epoch milliseconds, ISO 8601 text (2024-06-09T16:00:00Z) or yyyyMMddHHmmss (UTC)";
/** A point in time: `Date`, epoch ms, ISO 8601 text or `yyyyMMddHHmmss` (UTC); read as epoch ms. */
export const timeArg = z.union([z.date(), z.number(), z.string()], { error: TIME_FORMS }).transform((v, ctx) => {
  const date = parseTimeInput(v);
  if (!date) {
    ctx.addIssue({ code: "custom", message: TIME_FORMS });
    return z.NEVER;
  }
  return date.getTime();
});

/** A duration: ms or text such as `"90s"`, `"30m"`; read as ms. */
export const durationArg = z.union([z.number(), z.string()], { error: 'must be milliseconds or text like "90s", "30m", "2h"' }).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0 || ms > 7 * 24 * 3_600_000) {
    ctx.addIssue({ code: "custom", message: 'must be a positive duration up to 7 days: milliseconds or text like "90s", "30m", "2h"' });
    return z.NEVER;
  }
  return ms;
});

/** Paging controls shared by every list function. */
export const pagingArgs = {
  /** Stop after this many tasks. @default 10000 */
  maxItems: z.number().int({ error: "must be an integer from 1 to 100000" }).min(1, { error: "must be an integer from 1 to 100000" }).max(100_000, { error: "must be an integer from 1 to 100000" }).optional(),
  /** Tasks per page, within the API's limits. @default the API's maximum */
  pageSize: z.number().int({ error: "must be a positive integer" }).min(1, { error: "must be a positive integer" }).optional(),
};

/** The two bounds of a time window, each optional. */
export function windowArgs<S extends string, E extends string>(startKey: S, endKey: E) {
  return { [startKey]: timeArg.optional(), [endKey]: timeArg.optional() } as Record<S | E, z.ZodOptional<typeof timeArg>>;
}

/** Formats an epoch-ms window bound as `yyyyMMddHHmmss` UTC. */
export function compact(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : toCompactUtc(new Date(ms));
}

/** A refinement that refuses a window whose end is before its start. */
export function orderedWindow(startKey: string, endKey: string) {
  return (v: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = v[startKey];
    const end = v[endKey];
    if (typeof start === "number" && typeof end === "number" && start > end) {
      ctx.addIssue({ code: "custom", path: [endKey], message: `must not be before ${startKey}` });
    }
  };
}
