import { MASK, Redactor, secretHeaderValues, secretsAt } from "../../provider/http/redact";

describe("Redactor", () => {
  const r = new Redactor(["secret-key-1", undefined, "tok/en+with=chars", "abc"]);

  it("masks a secret as given, escaped inside JSON, and percent-encoded", () => {
    expect(r.text("sk=secret-key-1;")).toBe(`sk=${MASK};`);
    expect(r.text(JSON.stringify({ t: "tok/en+with=chars" }))).toBe(`{"t":"${MASK}"}`);
    expect(r.text('{"t":"tok\\/en+with=chars"}')).toBe(`{"t":"${MASK}"}`);
    expect(r.text(`?t=${encodeURIComponent("tok/en+with=chars")}`)).toBe(`?t=${MASK}`);
  });

  it("masks a secret whose characters a server escaped as \\uXXXX, in any mix and case (Gson writes = as \\u003d)", () => {
    const gson = '{"m":"token tok/en+with\\u003dchars refused"}';
    expect(r.text(gson)).toBe(`{"m":"token ${MASK} refused"}`);
    expect(JSON.parse(r.text(gson))).toEqual({ m: `token ${MASK} refused` });
    expect(r.text("tok\\u002Fen\\u002bwith%3Dchars")).toBe(MASK);
    expect(r.text("tok\\/en\\u002bwith\\u003Dchars!")).toBe(`${MASK}!`);
    // Escapes of other text are left alone.
    expect(r.text('{"a":"100% \\u003d \\n"}')).toBe('{"a":"100% \\u003d \\n"}');
  });

  it("ignores secrets shorter than 4 characters (they would mask ordinary text)", () => {
    expect(r.text("abc abc")).toBe("abc abc");
  });

  it("masks each long line of a multi-line secret on its own, and the secret escaped in JSON", () => {
    const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAlineONE\nQ2FuYXJ5TGluZVR3bw==\n-----END RSA PRIVATE KEY-----";
    const k = new Redactor([pem]);
    expect(k.text(`line: Q2FuYXJ5TGluZVR3bw== and MIIEowIBAAKCAQEAlineONE`)).toBe(`line: ${MASK} and ${MASK}`);
    expect(k.text(JSON.stringify({ key: pem }))).toBe(`{"key":"${MASK}"}`);
    expect(k.text("-----BEGIN RSA PRIVATE KEY-----")).toBe("-----BEGIN RSA PRIVATE KEY-----");
  });

  it("with() adds secrets for one request and keeps the others", () => {
    const w = r.with(["body-password-9"]);
    expect(w.text("body-password-9 secret-key-1")).toBe(`${MASK} ${MASK}`);
    expect(r.text("body-password-9")).toBe("body-password-9");
    expect(r.with([undefined])).toBe(r);
    expect(r.with(["secret-key-1"])).toBe(r);
  });

  it("cause() keeps name, code and the masked message, and drops everything else (raw response bytes)", () => {
    const raw = Object.assign(new Error("bad header secret-key-1"), { name: "HTTPParserError", code: "HPE_INVALID_HEADER_TOKEN", data: "X: secret-key-1" });
    const safe = r.cause(raw) as Error & { code?: string; data?: unknown };
    expect(safe.message).toBe(`bad header ${MASK}`);
    expect(safe.name).toBe("HTTPParserError");
    expect(safe.code).toBe("HPE_INVALID_HEADER_TOKEN");
    expect(safe.data).toBeUndefined();
    expect(r.cause(undefined)).toBeUndefined();
    expect(r.cause("plain text secret-key-1")?.message).toBe(`plain text ${MASK}`);
  });
});

describe("secretsAt / secretHeaderValues", () => {
  it("reads the string values at dotted paths of a body", () => {
    const body = { server: { id: "s", auth: { type: "keypair", key: "k-123" } } };
    expect(secretsAt(body, ["server.auth.key", "server.missing.key", "server.id"])).toEqual(["k-123", "s"]);
    expect(secretsAt(undefined, ["a"])).toEqual([]);
    expect(secretsAt(body, undefined)).toEqual([]);
  });

  it("picks the credential headers, as the signer writes them or lower-cased", () => {
    expect(secretHeaderValues({ "X-Security-Token": "t1", "x-auth-token": "t2", Authorization: "a", "X-Sdk-Date": "d" })).toEqual(["t1", "t2"]);
  });
});
