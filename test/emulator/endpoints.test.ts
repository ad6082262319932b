/**
 * Each emulated endpoint, read raw off the wire: paging, filters, time windows, wire quirks and error bodies.
 */
import { DEFAULT_WORLD } from "../../emulator";
import { raw, admin, useEmulator, type RawAnswer } from "../helpers/emulator";

const ctx = useEmulator({ seed: 3, history: 3 });
const p = () => ctx.emu.projectId;
const [server1, server2, server3] = DEFAULT_WORLD.servers;
const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;

type Json = Record<string, unknown>;
const body = (a: RawAnswer) => a.json as Json;
const list = (a: RawAnswer, key = "tasks") => (a.json as Record<string, Json[]>)[key] ?? [];

describe("every response", () => {
  it("carries X-Request-Id, success or error", async () => {
    const ok = await raw(ctx.emu, "GET", `/v3/${p()}/running-tasks`);
    const bad = await raw(ctx.emu, "GET", `/v3/${p()}/tasks/does-not-exist`);
    const unrouted = await raw(ctx.emu, "GET", `/v9/nowhere`);
    for (const a of [ok, bad, unrouted]) expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers an unknown route like the gateway: 404 APIGW.0101", async () => {
    const a = await raw(ctx.emu, "GET", `/v3/${p()}/no-such-api`);
    expect(a.status).toBe(404);
    expect(body(a)).toMatchObject({ error_code: "APIGW.0101" });
    expect(body(a)["request_id"]).toBe(a.headers["x-request-id"]);
  });

  it("refuses a project that is not the caller's", async () => {
    const kps = await raw(ctx.emu, "GET", `/v3/0000000000000000000000000000dead/running-tasks`);
    expect(kps.status).toBe(403);
    expect(body(kps)).toMatchObject({ error_code: "KPS.0403" });
    const dms = await raw(ctx.emu, "GET", `/v2/0000000000000000000000000000dead/instances/${rmq}/tasks`);
    expect(dms.status).toBe(404);
  });
});

describe("KPS", () => {
  it("plays a reset through READY → RUNNING → SUCCESS and the running list", async () => {
    const emu = ctx.emu;
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "success" });
    const started = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, {
      body: { keypair_name: "KeyPair-rotated", server: { id: server2.id } },
    });
    expect(started.status).toBe(202);
    const taskId = String(body(started)["task_id"]);
    const show = async () => body(await raw(emu, "GET", `/v3/${p()}/tasks/${taskId}`));
    expect(await show()).toEqual({ server_id: server2.id, task_id: taskId, task_status: "READY_RESET" });

    const running = await raw(emu, "GET", `/v3/${p()}/running-tasks`);
    const item = list(running).find((t) => t["task_id"] === taskId);
    expect(item).toMatchObject({ operate_type: "READY_RESET", server_id: server2.id, server_name: "ecs-demo-2", keypair_name: "KeyPair-rotated" });
    expect(typeof item?.["task_time"]).toBe("string");
    expect(String(item?.["task_time"])).toMatch(/^\d{13}$/);
    expect(typeof body(running)["total"]).toBe("number");

    emu.clock.advance(2_000);
    expect((await show())["task_status"]).toBe("RUNNING_RESET");
    emu.clock.advance(9_000);
    expect((await show())["task_status"]).toBe("SUCCESS_RESET");
    const after = await raw(emu, "GET", `/v3/${p()}/running-tasks`);
    expect(list(after).some((t) => t["task_id"] === taskId)).toBe(false);
    const state = body(await admin(emu, "GET", "/_admin/state"));
    const srv = (state["servers"] as Json[]).find((s) => s["id"] === server2.id);
    expect(srv?.["keypairName"]).toBe("KeyPair-rotated");
  });

  it("lists failed tasks with their error code and message", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "kps", name: "UNBIND", scope: server3.id, durationMs: 1000, outcome: "failure", errorCode: "KPS.2011", errorMsg: "agent down" });
    emu.clock.advance(1500);
    const failed = await raw(emu, "GET", `/v3/${p()}/failed-tasks`);
    const item = list(failed).find((x) => x["task_id"] === t.id);
    expect(item).toMatchObject({ operate_type: "FAILED_UNBIND", task_error_code: "KPS.2011", task_error_msg: "agent down" });
    const byId = body(await raw(emu, "GET", `/v3/${p()}/tasks/${t.id}`));
    expect(byId["task_status"]).toBe("FAILED_UNBIND");
  });

  it("pages the running list by offset and limit (default 1000)", async () => {
    const emu = ctx.emu;
    for (let i = 0; i < 5; i += 1) {
      const id = `srv-page-${i}`;
      emu.addServer({ id, name: `page-${i}` });
      emu.createTask({ service: "kps", name: "RESET", scope: id, durationMs: 600_000 });
    }
    const all = await raw(emu, "GET", `/v3/${p()}/running-tasks`);
    const total = Number(body(all)["total"]);
    expect(total).toBeGreaterThanOrEqual(5);
    expect(list(all)).toHaveLength(total);
    const page = await raw(emu, "GET", `/v3/${p()}/running-tasks`, { query: { offset: 2, limit: 2 } });
    expect(list(page).map((t) => t["task_id"])).toEqual(list(all).slice(2, 4).map((t) => t["task_id"]));
    const bad = await raw(emu, "GET", `/v3/${p()}/running-tasks`, { query: { limit: 0 } });
    expect(bad.status).toBe(400);
    expect(body(bad)).toMatchObject({ error_code: "KPS.0001" });
    expect(Object.keys(body(bad)).sort()).toEqual(["error_code", "error_msg"]);
  });

  it("refuses resets on running servers, unknown key pairs and busy servers", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-active", status: "ACTIVE" });
    const active = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { keypair_name: "KeyPair-demo", server: { id: "srv-active" } } });
    expect(active.status).toBe(400);
    const unknown = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { keypair_name: "nope", server: { id: server1.id } } });
    expect(unknown.status).toBe(404);
    emu.addServer({ id: "srv-busy" });
    emu.createTask({ service: "kps", name: "RESET", scope: "srv-busy", durationMs: 600_000 });
    const busy = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { keypair_name: "KeyPair-demo", server: { id: "srv-busy" } } });
    expect(busy.status).toBe(409);
    const noServer = await raw(emu, "POST", `/v3/${p()}/keypairs/disassociate`, { body: { server: { id: "srv-missing" } } });
    expect(noServer.status).toBe(404);
    const badBody = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { server: {} } });
    expect(badBody.status).toBe(400);
  });

  it("binds with auth, replaces when a key pair is bound, unbinds on disassociate", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-bind", status: "ACTIVE" });
    const auth = { type: "password", key: "Passw0rd!" };
    emu.nextTask({ service: "kps", durationMs: 1000, outcome: "success" });
    const bind = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { keypair_name: "KeyPair-demo", server: { id: "srv-bind", auth } } });
    const bindId = String(body(bind)["task_id"]);
    expect(emu.task("kps", bindId)?.name).toBe("BIND");
    emu.clock.advance(emu.task("kps", bindId)!.finishAt - emu.clock.now() + 1);
    const replace = await raw(emu, "POST", `/v3/${p()}/keypairs/associate`, { body: { keypair_name: "KeyPair-rotated", server: { id: "srv-bind", auth } } });
    const replaceTask = emu.task("kps", String(body(replace)["task_id"]));
    expect(replaceTask?.name).toBe("REPLACE");
    emu.clock.advance(replaceTask!.finishAt - emu.clock.now() + 1);
    const unbind = await raw(emu, "POST", `/v3/${p()}/keypairs/disassociate`, { body: { server: { id: server1.id } } });
    expect(unbind.status).toBe(202);
    expect(emu.task("kps", String(body(unbind)["task_id"]))?.name).toBe("UNBIND");
  });

  it("answers 404 in the KPS shape for an unknown task, and accepts X-Auth-Token on KPS only", async () => {
    const emu = ctx.emu;
    const missing = await raw(emu, "GET", `/v3/${p()}/tasks/aee8d2fe-5484-4753-9177-5a38dc15546c`);
    expect(missing.status).toBe(404);
    expect(body(missing)).toMatchObject({ error_code: "KPS.0404" });
    const token = { "X-Auth-Token": "hwc-tasks-emulator-token" };
    expect((await raw(emu, "GET", `/v3/${p()}/running-tasks`, { unsigned: true, headers: token })).status).toBe(200);
    expect((await raw(emu, "GET", `/v2/${p()}/tasks`, { unsigned: true, headers: token })).status).toBe(401);
    expect((await raw(emu, "GET", `/v3/${p()}/running-tasks`, { unsigned: true, headers: { "X-Auth-Token": "wrong" } })).status).toBe(401);
  });
});

describe("CSMS", () => {
  it("pages by marker through every task, with task_time as a number", async () => {
    const emu = ctx.emu;
    for (let i = 0; i < 4; i += 1) emu.createTask({ service: "csms", scope: "api-token", durationMs: 5000, startInMs: -60_000 * (i + 1) });
    const all = body(await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { limit: 200 } }));
    const total = Number(all["total"]);
    const seen: string[] = [];
    let marker: string | undefined;
    for (let guard = 0; guard < 50; guard += 1) {
      const page = await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { limit: 2, marker } });
      const items = list(page);
      for (const t of items) {
        expect(typeof t["task_time"]).toBe("number");
        seen.push(String(t["task_id"]));
      }
      if (items.length < 2) break;
      marker = String(body(page)["next_marker"]);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("filters by secret, status and task id; refuses task_id mixed with filters (400 CSMS.0002)", async () => {
    const emu = ctx.emu;
    const failed = emu.createTask({ service: "csms", scope: "db-password", durationMs: 1000, outcome: "failure", startInMs: -5000 });
    const bySecret = list(await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { secret_name: "db-password", limit: 200 } }));
    expect(bySecret.every((t) => t["secret_name"] === "db-password")).toBe(true);
    const byStatus = list(await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { status: "FAILED", limit: 200 } }));
    expect(byStatus.map((t) => t["task_id"])).toContain(failed.id);
    expect(byStatus.every((t) => t["task_status"] === "FAILED" && typeof t["task_error_code"] === "string")).toBe(true);
    const byId = list(await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { task_id: failed.id } }));
    expect(byId.map((t) => t["task_id"])).toEqual([failed.id]);
    const mixed = await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { task_id: failed.id, secret_name: "db-password" } });
    expect(mixed.status).toBe(400);
    expect(body(mixed)).toEqual({ error: { error_code: "CSMS.0002", error_msg: expect.any(String) } });
    const badStatus = await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { status: "RUNNING" } });
    expect(badStatus.status).toBe(400);
  });

  it("rotates a secret: rotation_task_id, PROCESSING then a final state; unknown secret is 404 CSMS.0106", async () => {
    const emu = ctx.emu;
    emu.nextTask({ service: "csms", durationMs: 3000, outcome: "success" });
    const rotated = await raw(emu, "POST", `/v1/${p()}/secrets/rotating-secret/rotate`, { body: {} });
    expect(rotated.status).toBe(200);
    const id = String(body(rotated)["rotation_task_id"]);
    const get = async () => list(await raw(emu, "GET", `/v1/${p()}/csms/tasks`, { query: { task_id: id } }))[0];
    expect(await get()).toMatchObject({ task_status: "PROCESSING", secret_name: "rotating-secret", attempt_nums: 1 });
    emu.clock.advance(3500);
    expect((await get())?.["task_status"]).toBe("SUCCESS");
    const missing = await raw(emu, "POST", `/v1/${p()}/secrets/no-such-secret/rotate`, { body: {} });
    expect(missing.status).toBe(404);
    expect(body(missing)).toMatchObject({ error: { error_code: "CSMS.0106" } });
  });
});

describe("DCS task center", () => {
  it("sends task_count as a string, details null or partial, ISO times with ms", async () => {
    const a = await raw(ctx.emu, "GET", `/v2/${p()}/tasks`, { query: { limit: 1000 } });
    expect(a.status).toBe(200);
    expect(typeof body(a)["task_count"]).toBe("string");
    const tasks = list(a);
    expect(tasks.length).toBe(Number(body(a)["task_count"]));
    expect(tasks.some((t) => t["details"] === null)).toBe(true);
    expect(tasks.some((t) => t["details"] !== null && typeof t["details"] === "object")).toBe(true);
    for (const t of tasks) {
      expect(String(t["created_at"])).toMatch(/\.\d{3}Z$/);
      expect(typeof t["params"]).toBe("string");
      expect(typeof t["enable_show"]).toBe("boolean");
    }
  });

  it("defaults to 10 per page, pages by offset and windows by start_time/end_time", async () => {
    const emu = ctx.emu;
    const first = await raw(emu, "GET", `/v2/${p()}/tasks`);
    expect(list(first)).toHaveLength(10);
    const all = list(await raw(emu, "GET", `/v2/${p()}/tasks`, { query: { limit: 1000 } }));
    const third = list(await raw(emu, "GET", `/v2/${p()}/tasks`, { query: { offset: 20, limit: 10 } }));
    expect(third.map((t) => t["id"])).toEqual(all.slice(20, 30).map((t) => t["id"]));
    const t = emu.createTask({ service: "dcs", name: "modify", startInMs: -10 * 86_400_000, durationMs: 1000 });
    const day = new Date(t.createdAt).toISOString().slice(0, 10).replace(/-/g, "");
    const win = list(await raw(emu, "GET", `/v2/${p()}/tasks`, { query: { start_time: `${day}000000`, end_time: `${day}235959`, limit: 1000 } }));
    expect(win.map((x) => x["id"])).toEqual([t.id]);
  });

  it("refuses limits outside 1..1000 and malformed times with the DCS error body", async () => {
    for (const query of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { start_time: "2024-01-01" }, { end_time: "20241340000000" }]) {
      const a = await raw(ctx.emu, "GET", `/v2/${p()}/tasks`, { query });
      expect(a.status).toBe(400);
      expect(body(a)).toEqual({ error_msg: expect.any(String), error_code: "DCS.4800", error_ext_msg: null });
    }
  });
});

describe("RocketMQ instance tasks", () => {
  it("accepts start and offset alike, windows by begin_time/end_time, and plays CREATED → EXECUTING → SUCCESS", async () => {
    const emu = ctx.emu;
    const all = list(await raw(emu, "GET", `/v2/${p()}/instances/${rmq}/tasks`, { query: { limit: 100 } }));
    const byStart = list(await raw(emu, "GET", `/v2/${p()}/instances/${rmq}/tasks`, { query: { start: 1, limit: 2 } }));
    const byOffset = list(await raw(emu, "GET", `/v2/${p()}/instances/${rmq}/tasks`, { query: { offset: 1, limit: 2 } }));
    expect(byStart.map((t) => t["id"])).toEqual(all.slice(1, 3).map((t) => t["id"]));
    expect(byOffset).toEqual(byStart);
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: 10_000 });
    const status = async () =>
      list(await raw(emu, "GET", `/v2/${p()}/instances/${rmq}/tasks`, { query: { limit: 100 } })).find((x) => x["id"] === t.id)?.["status"];
    expect(await status()).toBe("CREATED");
    emu.clock.advance(2000);
    expect(await status()).toBe("EXECUTING");
    emu.clock.advance(9000);
    expect(await status()).toBe("SUCCESS");
  });

  it("answers 404 DMS.00404022 for an unknown instance and 400 for a bad window", async () => {
    const missing = await raw(ctx.emu, "GET", `/v2/${p()}/instances/no-such-instance/tasks`);
    expect(missing.status).toBe(404);
    expect(body(missing)).toEqual({ error_code: "DMS.00404022", error_msg: expect.any(String) });
    const bad = await raw(ctx.emu, "GET", `/v2/${p()}/instances/${rmq}/tasks`, { query: { begin_time: "yesterday" } });
    expect(bad.status).toBe(400);
    expect(body(bad)).toMatchObject({ error_code: "DMS.00400002" });
  });
});

describe("IAM", () => {
  it("resolves the region's project, and nothing for another region", async () => {
    const emu = ctx.emu;
    const a = body(await raw(emu, "GET", "/v3/projects", { query: { name: emu.region } }));
    expect(a["projects"]).toEqual([expect.objectContaining({ id: emu.projectId, name: emu.region })]);
    const none = body(await raw(emu, "GET", "/v3/projects", { query: { name: "ap-southeast-9" } }));
    expect(none["projects"]).toEqual([]);
  });
});

describe("admin API", () => {
  it("creates tasks with a chosen name, duration and outcome, and reads them back", async () => {
    const emu = ctx.emu;
    const created = await admin(emu, "POST", "/_admin/tasks", { service: "dcs", name: "EXTEND", durationMs: 5000, outcome: "failure", errorCode: "DCS.4049" });
    expect(created.status).toBe(201);
    const view = body(created);
    expect(view).toMatchObject({ service: "dcs", name: "EXTEND", outcome: "failure", errorCode: "DCS.4049", status: "EXECUTING" });
    expect(Number(view["finishAt"]) - Number(view["createdAt"])).toBe(5000);
    const tasks = (await admin(emu, "GET", "/_admin/tasks?service=dcs")).json as Json[];
    expect(tasks.some((t) => t["id"] === view["id"])).toBe(true);
    expect((await admin(emu, "POST", "/_admin/tasks", { service: "nope" })).status).toBe(400);
    expect((await admin(emu, "GET", "/_admin/no-such")).status).toBe(404);
  });

  it("moves the clock and exposes the request log", async () => {
    const emu = ctx.emu;
    const before = Number(body(await admin(emu, "GET", "/_admin/clock"))["now"]);
    const after = Number(body(await admin(emu, "POST", "/_admin/clock", { advanceMs: 60_000 }))["now"]);
    expect(after - before).toBeGreaterThanOrEqual(60_000);
    await admin(emu, "DELETE", "/_admin/requests");
    await raw(emu, "GET", `/v3/${p()}/running-tasks`);
    const log = (await admin(emu, "GET", "/_admin/requests")).json as Json[];
    expect(log).toEqual([expect.objectContaining({ service: "kps", operation: "ListRunningTask", status: 200, accessKey: emu.accessKey })]);
  });
});
