/**
 * SDK-HMAC-SHA256 request signing, as Huawei Cloud's API gateway expects it. Pure: the clock is an argument.
 *
 * The algorithm (and its byte-for-byte agreement with `@huaweicloud/huaweicloud-sdk-core`'s `AKSKSigner`) is
 * covered by `test/unit/signer.test.ts`. The emulator uses {@link verifySignature} from this module, so both sides
 * of the wire share one canonicalisation.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** The signing algorithm name that prefixes the `Authorization` header. */
export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
/** Hex SHA-256 of the empty body. */
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** A query value: arrays become repeated keys. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[];

/** Access key credentials. `securityToken` is present for temporary credentials. */
export interface SigningCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string | undefined;
}

/** What to sign. */
export interface SignInput {
  /** HTTP method, upper case. */
  method: string;
  /**
   * Absolute URL without query: `https://host[:port]/path`. Path segments must already be in their wire form
   * (see {@link encodePathSegment}).
   */
  url: string;
  /** Query parameters; `undefined` values are dropped. */
  query?: Readonly<Record<string, QueryValue | undefined>>;
  /** Extra headers to send and sign (e.g. `content-type`, `X-Project-Id`). */
  headers?: Readonly<Record<string, string>>;
  /** Exact body bytes or text; absent for GET. */
  body?: string | Uint8Array;
}

/** A signed request, ready for the wire. */
export interface SignedRequest {
  /** Path plus canonical query string (`/v3/p/running-tasks?limit=10&offset=0`): send exactly this. */
  path: string;
  /** Every header to send: the input headers plus `host`, `X-Sdk-Date`, `X-Security-Token`, `Authorization`. */
  headers: Record<string, string>;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const HEX = Array.from({ length: 256 }, (_, i) => "%" + i.toString(16).toUpperCase().padStart(2, "0"));

/**
 * Percent-encodes `value` the way the signer does: `A-Z a-z 0-9 - . _ ~` stay, every other UTF-8 byte becomes
 * `%XX` (upper case). Space is `%20`; `! ' ( ) *` are encoded too.
 */
export function encodeRfc3986(value: string): string {
  let out = "";
  for (const ch of value) {
    if (ch.length === 1 && UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) out += HEX[byte];
  }
  return out;
}

/** Encodes one path segment for the wire (same alphabet as {@link encodeRfc3986}). */
export const encodePathSegment = encodeRfc3986;

/** Formats a date as `X-Sdk-Date` wants it: `YYYYMMDDTHHmmssZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/** Parses an `X-Sdk-Date` value; `undefined` when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Byte-order comparison (upper case before lower case), as the signer sorts. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The canonical query string: keys sorted by byte order, `enc(k)=enc(v)` joined by `&`; array values become
 * repeated keys with sorted values. Pairs are given decoded.
 */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = byKey.get(k);
    if (list) list.push(v);
    else byKey.set(k, [v]);
  }
  const keys = [...byKey.keys()].sort(byteOrder);
  const parts: string[] = [];
  for (const key of keys) {
    const values = byKey.get(key) ?? [];
    if (values.length > 1) values.sort(byteOrder);
    for (const v of values) parts.push(`${encodeRfc3986(key)}=${encodeRfc3986(v)}`);
  }
  return parts.join("&");
}

/** Flattens a query object into decoded pairs, dropping `undefined`. */
export function queryPairs(query: Readonly<Record<string, QueryValue | undefined>> | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) pairs.push([k, String(item)]);
    else pairs.push([k, String(v)]);
  }
  return pairs;
}

/** Canonical URI: each wire path segment encoded once more, with a trailing `/` for signing only. */
export function canonicalUri(wirePath: string): string {
  const uri = wirePath.split("/").map(encodeRfc3986).join("/");
  return uri.endsWith("/") ? uri : uri + "/";
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

interface CanonicalParts {
  method: string;
  wirePath: string;
  canonicalQueryString: string;
  /** Lower-cased header name to value, only the signed ones. */
  signed: ReadonlyArray<readonly [string, string]>;
  payloadHash: string;
  sdkDate: string;
}

function stringToSign(parts: CanonicalParts): { signedHeaders: string; text: string } {
  const sorted = [...parts.signed].sort((a, b) => byteOrder(a[0], b[0]));
  const canonicalHeaders = sorted.map(([k, v]) => `${k}:${v.trim()}\n`).join("");
  const signedHeaders = sorted.map(([k]) => k).join(";");
  const canonicalRequest = [
    parts.method,
    canonicalUri(parts.wirePath),
    parts.canonicalQueryString,
    canonicalHeaders,
    signedHeaders,
    parts.payloadHash,
  ].join("\n");
  return { signedHeaders, text: `${SIGNING_ALGORITHM}\n${parts.sdkDate}\n${sha256Hex(canonicalRequest)}` };
}

function hmacHex(key: string, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}

/**
 * Signs a request with SDK-HMAC-SHA256. Pure: `now` is the signing time.
 *
 * Signed headers are all of `input.headers` plus `host`, `X-Sdk-Date` and, for temporary credentials,
 * `X-Security-Token`, exactly as the official signer signs what it sends.
 * @example
 * const signed = signRequest({ method: "GET", url: "https://kms.cn-north-4.myhuaweicloud.com/v3/p/running-tasks",
 *   query: { limit: 10 }, headers: { "content-type": "application/json" } }, creds, new Date());
 */
export function signRequest(input: SignInput, credentials: SigningCredentials, now: Date): SignedRequest {
  const url = new URL(input.url);
  const sdkDate = formatSdkDate(now);
  const headers: Record<string, string> = { ...input.headers };
  headers["host"] = url.host;
  headers["X-Sdk-Date"] = sdkDate;
  if (credentials.securityToken) headers["X-Security-Token"] = credentials.securityToken;
  const pairs = queryPairs(input.query);
  const canonicalQueryString = canonicalQuery(pairs);
  const signed = Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v] as const);
  const { signedHeaders, text } = stringToSign({
    method: input.method.toUpperCase(),
    wirePath: url.pathname,
    canonicalQueryString,
    signed,
    payloadHash: input.body === undefined || input.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(input.body),
    sdkDate,
  });
  const signature = hmacHex(credentials.secretKey, text);
  headers["Authorization"] =
    `${SIGNING_ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { path: canonicalQueryString ? `${url.pathname}?${canonicalQueryString}` : url.pathname, headers };
}

/** A request as a server received it. */
export interface ReceivedRequest {
  method: string;
  /** Raw path as received, without the query. */
  path: string;
  /** Raw query string without `?` (may be empty). */
  rawQuery: string;
  /** Header values by lower-case name. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Exact body bytes. */
  body: Uint8Array;
}

/** Why a signature was refused. */
export type SignatureProblem =
  | "missing-authorization"
  | "malformed-authorization"
  | "unknown-access-key"
  | "missing-date"
  | "malformed-date"
  | "clock-skew"
  | "missing-signed-header"
  | "bad-signature";

/** The outcome of {@link verifySignature}. */
export type VerifyResult =
  | { ok: true; accessKey: string; signedHeaders: readonly string[] }
  | { ok: false; problem: SignatureProblem; accessKey?: string };

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)$/;

function headerValue(headers: ReceivedRequest["headers"], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * Verifies an SDK-HMAC-SHA256 signature on a received request, as the gateway does: the query is decoded and
 * re-canonicalised (so any client encoding is accepted), `X-Sdk-Date` must be within `maxSkewMs` of `now`.
 */
export function verifySignature(
  req: ReceivedRequest,
  secretFor: (accessKey: string) => string | undefined,
  now: Date,
  maxSkewMs = 15 * 60 * 1000,
): VerifyResult {
  const auth = headerValue(req.headers, "authorization");
  if (!auth) return { ok: false, problem: "missing-authorization" };
  const m = AUTH_RE.exec(auth.trim());
  if (!m) return { ok: false, problem: "malformed-authorization" };
  const [, accessKey = "", signedList = "", signature = ""] = m;
  const secret = secretFor(accessKey);
  if (secret === undefined) return { ok: false, problem: "unknown-access-key", accessKey };
  const sdkDate = headerValue(req.headers, "x-sdk-date");
  if (!sdkDate) return { ok: false, problem: "missing-date", accessKey };
  const date = parseSdkDate(sdkDate);
  if (!date) return { ok: false, problem: "malformed-date", accessKey };
  if (Math.abs(date.getTime() - now.getTime()) > maxSkewMs) return { ok: false, problem: "clock-skew", accessKey };
  const names = signedList.toLowerCase().split(";");
  const signed: [string, string][] = [];
  for (const name of names) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return { ok: false, problem: "missing-signed-header", accessKey };
    signed.push([name, value]);
  }
  const pairs = [...new URLSearchParams(req.rawQuery)];
  const contentSha = headerValue(req.headers, "x-sdk-content-sha256");
  const { text } = stringToSign({
    method: req.method.toUpperCase(),
    wirePath: req.path,
    canonicalQueryString: canonicalQuery(pairs),
    signed,
    payloadHash: contentSha ?? (req.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(req.body)),
    sdkDate,
  });
  const expected = Buffer.from(hmacHex(secret, text), "utf8");
  const given = Buffer.from(signature.toLowerCase(), "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, problem: "bad-signature", accessKey };
  }
  return { ok: true, accessKey, signedHeaders: names };
}
