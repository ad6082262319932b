/**
 * Misbehaving servers, part 2: nothing the caller handed in leaks, and nothing goes out in cleartext. Pages that
 * reflect every request header (with 200, 502 or 503), a KPS 400 that echoes the request body (`auth.key`), a
 * request id that echoes the token, a malformed answer whose parser error carries the raw bytes, a redirect whose
 * `Location` carries the token: every error text (message, stack, JSON, inspection, causes), every `onExchange` and
 * `onProgress` event and everything written to the log is searched for every canary. A proxy from the environment
 * never sees a request to a plain-http loopback endpoint; a redirect is never followed.
 */
import { inspect } from "node:util";
import { ApiError, ResponseShapeError, WaitTimeoutError, awaitKpsTask, getKpsTask, type ExchangeEvent, type WaitEvent } from "../../provider";
import { TaskApiClient } from "../../provider/http/client";
import { create } from "../../provider/resources/host";
import { kpsAssociateKeypair } from "../../provider/endpoints";
import { resolveSettings } from "../../provider/settings";
import { withEnv } from "../helpers/env";
import { echoBody, hostileOptions, json, reflectHeaders, useHostileServers } from "../helpers/hostile";
import { capturingOutput, errorTexts, safeJson } from "../helpers/leaks";
import { startProxy, withProxyEnv } from "../helpers/proxy";
import { settle } from "../helpers/reliability";

const CANARY = { accessKey: "HOSTILECANARYAK00042", secretKey: "hostile-canary-secret-7f3a", securityToken: "hostile-canary-token-0c9d" };
/** A private key KPS would be handed to replace a key pair, and a password: both must never be echoed back. */
const PRIVATE_KEY = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEAcanaryLINEoneOFtheKEYxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  "Q2FuYXJ5TGluZVR3b09mVGhlS2V5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5",
  "-----END RSA PRIVATE KEY-----",
].join("\n");
const PASSWORD = "Canary-Passw0rd!-for-KPS";
const CANARIES = [...Object.values(CANARY), PASSWORD, ...PRIVATE_KEY.split("\n").slice(1, 3)];
const serve = useHostileServers();

const leaked = (texts: readonly string[]) => CANARIES.filter((c) => texts.some((t) => t.includes(c)));

interface Seen {
  error: unknown;
  exchanges: ExchangeEvent[];
  progress: WaitEvent[];
  output: string[];
}

/** Runs a call that must fail, recording its error, its events and everything written to the console or stdio. */
async function observe(run: (exchanges: ExchangeEvent[], progress: WaitEvent[]) => Promise<unknown>): Promise<Seen> {
  const seen: Seen = { error: undefined, exchanges: [], progress: [], output: [] };
  const r = await settle(capturingOutput(seen.output, () => run(seen.exchanges, seen.progress)));
  expect(r.ok).toBe(false);
  seen.error = r.ok ? undefined : r.error;
  return seen;
}

function expectNoLeak(seen: Seen): void {
  expect(leaked(errorTexts(seen.error))).toEqual([]);
  expect(leaked([safeJson(seen.exchanges), ...seen.exchanges.map((e) => inspect(e)), safeJson(seen.progress), ...seen.output])).toEqual([]);
}

describe("pages that reflect the request", () => {
  it.each([200, 502])("an HTML %i showing every request header: the token and the keys are masked everywhere", async (status) => {
    const s = await serve(reflectHeaders(status));
    const seen = await observe((exchanges) => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CANARY, { onExchange: (e) => exchanges.push(e) })));
    expect(seen.error).toBeInstanceOf(status === 200 ? ResponseShapeError : ApiError);
    // The page did carry them: the server saw them, and the error kept the masked page.
    expect(s.received[0]?.headers["x-security-token"]).toBe(CANARY.securityToken);
    expect((seen.error as ApiError).message).toContain("***");
    expect(seen.exchanges[0]?.requestId).toBe("***");
    expectNoLeak(seen);
  });

  it("a wait polling through 503 pages that reflect the headers: its timeout, last error, progress and log are clean", async () => {
    const s = await serve(reflectHeaders(503));
    const seen = await observe((exchanges, progress) =>
      awaitKpsTask({ taskId: "task-1" }, { ...hostileOptions(s, CANARY, { onExchange: (e) => exchanges.push(e) }), timeout: "2s", onProgress: (e) => progress.push(e) }),
    );
    expect(seen.error).toBeInstanceOf(WaitTimeoutError);
    expect((seen.error as WaitTimeoutError).lastError).toMatchObject({ status: 503 });
    expect(seen.progress.some((e) => e.type === "transient-error")).toBe(true);
    expectNoLeak(seen);
  });

  it("a malformed answer whose parser error carries the raw bytes (the token among them): the cause is a clean stand-in", async () => {
    const s = await serve((req, res) => {
      res.socket?.end(`HTTP/1.1 200 OK\r\nX-Echo: ${String(req.headers["x-security-token"])}\r\nBad\u0001Header: ${CANARY.secretKey}\r\n\r\n{}`);
    });
    const seen = await observe(() => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CANARY)));
    expect(seen.error).toMatchObject({ status: 0, host: `127.0.0.1:${s.port}` });
    expect((seen.error as Error).cause).toBeInstanceOf(Error);
    expectNoLeak(seen);
  });
});

describe("a KPS 400 that echoes the request body", () => {
  const body = (type: "keypair" | "password", key: string) => ({ keypair_name: "kp-1", server: { id: "srv-1", auth: { type, key } } });

  it.each([
    ["a private key (each line masked)", "keypair" as const, PRIVATE_KEY],
    ["a password", "password" as const, PASSWORD],
  ])("AssociateKeypair with %s: auth.key is masked in the ApiError", async (_what, type, key) => {
    const s = await serve(echoBody(400));
    const client = new TaskApiClient({ settings: resolveSettings(hostileOptions(s, CANARY), { env: {} }) });
    const seen = await observe(() => client.call(kpsAssociateKeypair, { body: body(type, key) }));
    expect(seen.error).toMatchObject({ status: 400, errorCode: "KPS.0001" });
    expect(s.received[0]?.body).toContain(type === "password" ? PASSWORD : "canaryLINEone");
    expectNoLeak(seen);
  });

  it("KpsKeypairAssociation's create in the provider host: the deployment's error carries no auth.key", async () => {
    // Reads (the adoption's look for a task in progress) find nothing; the start is refused with its body echoed.
    const s = await serve((req, res, r) => (req.method === "POST" ? echoBody(400) : json(200, { total: 0, tasks: [] }))(req, res, r));
    const env = { HWC_TASKS_ENDPOINT: s.url, HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: "0123456789abcdef0123456789abcdef", HW_ACCESS_KEY: CANARY.accessKey, HW_SECRET_KEY: CANARY.secretKey, HW_SECURITY_TOKEN: CANARY.securityToken, HW_MAX_RETRIES: "0" };
    const seen = await observe(() =>
      withEnv(env, () => create("KpsKeypairAssociation", { keypairName: "kp-1", serverId: "srv-1", auth: { type: "keypair", key: PRIVATE_KEY }, timeout: "1m" })),
    );
    expect(seen.error).toMatchObject({ status: 400, operation: "AssociateKeypair" });
    expect(s.received.find((r) => r.method === "POST")?.body).toContain("canaryLINEone");
    expectNoLeak(seen);
  });
});

describe("nothing in cleartext, nothing elsewhere", () => {
  it("with HTTP_PROXY and HTTPS_PROXY set, a plain-http loopback endpoint is called directly: the proxy sees nothing", async () => {
    const proxy = await startProxy();
    try {
      const s = await serve(json(200, { task_id: "task-1", task_status: "SUCCESS_RESET" }));
      await withProxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, () => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CANARY)));
      expect(proxy.hits).toEqual([]);
      expect(s.received[0]?.headers["x-security-token"]).toBe(CANARY.securityToken);
    } finally {
      await proxy.close();
    }
  });

  it("a redirect is not followed (the signed request never reaches its target), and its Location is masked", async () => {
    const target = await serve(json(200, { task_id: "task-1", task_status: "SUCCESS_RESET" }));
    const s = await serve((req, res) => {
      res.writeHead(302, { location: `${target.url}/steal?token=${String(req.headers["x-security-token"])}` });
      res.end();
    });
    const seen = await observe(() => getKpsTask({ taskId: "task-1" }, hostileOptions(s, CANARY)));
    expect(seen.error).toMatchObject({ status: 302, errorMsg: `redirected to ${target.url}/steal?token=***` });
    expect((seen.error as ApiError).hint).toContain("redirects are not followed");
    expect(target.received).toEqual([]);
    expectNoLeak(seen);
  });
});
