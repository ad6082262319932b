/**
 * Time helpers: the APIs' `yyyyMMddHHmmss` windows, ISO times with milliseconds, and duration strings.
 * @module
 */

const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/** Formats a date as the APIs' compact UTC form `yyyyMMddHHmmss`. */
export function toCompactUtc(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, "");
}

/** Parses `yyyyMMddHHmmss` (UTC); `undefined` when the text is not a real time of that form. */
export function parseCompactUtc(text: string): Date | undefined {
  const m = COMPACT_RE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const roundTrips =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return roundTrips ? date : undefined;
}

/** ISO 8601 with milliseconds and `Z`, as DCS and RocketMQ write `created_at`: `2020-06-17T07:38:42.503Z`. */
export function toIsoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** Earliest time accepted from callers: 1970-01-01T00:00:00Z (epoch ms 0). */
export const MIN_TIME_MS = 0;
/** Latest time accepted from callers: 9999-12-31T23:59:59.999Z, the last one `yyyyMMddHHmmss` can write. */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** `date` when it lies within {@link MIN_TIME_MS}..{@link MAX_TIME_MS}, else `undefined`. */
function inRange(date: Date | undefined): Date | undefined {
  const t = date?.getTime();
  return t !== undefined && t >= MIN_TIME_MS && t <= MAX_TIME_MS ? date : undefined;
}

/** A point in time as callers may give it: a `Date`, epoch milliseconds, ISO 8601 text or `yyyyMMddHHmmss`. */
export type TimeInput = Date | number | string;

/**
 * Reads a {@link TimeInput}; `undefined` when it is none of the accepted forms or lies outside 1970-01-01 ..
 * 9999-12-31 UTC (the range the APIs' `yyyyMMddHHmmss` can write; beyond ±8.64e15 ms a `Date` is invalid). ISO text
 * without a zone is read as UTC, so a window means the same on every machine.
 */
export function parseTimeInput(value: TimeInput): Date | undefined {
  return inRange(readTime(value));
}

function readTime(value: TimeInput): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === "number") return Number.isFinite(value) ? new Date(value) : undefined;
  const text = value.trim();
  if (COMPACT_RE.test(text)) return parseCompactUtc(text);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return undefined;
  const [y, mo, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const withTime = text.length === 10 ? `${text}T00:00:00` : text.replace(" ", "T");
  const ms = Date.parse(hasZone ? withTime : `${withTime}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration: milliseconds, or text such as `"90s"`, `"30m"`, `"1.5h"`, `"500ms"`, or Go's compound form that
 * Pulumi's `customTimeouts` use (`"1h30m"`, `"2m30s"`).
 */
export type DurationInput = number | string;

/** Reads a {@link DurationInput} as milliseconds; `undefined` when malformed or negative. */
export function parseDuration(value: DurationInput): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  const text = value.trim();
  if (!DURATION_RE.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(PART_RE)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? "ms"] ?? 1);
  return Math.round(ms);
}
