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

/** A string the cloud may send as `null` or omit: read as `undefined`. */
export const wireOptString = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** A count or epoch-ms the cloud may send as a number or as a decimal string: read as a number. */
export const wireInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/, { error: "must be an integer or a string of digits" })
    .transform(Number),
]);

/** {@link wireInt}, but `null`/absent allowed. */
export const wireOptInt = wireInt.nullish().transform((v) => v ?? undefined);

/** A boolean the cloud may omit or send as `null`. */
export const wireOptBool = z
  .boolean()
  .nullish()
  .transform((v) => v ?? undefined);

/** An ISO 8601 time; the cloud writes milliseconds and `Z`. */
export const wireIsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), {
  error: "must be an ISO 8601 time such as 2020-06-17T07:38:42.503Z",
});

/** {@link wireIsoTime}, but `null`/absent allowed. */
export const wireOptIsoTime = wireIsoTime.nullish().transform((v) => v ?? undefined);

/** A JSON object read loosely: documented fields checked, unknown fields kept. */
export const loose = z.looseObject;
