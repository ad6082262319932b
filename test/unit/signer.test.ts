import {
  canonicalQuery,
  encodeRfc3986,
  formatSdkDate,
  parseSdkDate,
  signRequest,
  verifySignature,
  type QueryValue,
} from "../../provider/http/signer";
import { officialSigner } from "../helpers/official-sdk";

const creds = { accessKey: "AKTESTSIGNER00000001", secretKey: "s3cr3t/with+odd=chars" };
const when = new Date(Date.UTC(2024, 0, 31, 23, 59, 58));
const sdkDate = "20240131T235958Z";

interface Case {
  name: string;
  method: string;
  url: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
  token?: string;
}

const cases: Case[] = [
  { name: "plain GET", method: "GET", url: "https://kms.cn-north-4.myhuaweicloud.com/v3/p1/running-tasks" },
  {
    name: "odd characters in query values",
    method: "GET",
    url: "https://dcs.cn-north-4.myhuaweicloud.com/v2/p1/tasks",
    query: { a: "space here", b: "!'()*", c: "任务✓", d: "a+b=c&d", e: "~._-", f: "", g: "%2F/slash" },
  },
  {
    name: "arrays and mixed-case keys",
    method: "GET",
    url: "https://dms.cn-north-4.myhuaweicloud.com/v2/p1/instances/i-1/tasks",
    query: { zeta: ["z", "a", "m"], Beta: 1, alpha: true, Alpha: "x" },
  },
  {
    name: "security token and project header",
    method: "GET",
    url: "https://kms.cn-north-4.myhuaweicloud.com/v1/p1/csms/tasks",
    query: { secret_name: "db-password", limit: 10 },
    headers: { "X-Project-Id": "p1" },
    token: "temporary-token-value==",
  },
  {
    name: "port in the URL",
    method: "GET",
    url: "http://127.0.0.1:43817/v3/p1/tasks/aee8d2fe-5484-4753-9177-5a38dc15546c",
  },
  {
    name: "POST with a JSON body",
    method: "POST",
    url: "https://kms.cn-north-4.myhuaweicloud.com:8443/v3/p1/keypairs/associate",
    body: { keypair_name: "KeyPair-demo", server: { id: "srv-1", auth: { type: "password", key: "pw" } } },
  },
];

describe("signRequest", () => {
  const official = officialSigner();

  it.each(cases)("is byte-identical to the official signer: $name", (c) => {
    const headers = { "content-type": "application/json", ...c.headers, "X-Sdk-Date": sdkDate };
    const bodyText = c.body ? JSON.stringify(c.body) : undefined;
    const ours = signRequest(
      { method: c.method, url: c.url, query: c.query ?? {}, headers: { "content-type": "application/json", ...c.headers }, ...(bodyText ? { body: bodyText } : {}) },
      { ...creds, securityToken: c.token },
      when,
    );
    const theirs = official.sign(
      {
        endpoint: c.url,
        method: c.method,
        headers: c.token ? { ...headers, "X-Security-Token": c.token } : headers,
        queryParams: c.query ?? {},
        data: c.body,
      },
      { getAk: () => creds.accessKey, getSk: () => creds.secretKey },
    );
    expect(ours.headers["Authorization"]).toBe(theirs["Authorization"]);
    expect(ours.headers["X-Sdk-Date"]).toBe(sdkDate);
    expect(ours.headers["host"]).toBe(theirs["host"]);
  });

  it("sends exactly the canonical query string", () => {
    const signed = signRequest(
      { method: "GET", url: "https://x.example.com/v1/p/csms/tasks", query: { status: "FAILED", limit: 10, secret_name: "a b" } },
      creds,
      when,
    );
    expect(signed.path).toBe("/v1/p/csms/tasks?limit=10&secret_name=a%20b&status=FAILED");
  });

  it("drops undefined query values and adds no query mark without a query", () => {
    const signed = signRequest({ method: "GET", url: "https://x.example.com/v3/projects", query: { name: undefined } }, creds, when);
    expect(signed.path).toBe("/v3/projects");
  });
});

describe("encoding and dates", () => {
  it("encodes like the gateway", () => {
    expect(encodeRfc3986("A-z_0.9~")).toBe("A-z_0.9~");
    expect(encodeRfc3986("a b!'()*/")).toBe("a%20b%21%27%28%29%2A%2F");
    expect(encodeRfc3986("é")).toBe("%C3%A9");
  });

  it("sorts keys by byte order and repeated values", () => {
    expect(canonicalQuery([["b", "2"], ["B", "1"], ["a", "z"], ["a", "y"]])).toBe("B=1&a=y&a=z&b=2");
  });

  it("formats and parses X-Sdk-Date", () => {
    expect(formatSdkDate(when)).toBe(sdkDate);
    expect(parseSdkDate(sdkDate)?.getTime()).toBe(when.getTime());
    expect(parseSdkDate("2024-01-31T23:59:58Z")).toBeUndefined();
  });
});

describe("verifySignature", () => {
  const secretFor = (ak: string) => (ak === creds.accessKey ? creds.secretKey : undefined);
  const signed = signRequest(
    { method: "GET", url: "http://127.0.0.1:9/v2/p/tasks", query: { limit: 5, start_time: "20240101000000" }, headers: { "content-type": "application/json" } },
    creds,
    when,
  );
  const [path = "", rawQuery = ""] = signed.path.split("?");
  const lower = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const req = { method: "GET", path, rawQuery, headers: lower, body: new Uint8Array() };

  it("accepts a correct signature, whatever the query encoding", () => {
    expect(verifySignature(req, secretFor, when)).toMatchObject({ ok: true, accessKey: creds.accessKey });
    const plusEncoded = { ...req, rawQuery: "start_time=20240101000000&limit=5" };
    expect(verifySignature(plusEncoded, secretFor, when).ok).toBe(true);
  });

  it("refuses one changed byte of the signature", () => {
    const auth = lower["authorization"] ?? "";
    const last = auth.slice(-1) === "0" ? "1" : "0";
    const tampered = { ...req, headers: { ...lower, authorization: auth.slice(0, -1) + last } };
    expect(verifySignature(tampered, secretFor, when)).toMatchObject({ ok: false, problem: "bad-signature" });
  });

  it("refuses skew beyond 15 minutes, unknown keys and a changed query", () => {
    expect(verifySignature(req, secretFor, new Date(when.getTime() + 16 * 60_000))).toMatchObject({ problem: "clock-skew" });
    expect(verifySignature(req, secretFor, new Date(when.getTime() + 14 * 60_000)).ok).toBe(true);
    expect(verifySignature(req, () => undefined, when)).toMatchObject({ problem: "unknown-access-key" });
    expect(verifySignature({ ...req, rawQuery: "limit=6&start_time=20240101000000" }, secretFor, when)).toMatchObject({ problem: "bad-signature" });
    expect(verifySignature({ ...req, headers: {} }, secretFor, when)).toMatchObject({ problem: "missing-authorization" });
  });
});
