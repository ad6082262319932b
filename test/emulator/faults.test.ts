/**
 * Every fault kind of the emulator, and its scoping by count and by time window.
 */
import { request } from "undici";
import { raw, admin, useEmulator, type RawAnswer } from "../helpers/emulator";
import { signRequest } from "../../provider/http/signer";

const ctx = useEmulator({ seed: 11 });
const running = () => `/v3/${ctx.emu.projectId}/running-tasks`;
const body = (a: RawAnswer) => a.json as Record<string, unknown>;

afterEach(() => ctx.emu.clearFaults());

describe("answer faults", () => {
  it("throttle: 429 APIGW.0308 in the gateway shape, with Retry-After when asked", async () => {
    ctx.emu.fault({ fault: { kind: "throttle", retryAfter: "2" }, count: 1 });
    const a = await raw(ctx.emu, "GET", running());
    expect(a.status).toBe(429);
    expect(body(a)).toMatchObject({ error_code: "APIGW.0308", request_id: a.headers["x-request-id"] });
    expect(String(body(a)["error_msg"])).toMatch(/throttling threshold/);
    expect(a.headers["retry-after"]).toBe("2");
    expect((await raw(ctx.emu, "GET", running())).status).toBe(200);
  });

  it.each([500, 502, 503, 504])("status %i in the service's error shape", async (status) => {
    ctx.emu.fault({ fault: { kind: "status", status }, match: { service: "dcs" }, count: 1 });
    const kps = await raw(ctx.emu, "GET", running());
    expect(kps.status).toBe(200);
    const dcs = await raw(ctx.emu, "GET", `/v2/${ctx.emu.projectId}/tasks`);
    expect(dcs.status).toBe(status);
    expect(body(dcs)).toMatchObject({ error_code: `EMULATOR.${status}`, error_ext_msg: null });
  });

  it("latency: the answer arrives, late", async () => {
    ctx.emu.fault({ fault: { kind: "latency", ms: 150 }, count: 1 });
    const a = await raw(ctx.emu, "GET", running());
    expect(a.status).toBe(200);
    expect(ctx.emu.requests().at(-1)).toMatchObject({ status: 200, fault: "latency" });
    expect(ctx.emu.faults()[0]?.hits).toBe(1);
  });

  it("hang: no answer until the client gives up", async () => {
    ctx.emu.fault({ fault: { kind: "hang" }, count: 1 });
    const signed = signRequest({ method: "GET", url: ctx.emu.url + running() }, { accessKey: ctx.emu.accessKey, secretKey: ctx.emu.secretKey }, new Date());
    await expect(
      request(ctx.emu.url + signed.path, { headers: signed.headers, signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect(ctx.emu.requests().at(-1)).toMatchObject({ status: -1, fault: "hang" });
  });

  it("reset: the connection is destroyed", async () => {
    ctx.emu.fault({ fault: { kind: "reset" }, count: 1 });
    await expect(raw(ctx.emu, "GET", running())).rejects.toMatchObject({ code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/) });
  });

  it("truncate: the body is cut short", async () => {
    ctx.emu.fault({ fault: { kind: "truncate" }, count: 1 });
    await expect(raw(ctx.emu, "GET", running())).rejects.toThrow();
  });

  it("html: an HTML error page", async () => {
    ctx.emu.fault({ fault: { kind: "html", status: 502 }, count: 1 });
    const a = await raw(ctx.emu, "GET", running());
    expect(a.status).toBe(502);
    expect(a.headers["content-type"]).toBe("text/html");
    expect(a.text).toMatch(/<h1>502 Bad Gateway<\/h1>/);
  });

  it("mutate: extra fields, dropped optional fields, numbers as strings", async () => {
    ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 600_000 });
    ctx.emu.fault({ fault: { kind: "mutate", mutation: "extra-fields" }, count: 1 });
    const extra = body(await raw(ctx.emu, "GET", running()));
    expect(extra["x_emulator_extra"]).toBeDefined();
    ctx.emu.fault({ fault: { kind: "mutate", mutation: "drop-optional" }, count: 1 });
    const dropped = body(await raw(ctx.emu, "GET", running()));
    expect((dropped["tasks"] as Record<string, unknown>[])[0]).not.toHaveProperty("server_name");
    ctx.emu.fault({ fault: { kind: "mutate", mutation: "numbers-as-strings" }, count: 1 });
    const strings = body(await raw(ctx.emu, "GET", running()));
    expect(typeof strings["total"]).toBe("string");
  });
});

describe("task faults", () => {
  it("vanish: 404 by id and absent from lists while the fault lasts", async () => {
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 600_000, scope: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006" });
    ctx.emu.fault({ fault: { kind: "vanish", taskId: t.id }, count: 2 });
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${t.id}`)).status).toBe(404);
    const list = body(await raw(ctx.emu, "GET", running()))["tasks"] as { task_id: string }[];
    expect(list.some((x) => x.task_id === t.id)).toBe(false);
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${t.id}`)).status).toBe(200);
  });

  it("unknown-status: the task shows a status no client has seen", async () => {
    const t = ctx.emu.createTask({ service: "rocketmq", name: "restart", durationMs: 600_000, scope: "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60" });
    ctx.emu.fault({ fault: { kind: "unknown-status", taskId: t.id, status: "PAUSED_FOR_MAINTENANCE" }, count: 1 });
    const path = `/v2/${ctx.emu.projectId}/instances/0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60/tasks`;
    const find = async () => (body(await raw(ctx.emu, "GET", path, { query: { limit: 100 } }))["tasks"] as { id: string; status: string }[]).find((x) => x.id === t.id);
    expect((await find())?.status).toBe("PAUSED_FOR_MAINTENANCE");
    expect((await find())?.status).toBe("CREATED");
  });

  it("omit: absent from the next list answers (a lagging list), while a read by id still shows it", async () => {
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 600_000, scope: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006" });
    ctx.emu.fault({ fault: { kind: "omit", taskId: t.id }, count: 2 });
    const listed = async () => (body(await raw(ctx.emu, "GET", running()))["tasks"] as { task_id: string }[]).some((x) => x.task_id === t.id);
    expect(await listed()).toBe(false);
    // The read by id is not an answer the fault changes: it shows the task and leaves the count alone.
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${t.id}`)).status).toBe(200);
    expect(await listed()).toBe(false);
    expect(await listed()).toBe(true);
  });

  it("task-error: a read by id of that task answers an error in the service's shape; lists and other tasks are fine", async () => {
    const scope = "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006";
    const a = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 600_000, scope });
    const b = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 600_000, scope });
    ctx.emu.fault({ fault: { kind: "task-error", taskId: a.id, status: 400, errorCode: "KPS.0001", errorMsg: "bad task id" }, count: 1 });
    expect((await raw(ctx.emu, "GET", running())).status).toBe(200);
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${b.id}`)).status).toBe(200);
    const bad = await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${a.id}`);
    expect(bad.status).toBe(400);
    expect(body(bad)).toEqual({ error_code: "KPS.0001", error_msg: "bad task id" });
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${a.id}`)).status).toBe(200);
  });
});

describe("failed-task records", () => {
  const failed = () => `/v3/${ctx.emu.projectId}/failed-tasks`;
  const ids = async () => (body(await raw(ctx.emu, "GET", failed()))["tasks"] as { task_id: string }[]).map((x) => x.task_id);

  it("DeleteFailedTask removes one record (200, no body); the task still reads FAILED by id; a second delete is a 400", async () => {
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", durationMs: 1000, outcome: "failure", startInMs: -60_000 });
    expect(await ids()).toContain(t.id);
    const del = await raw(ctx.emu, "DELETE", `${failed()}/${t.id}`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect(await ids()).not.toContain(t.id);
    expect(body(await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/tasks/${t.id}`))["task_status"]).toBe("FAILED_RESET");
    const again = await raw(ctx.emu, "DELETE", `${failed()}/${t.id}`);
    expect(again.status).toBe(400);
    expect(body(again)["error_code"]).toMatch(/^KPS\./);
  });

  it("DeleteAllFailedTask removes every record", async () => {
    ctx.emu.createTask({ service: "kps", name: "UNBIND", durationMs: 1000, outcome: "failure", startInMs: -60_000 });
    expect((await ids()).length).toBeGreaterThan(0);
    expect((await raw(ctx.emu, "DELETE", failed())).status).toBe(200);
    expect(await ids()).toEqual([]);
  });
});

describe("scoping", () => {
  it("a count affects exactly that many answers", async () => {
    ctx.emu.fault({ fault: { kind: "status", status: 503 }, count: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await raw(ctx.emu, "GET", running())).status);
    expect(statuses).toEqual([503, 503, 503, 200, 200]);
    expect(ctx.emu.faults()[0]).toMatchObject({ hits: 3, remaining: 0, active: false });
  });

  it("a window starts after afterMs and ends after forMs", async () => {
    ctx.emu.fault({ fault: { kind: "status", status: 500 }, afterMs: 100_000, forMs: 1000 });
    expect((await raw(ctx.emu, "GET", running())).status).toBe(200);
    ctx.emu.clearFaults();
    ctx.emu.fault({ fault: { kind: "status", status: 500 }, forMs: 60_000 });
    expect((await raw(ctx.emu, "GET", running())).status).toBe(500);
    expect((await raw(ctx.emu, "GET", running())).status).toBe(500);
  });

  it("matches by operation and method, and is scriptable over the admin API", async () => {
    const created = await admin(ctx.emu, "POST", "/_admin/faults", { fault: { kind: "throttle" }, match: { operation: "ListFailedTask" }, count: 1 });
    expect(created.status).toBe(201);
    expect((await raw(ctx.emu, "GET", running())).status).toBe(200);
    expect((await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/failed-tasks`)).status).toBe(429);
    const rules = (await admin(ctx.emu, "GET", "/_admin/faults")).json as { hits: number }[];
    expect(rules[0]?.hits).toBe(1);
    expect((await admin(ctx.emu, "POST", "/_admin/faults", { fault: { kind: "explode" } })).status).toBe(400);
    expect((await admin(ctx.emu, "DELETE", "/_admin/faults")).status).toBe(200);
    expect(ctx.emu.faults()).toEqual([]);
  });
});
