/**
 * Small zod building blocks shared by the service tables: strict checks for what we send, loose readers for what
 * the cloud answers (numbers-as-strings accepted, unknown fields kept, `null` read as absent).
 * @module
 */
import { z } from "zod";
import { parseCompactUtc } from "../util/time";

/** Characters an id may hold: nothing that could change the route it lands on. */
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * A resource or task id that goes into a URL path or query: 1-128 characters of letters, digits, `.`, `_`, `:`
 * or `-`, starting with a letter or digit (so `..`, `/`, `%2F`, spaces and unicode are refused).
 */
export function idString(max = 128) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? "is required" : "must be a string") })
    .min(1, { error: "must not be empty" })
    .max(max, { error: `must be at most ${max} characters` })
    .regex(ID_RE, {
      error: (iss) =>
        `must hold only letters, digits, '.', '_', ':' or '-' and start with a letter or digit ` +
        `(got ${JSON.stringify(String(iss.input).slice(0, 40))})`,
    });
}

/** An integer query parameter in `[min, max]`; URL text is accepted too, so the emulator can read its query. */
export function intParam(min: number, max: number) {
  return z.coerce
    .number({ error: `must be an integer from ${min} to ${max}` })
    .int({ error: `must be an integer from ${min} to ${max}` })
    .min(min, { error: `must be an integer from ${min} to ${max}` })
    .max(max, { error: `must be an integer from ${min} to ${max}` });
}

/** A `yyyyMMddHHmmss` UTC time as the APIs take it. */
export const compactTime = z.string().refine((s) => parseCompactUtc(s) !== undefined, {
  error: "must be a UTC time written yyyyMMddHHmmss, e.g. 20240131235959",
});

/*
 * The readers below check types only; they do not transform. Per-field transforms cost a pipe and allocations on
 * every item of every page (10,000-task reads spent more time collecting their garbage than parsing), so `null`
 * becomes `undefined` and numeric strings become numbers in the mappers (`functions/model.ts`), once.
 */

/** A string the cloud may send, send as `null`, or omit. */
export const wireOptString = z.string().nullish();

/**
 * A count (`total`, `task_count`) the cloud may send as a number or as a string of digits: read as a number. A
 * count is never negative: a negative one is a malformed answer, not a count.
 */
export const wireCount = z.union([
  z.number().int({ error: "must be a whole number" }).nonnegative({ error: "must not be negative" }),
  z
    .string()
    .regex(/^\d+$/, { error: "must be a non-negative integer or a string of digits" })
    .transform(Number),
]);

/** An integer the cloud may send as a number or a string of digits, or omit (normalised by {@link toInt}). */
export const wireOptInt = z.union([z.number().int(), z.string().regex(/^-?\d+$/, { error: "must be an integer or a string of digits" })]).nullish();

/** A boolean the cloud may omit or send as `null`. */
export const wireOptBool = z.boolean().nullish();

/** An ISO 8601 time; the cloud writes milliseconds and `Z`. */
export const wireIsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), {
  error: "must be an ISO 8601 time such as 2020-06-17T07:38:42.503Z",
});

/** An optional ISO 8601 time (checked when read: an unparsable time reads as no time). */
export const wireOptIsoTime = z.string().nullish();

/** `null`/absent → `undefined`. */
export function opt<T>(v: T | null | undefined): T | undefined {
  return v ?? undefined;
}

/** A number or a string of digits → number; `null`/absent → `undefined`. */
export function toInt(v: number | string | null | undefined): number | undefined {
  return v === null || v === undefined ? undefined : typeof v === "number" ? v : Number(v);
}

/** A count or size: a non-negative finite number, else `undefined` (a negative count is no count). */
export function toCount(v: number | string | null | undefined): number | undefined {
  const n = toInt(v);
  return n === undefined || !Number.isFinite(n) || n < 0 ? undefined : n;
}

/**
 * The fields DCS task-center and RocketMQ instance tasks share, read loosely: ids, name, user, parameters (JSON
 * inside a string), status, and ISO times with milliseconds.
 */
export const listedTaskFields = {
  id: z.string(),
  name: z.string(),
  user_name: wireOptString,
  user_id: wireOptString,
  params: wireOptString,
  status: z.string(),
  created_at: wireOptIsoTime,
  updated_at: wireOptIsoTime,
};

/** A JSON object read loosely: documented fields checked, unknown fields kept. */
export const loose = z.looseObject;
