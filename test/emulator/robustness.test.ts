/**
 * Bad requests get the service's own 400 body, never a crash; the server stays up under 1,000 concurrent
 * requests; the CLI starts, prints its one line, and stops on SIGTERM.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { raw, useEmulator, type RawAnswer } from "../helpers/emulator";

const ctx = useEmulator({ seed: 5 });
const code = (a: RawAnswer) => {
  const b = a.json as { error_code?: string; error?: { error_code?: string } };
  return b.error_code ?? b.error?.error_code;
};

describe("bad requests", () => {
  it.each([
    ["unknown route", "GET", "/v3/{p}/keypairs/unknown", {}, 404, "APIGW.0101"],
    ["wrong method on a known path", "DELETE", "/v3/{p}/running-tasks", {}, 404, "APIGW.0101"],
    ["KPS limit out of range", "GET", "/v3/{p}/running-tasks", { limit: 5000 }, 400, "KPS.0001"],
    ["KPS offset not a number", "GET", "/v3/{p}/failed-tasks", { offset: "abc" }, 400, "KPS.0001"],
    ["DCS limit 0", "GET", "/v2/{p}/tasks", { limit: 0 }, 400, "DCS.4800"],
    ["DCS bad time format", "GET", "/v2/{p}/tasks", { start_time: "2024-06-09T16:00:00Z" }, 400, "DCS.4800"],
    ["RocketMQ negative start", "GET", "/v2/{p}/instances/0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60/tasks", { start: -1 }, 400, "DMS.00400002"],
    ["CSMS mixed filters", "GET", "/v1/{p}/csms/tasks", { task_id: "t1", status: "FAILED" }, 400, "CSMS.0002"],
    ["CSMS limit 0", "GET", "/v1/{p}/csms/tasks", { limit: 0 }, 400, "CSMS.0002"],
    ["KPS task id that is not an id", "GET", "/v3/{p}/tasks/%E2%9C%93", {}, 400, "KPS.0001"],
  ] as const)("%s", async (_name, method, path, query, status, errorCode) => {
    const a = await raw(ctx.emu, method, path.replace("{p}", ctx.emu.projectId), { query });
    expect(a.status).toBe(status);
    expect(code(a)).toBe(errorCode);
  });

  it("refuses a body that is not JSON and a malformed path encoding", async () => {
    const emu = ctx.emu;
    const notJson = await raw(emu, "POST", `/v3/${emu.projectId}/keypairs/associate`, { rawBody: "{not json" });
    expect(notJson.status).toBe(400);
    expect(code(notJson)).toBe("KPS.0001");
    expect(notJson.json).toMatchObject({ error_msg: "The request body is not valid JSON" });
    const badEncoding = await raw(emu, "GET", `/v3/${emu.projectId}/tasks/%E0%A4%A`);
    expect(badEncoding.status).toBe(400);
    expect((await raw(emu, "GET", `/v3/${emu.projectId}/running-tasks`)).status).toBe(200);
  });

  it("ignores unknown query parameters like the real gateway", async () => {
    const a = await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/running-tasks`, { query: { verbose: "yes" } });
    expect(a.status).toBe(200);
  });

  it("decodes %2F inside a segment without changing the route it lands on", async () => {
    const a = await raw(ctx.emu, "GET", `/v2/${ctx.emu.projectId}/instances/a%2F..%2Fb/tasks`);
    expect(a.status).toBe(400);
    expect(ctx.emu.requests().at(-1)).toMatchObject({ operation: "ListBackgroundTasks", params: { instance_id: "a/../b" } });
  });
});

describe("self-check", () => {
  const own = useEmulator({ seed: 6 });
  it("refuses to send an answer that fails the shared response schema", async () => {
    const emu = own.emu;
    emu.createTask({ service: "dcs", name: "modify", extra: { details: "not an object" as unknown as Record<string, unknown> } });
    const a = await raw(emu, "GET", `/v2/${emu.projectId}/tasks`, { query: { limit: 1000 } });
    expect(a.status).toBe(500);
    expect(code(a)).toBe("EMULATOR.SCHEMA");
    expect(String((a.json as { error_msg: string }).error_msg)).toMatch(/details/);
  });
});

describe("load", () => {
  it("serves 1,000 concurrent requests and stays up", async () => {
    const emu = ctx.emu;
    emu.clearRequests();
    const paths = [`/v3/${emu.projectId}/running-tasks`, `/v2/${emu.projectId}/tasks`, `/v1/${emu.projectId}/csms/tasks`];
    const answers = await Promise.all(Array.from({ length: 1000 }, (_, i) => raw(emu, "GET", paths[i % 3] as string)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1000);
    expect(emu.requests()).toHaveLength(1000);
    expect((await raw(emu, "GET", `/v3/${emu.projectId}/running-tasks`)).status).toBe(200);
  });
});

describe("hwc-tasks-emulator CLI", () => {
  it("prints one line with its URL and exits cleanly on SIGTERM", async () => {
    const cli = join(__dirname, "..", "..", "dist", "emulator", "cli.js");
    const child = spawn(process.execPath, [cli, "--port", "0", "--seed", "9", "--time-scale", "50"], { stdio: ["ignore", "pipe", "pipe"] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.once("exit", (c) => reject(new Error(`exited early with ${c}`)));
    });
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const exit = new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("rejects a bad flag with its help and exit code 2", async () => {
    const cli = join(__dirname, "..", "..", "dist", "emulator", "cli.js");
    const child = spawn(process.execPath, [cli, "--time-scale", "fast"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exit = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
    expect(exit).toBe(2);
    expect(err).toMatch(/flags: invalid input: --time-scale: must be a number \(got "fast"\)/);
    expect(err).toMatch(/Usage: hwc-tasks-emulator/);
  });
});
