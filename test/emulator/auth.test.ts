/**
 * The emulator authenticates like the API gateway: signatures, clock skew, temporary credentials, tokens.
 */
import { raw, useEmulator } from "../helpers/emulator";

const token = "temporary-security-token-123";
const ctx = useEmulator({ securityToken: token, extraCredentials: [{ accessKey: "PERMANENTAK000000001", secretKey: "permanent-sk" }] });
const path = () => `/v2/${ctx.emu.projectId}/tasks`;
const temporary = () => ({ accessKey: ctx.emu.accessKey, secretKey: ctx.emu.secretKey });

describe("gateway authentication", () => {
  it("accepts temporary credentials only with their signed X-Security-Token", async () => {
    expect((await raw(ctx.emu, "GET", path(), { credentials: { ...temporary(), securityToken: token } })).status).toBe(200);
    const missing = await raw(ctx.emu, "GET", path(), { credentials: temporary() });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error_code: "APIGW.0301" });
    expect((await raw(ctx.emu, "GET", path(), { credentials: { ...temporary(), securityToken: "wrong" } })).status).toBe(401);
    const permanent = await raw(ctx.emu, "GET", path(), { credentials: { accessKey: "PERMANENTAK000000001", secretKey: "permanent-sk" }, headers: { "X-Dummy": "1" } });
    expect(permanent.status).toBe(200);
  });

  it("refuses an X-Sdk-Date more than 15 minutes off, accepts 14 minutes", async () => {
    const creds = { ...temporary(), securityToken: token };
    const skewed = await raw(ctx.emu, "GET", path(), { credentials: creds, date: new Date(Date.now() - 16 * 60_000) });
    expect(skewed.status).toBe(401);
    expect(String((skewed.json as { error_msg: string }).error_msg)).toMatch(/expired/);
    expect((await raw(ctx.emu, "GET", path(), { credentials: creds, date: new Date(Date.now() + 14 * 60_000) })).status).toBe(200);
  });

  it("refuses unknown keys and unsigned requests", async () => {
    expect((await raw(ctx.emu, "GET", path(), { credentials: { accessKey: "NOSUCHKEY", secretKey: "x" } })).status).toBe(401);
    expect((await raw(ctx.emu, "GET", path(), { unsigned: true })).status).toBe(401);
    expect(ctx.emu.requests().filter((r) => r.status === 401).every((r) => r.service === "dcs")).toBe(true);
  });
});
