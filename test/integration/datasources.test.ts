/**
 * The six public data-source functions and their Output twins against the emulator. Expected results come from the
 * emulator's own state (`emu.tasks`, `emu.task`) or its wire answers, never from literals.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD, type TaskService, type TaskView } from "../../emulator";
import {
  getCsmsTasks,
  getCsmsTasksOutput,
  getDcsTasks,
  getDcsTasksOutput,
  getKpsFailedTasks,
  getKpsFailedTasksOutput,
  getKpsRunningTasks,
  getKpsRunningTasksOutput,
  getKpsTask,
  getKpsTaskOutput,
  getRocketMqTasks,
  getRocketMqTasksOutput,
  type TaskApiOptions,
} from "../../provider";
import { resetRuntime } from "../../provider/runtime";
import { closeRawAgent, raw, useEmulator } from "../helpers/emulator";
import { resolveOutput, withPulumiConfig } from "../helpers/pulumi";

const CONFIG_KEY = { accessKey: "CONFIGSOURCEAK000001", secretKey: "config-source-sk" };
const ENV_KEY = { accessKey: "ENVSOURCEAK000000001", secretKey: "env-source-sk" };
const PULUMI_KEY = { accessKey: "PULUMISOURCEAK000001", secretKey: "pulumi-source-sk" };
const ctx = useEmulator({ seed: 7, history: 3, extraCredentials: [CONFIG_KEY, ENV_KEY, PULUMI_KEY] });
afterAll(() => closeRawAgent());
afterEach(() => ctx.emu.clearFaults());

const HOUR = 3_600_000;
const [server1, server2, server3] = DEFAULT_WORLD.servers;
const [rmq1, rmq2] = DEFAULT_WORLD.rocketmqInstances;
const opts = (): TaskApiOptions => ({ ...ctx.emu.settings(), sources: { env: {} } });

/** Visible tasks of a service, as the emulator knows them now. */
const visible = (service: TaskService): TaskView[] =>
  ctx.emu.tasks(service).filter((t) => t.visibleAt <= ctx.emu.clock.now());
/** The phase the emulator's clock and the task's outcome imply (independent of any status classification). */
const truePhase = (t: TaskView) =>
  ctx.emu.clock.now() < t.finishAt ? "pending" : t.outcome === "success" ? "succeeded" : "failed";
const truth = (service: TaskService, id: string): TaskView => {
  const t = ctx.emu.task(service, id);
  if (!t) throw new Error(`the emulator has no ${service} task ${id}`);
  return t;
};
const sorted = (ids: string[]) => [...ids].sort();

type Kind = "string" | "number" | "boolean" | "object" | "null" | "undefined";
/** Every listed field present (and no other), each of one of the listed types. */
function expectShape(obj: object, spec: Record<string, Kind[]>): void {
  expect(Object.keys(obj).sort()).toEqual(Object.keys(spec).sort());
  for (const [field, kinds] of Object.entries(spec)) {
    const v = (obj as Record<string, unknown>)[field];
    const kind = v === null ? "null" : typeof v;
    expect(`${field}: ${kind}`).toMatch(new RegExp(`^${field}: (${kinds.join("|")})$`));
  }
}

/** snake_case → camelCase, written independently of the provider's mapper. */
const camel = (k: string) => k.split("_").map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join("");
const noSnake = (o: object) => expect(Object.keys(o).filter((k) => k.includes("_"))).toEqual([]);

/** The requests the emulator received for an operation since the last clear. */
const received = (operation: string) => ctx.emu.requests({ operation });

// ---------------------------------------------------------------------------------------------------------- KPS

describe("getKpsTask", () => {
  it("reads every field; phase follows the lifecycle to success and to failure", async () => {
    const ok = ctx.emu.createTask({ service: "kps", name: "REPLACE", scope: server1.id, durationMs: 10 * HOUR, outcome: "success" });
    const bad = ctx.emu.createTask({
      service: "kps",
      name: "UNBIND",
      scope: server3.id,
      durationMs: 10 * HOUR,
      outcome: "failure",
      errorCode: "KPS.2011",
    });
    const check = async (id: string, statusRe: RegExp) => {
      const r = await getKpsTask({ taskId: id }, opts());
      const t = truth("kps", id);
      expect(t.status).toMatch(statusRe);
      expectShape(r, { taskId: ["string"], serverId: ["string"], taskStatus: ["string"], phase: ["string"], operation: ["string"] });
      expect(r).toEqual({ taskId: t.id, serverId: t.scope, taskStatus: t.status, phase: truePhase(t), operation: t.name });
    };
    await check(ok.id, /^READY_/);
    await check(bad.id, /^READY_/);
    ctx.emu.clock.advance(2 * HOUR);
    await check(ok.id, /^RUNNING_/);
    await check(bad.id, /^RUNNING_/);
    ctx.emu.clock.advance(9 * HOUR);
    await check(ok.id, /^SUCCESS_/);
    await check(bad.id, /^FAILED_/);
  });
});

describe("getKpsRunningTasks / getKpsFailedTasks", () => {
  beforeAll(() => {
    for (const [i, s] of [server1, server2, server3, server1, server2, server3, server1].entries()) {
      ctx.emu.createTask({ service: "kps", name: "RESET", scope: s.id, durationMs: (20 + i) * HOUR, outcome: "success" });
    }
    for (const s of [server2, server3]) {
      ctx.emu.createTask({
        service: "kps",
        name: "BIND",
        scope: s.id,
        startInMs: -3 * HOUR,
        durationMs: HOUR,
        outcome: "failure",
        errorCode: `KPS.20${s.id.slice(0, 2)}`,
        errorMsg: `bind failed on ${s.name}`,
      });
    }
  });
  beforeEach(() => ctx.emu.clearRequests());

  const runningTruth = () => visible("kps").filter((t) => ctx.emu.clock.now() < t.finishAt);
  const failedTruth = () => visible("kps").filter((t) => ctx.emu.clock.now() >= t.finishAt && t.outcome === "failure");

  it("running: exactly the unfinished tasks, every field typed and equal to the wire's", async () => {
    const res = await getKpsRunningTasks({}, opts());
    const expected = runningTruth();
    expect(expected.length).toBeGreaterThanOrEqual(7);
    expectShape(res, { total: ["number"], tasks: ["object"], truncated: ["boolean"], requestIds: ["object"] });
    expect(res.total).toBe(expected.length);
    expect(res.truncated).toBe(false);
    expect(res.requestIds).toHaveLength(1);
    expect(sorted(res.tasks.map((t) => t.taskId))).toEqual(sorted(expected.map((t) => t.id)));

    const wire = (await raw(ctx.emu, "GET", `/v3/${ctx.emu.projectId}/running-tasks`)).json as {
      tasks: Record<string, string>[];
    };
    for (const task of res.tasks) {
      const t = truth("kps", task.taskId);
      const w = wire.tasks.find((x) => x["task_id"] === task.taskId) ?? {};
      expectShape(task, {
        taskId: ["string"],
        operateType: ["string"],
        taskTime: ["number"],
        serverName: ["string"],
        serverId: ["string"],
        keypairName: ["string"],
        phase: ["string"],
      });
      expect(task).toEqual({
        taskId: t.id,
        operateType: t.status,
        taskTime: t.createdAt,
        serverName: w["server_name"],
        serverId: t.scope,
        keypairName: w["keypair_name"],
        phase: "pending",
      });
      expect(truePhase(t)).toBe("pending");
    }
  });

  it("failed: the failed tasks with their error code and message", async () => {
    const res = await getKpsFailedTasks({}, opts());
    const expected = failedTruth();
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect(res.total).toBe(expected.length);
    expect(sorted(res.tasks.map((t) => t.taskId))).toEqual(sorted(expected.map((t) => t.id)));
    for (const task of res.tasks) {
      const t = truth("kps", task.taskId);
      expectShape(task, {
        taskId: ["string"],
        operateType: ["string"],
        taskTime: ["number"],
        serverName: ["string"],
        serverId: ["string"],
        keypairName: ["string"],
        phase: ["string"],
        taskErrorCode: ["string"],
        taskErrorMsg: ["string"],
      });
      expect(task).toMatchObject({
        operateType: t.status,
        taskTime: t.createdAt,
        serverId: t.scope,
        phase: "failed",
        taskErrorCode: t.errorCode,
        taskErrorMsg: t.errorMsg,
      });
      expect(truePhase(t)).toBe("failed");
    }
  });

  it("pages: every task exactly once, one request per page, offsets stepping by pageSize", async () => {
    const res = await getKpsRunningTasks({ pageSize: 3 }, opts());
    const expected = runningTruth();
    const pages = Math.ceil(expected.length / 3);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = res.tasks.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected.map((t) => t.id)));
    const reqs = received("ListRunningTask");
    expect(reqs).toHaveLength(pages);
    expect(res.requestIds).toHaveLength(pages);
    expect(reqs.every((r) => r.query["limit"] === "3")).toBe(true);
    expect(reqs.map((r) => Number(r.query["offset"])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: pages }, (_, i) => i * 3),
    );
  });

  it("maxItems truncates and says so; exactly the total does not", async () => {
    const all = await getKpsRunningTasks({}, opts());
    const cut = await getKpsRunningTasks({ maxItems: 2, pageSize: 3 }, opts());
    expect(cut.tasks.map((t) => t.taskId)).toEqual(all.tasks.slice(0, 2).map((t) => t.taskId));
    expect(cut.truncated).toBe(true);
    expect(cut.total).toBe(all.total);
    const exact = await getKpsRunningTasks({ maxItems: all.total, pageSize: 3 }, opts());
    expect(exact.tasks).toHaveLength(all.total);
    expect(exact.truncated).toBe(false);
  });

  it("serverId keeps that server's tasks only, and total counts them", async () => {
    const running = await getKpsRunningTasks({ serverId: server1.id, pageSize: 2 }, opts());
    const expected = runningTruth().filter((t) => t.scope === server1.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(sorted(running.tasks.map((t) => t.taskId))).toEqual(sorted(expected.map((t) => t.id)));
    expect(running.total).toBe(expected.length);
    const failed = await getKpsFailedTasks({ serverId: server3.id }, opts());
    const expectedFailed = failedTruth().filter((t) => t.scope === server3.id);
    expect(sorted(failed.tasks.map((t) => t.taskId))).toEqual(sorted(expectedFailed.map((t) => t.id)));
    expect(failed.tasks.every((t) => t.serverId === server3.id)).toBe(true);
  });
});

// --------------------------------------------------------------------------------------------------------- CSMS

describe("getCsmsTasks", () => {
  beforeAll(() => {
    ctx.emu.createTask({ service: "csms", scope: "api-token", durationMs: 30 * HOUR, outcome: "success" });
    ctx.emu.createTask({ service: "csms", scope: "api-token", startInMs: -2 * HOUR, durationMs: 60_000, outcome: "success" });
    ctx.emu.createTask({
      service: "csms",
      scope: "rotating-secret",
      startInMs: -2 * HOUR,
      durationMs: 60_000,
      outcome: "failure",
      errorCode: "CSMS.0601",
      errorMsg: "rotation function error",
    });
  });
  beforeEach(() => ctx.emu.clearRequests());

  it("reads every task with every field typed; phase from the emulator's clock and outcome", async () => {
    const res = await getCsmsTasks({}, opts());
    const expected = visible("csms");
    expect(res.total).toBe(expected.length);
    expect(sorted(res.tasks.map((t) => t.taskId))).toEqual(sorted(expected.map((t) => t.id)));
    const phases = new Set<string>();
    for (const task of res.tasks) {
      const t = truth("csms", task.taskId);
      const failed = truePhase(t) === "failed";
      phases.add(task.phase);
      expectShape(task, {
        taskId: ["string"],
        secretName: ["string"],
        rotationFuncUrn: ["string"],
        taskStatus: ["string"],
        operateType: ["string"],
        taskTime: ["number"],
        attemptNums: ["number"],
        taskErrorCode: failed ? ["string"] : ["undefined"],
        taskErrorMsg: failed ? ["string"] : ["undefined"],
        phase: ["string"],
      });
      expect(task).toMatchObject({
        secretName: t.scope,
        taskStatus: t.status,
        taskTime: t.createdAt,
        taskErrorCode: failed ? t.errorCode : undefined,
        taskErrorMsg: failed ? t.errorMsg : undefined,
        phase: truePhase(t),
      });
      expect(task.rotationFuncUrn).toContain(`rotate-${t.scope}`);
    }
    expect([...phases].sort()).toEqual(["failed", "pending", "succeeded"]);
  });

  it("filters by secretName and by status, sending the API's parameter names", async () => {
    const bySecret = await getCsmsTasks({ secretName: "api-token" }, opts());
    expect(sorted(bySecret.tasks.map((t) => t.taskId))).toEqual(sorted(visible("csms").filter((t) => t.scope === "api-token").map((t) => t.id)));
    expect(received("ListSecretTask")[0]?.query["secret_name"]).toBe("api-token");

    const failed = await getCsmsTasks({ status: "FAILED" }, opts());
    const expectedFailed = visible("csms").filter((t) => truePhase(t) === "failed");
    expect(expectedFailed.length).toBeGreaterThanOrEqual(1);
    expect(sorted(failed.tasks.map((t) => t.taskId))).toEqual(sorted(expectedFailed.map((t) => t.id)));
    expect(received("ListSecretTask")[1]?.query["status"]).toBe("FAILED");

    const both = await getCsmsTasks({ secretName: "rotating-secret", status: "FAILED" }, opts());
    expect(both.tasks.every((t) => t.secretName === "rotating-secret" && t.phase === "failed")).toBe(true);
  });

  it("filters by taskId alone", async () => {
    const one = visible("csms")[1] as TaskView;
    const res = await getCsmsTasks({ taskId: one.id }, opts());
    expect(res.tasks.map((t) => t.taskId)).toEqual([one.id]);
    expect(res.total).toBe(1);
    expect(received("ListSecretTask")[0]?.query).toEqual({ task_id: one.id, limit: "200" });
  });

  it("pages by marker: every task once, one request per page, each marker the last id of the page before", async () => {
    const res = await getCsmsTasks({ pageSize: 2 }, opts());
    const expected = visible("csms");
    const pages = Math.ceil(expected.length / 2);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = res.tasks.map((t) => t.taskId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected.map((t) => t.id)));
    const reqs = received("ListSecretTask");
    expect(reqs).toHaveLength(pages);
    expect(res.requestIds).toHaveLength(pages);
    expect(reqs[0]?.query["marker"]).toBeUndefined();
    reqs.slice(1).forEach((r, i) => expect(r.query["marker"]).toBe(ids[2 * i + 1]));
    expect(reqs.every((r) => r.query["limit"] === "2")).toBe(true);
  });

  it("maxItems truncates marker paging", async () => {
    const res = await getCsmsTasks({ pageSize: 2, maxItems: 3 }, opts());
    expect(res.tasks).toHaveLength(3);
    expect(res.truncated).toBe(true);
    expect(res.total).toBe(visible("csms").length);
  });
});

// ---------------------------------------------------------------------------------------------------------- DCS

const WINDOW = { start: Date.UTC(2024, 0, 31, 23, 59, 58), end: Date.UTC(2024, 1, 2, 1, 2, 3) };
const WINDOW_WIRE = { start: "20240131235958", end: "20240202010203" };
const WINDOW_FORMS: [string, unknown, unknown][] = [
  ["Date", new Date(WINDOW.start), new Date(WINDOW.end)],
  ["epoch ms", WINDOW.start, WINDOW.end],
  ["ISO with Z", "2024-01-31T23:59:58Z", "2024-02-02T01:02:03.000Z"],
  ["ISO with an offset", "2024-02-01T07:59:58+08:00", "2024-02-01T20:02:03-05:00"],
  ["ISO without a zone (read as UTC)", "2024-01-31T23:59:58", "2024-02-02 01:02:03"],
  ["yyyyMMddHHmmss", "20240131235958", "20240202010203"],
];

describe("getDcsTasks", () => {
  beforeAll(() => {
    ctx.emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 40 * HOUR, outcome: "success" });
    ctx.emu.createTask({ service: "dcs", name: "BindEip", startInMs: -2 * HOUR, durationMs: 60_000, outcome: "failure", errorCode: "DCS.4049" });
  });
  beforeEach(() => ctx.emu.clearRequests());

  it("reads every task with every field typed, camelCased, details included", async () => {
    const res = await getDcsTasks({}, opts());
    const expected = visible("dcs");
    expectShape(res, { taskCount: ["number"], tasks: ["object"], truncated: ["boolean"], requestIds: ["object"] });
    expect(res.taskCount).toBe(expected.length);
    expect(sorted(res.tasks.map((t) => t.id))).toEqual(sorted(expected.map((t) => t.id)));

    const wire = (await raw(ctx.emu, "GET", `/v2/${ctx.emu.projectId}/tasks`, { query: { limit: 1000 } })).json as {
      tasks: Record<string, unknown>[];
    };
    let withDetails = 0;
    const phases = new Set<string>();
    for (const task of res.tasks) {
      const t = truth("dcs", task.id);
      const w = wire.tasks.find((x) => x["id"] === task.id) ?? {};
      const failed = truePhase(t) === "failed";
      phases.add(task.phase);
      noSnake(task);
      expectShape(task, {
        id: ["string"],
        name: ["string"],
        details: ["object", "null"],
        userName: ["string"],
        userId: ["string"],
        params: ["string"],
        status: ["string"],
        createdAt: ["string"],
        updatedAt: ["string"],
        errorCode: failed ? ["string"] : ["undefined"],
        enableShow: ["boolean"],
        jobId: ["string"],
        phase: ["string"],
      });
      expect(task).toMatchObject({
        name: t.name,
        status: t.status,
        createdAt: new Date(t.createdAt).toISOString(),
        errorCode: failed ? t.errorCode : undefined,
        phase: truePhase(t),
        userName: w["user_name"],
        userId: w["user_id"],
        params: w["params"],
        jobId: w["job_id"],
        enableShow: w["enable_show"],
        updatedAt: w["updated_at"],
      });
      const wd = w["details"] as Record<string, unknown> | null;
      if (wd === null) {
        expect(task.details).toBeNull();
      } else {
        withDetails += 1;
        noSnake(task.details as object);
        expect(task.details).toEqual(Object.fromEntries(Object.entries(wd).map(([k, v]) => [camel(k), v])));
      }
    }
    expect(withDetails).toBeGreaterThan(0);
    expect([...phases].sort()).toEqual(["failed", "pending", "succeeded"]);
  });

  it("pages by offset: every task once, one request per page", async () => {
    const res = await getDcsTasks({ pageSize: 10 }, opts());
    const expected = visible("dcs");
    const pages = Math.ceil(expected.length / 10);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = res.tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected.map((t) => t.id)));
    const reqs = received("ListCenterTask");
    expect(reqs).toHaveLength(pages);
    expect(res.requestIds).toHaveLength(pages);
    expect(reqs.map((r) => Number(r.query["offset"])).sort((a, b) => a - b)).toEqual(Array.from({ length: pages }, (_, i) => i * 10));
  });

  it("maxItems truncates", async () => {
    const res = await getDcsTasks({ maxItems: 5, pageSize: 4 }, opts());
    expect(res.tasks).toHaveLength(5);
    expect(res.truncated).toBe(true);
    expect(res.taskCount).toBe(visible("dcs").length);
  });

  it("sends no window unless asked", async () => {
    await getDcsTasks({}, opts());
    expect(received("ListCenterTask")[0]?.query).toEqual({ offset: "0", limit: "1000" });
  });

  it.each(WINDOW_FORMS)("sends a window given as %s as UTC yyyyMMddHHmmss", async (_form, startTime, endTime) => {
    await getDcsTasks({ startTime: startTime as Date, endTime: endTime as Date }, opts());
    const q = received("ListCenterTask")[0]?.query;
    expect(q?.["start_time"]).toBe(WINDOW_WIRE.start);
    expect(q?.["end_time"]).toBe(WINDOW_WIRE.end);
  });

  it("a window returns the emulator's tasks created in it", async () => {
    const old = ctx.emu.createTask({ service: "dcs", name: "UpdatePort", startInMs: -3 * 24 * HOUR, durationMs: 60_000 });
    const start = Math.floor((old.createdAt - 60_000) / 1000) * 1000;
    const end = Math.floor((old.createdAt + 60_000) / 1000) * 1000;
    const res = await getDcsTasks({ startTime: new Date(start), endTime: new Date(end) }, opts());
    const expected = visible("dcs").filter((t) => t.createdAt >= start && t.createdAt <= end + 999);
    expect(expected.map((t) => t.id)).toContain(old.id);
    expect(sorted(res.tasks.map((t) => t.id))).toEqual(sorted(expected.map((t) => t.id)));
    expect(res.taskCount).toBe(expected.length);
  });
});

// ----------------------------------------------------------------------------------------------------- RocketMQ

describe("getRocketMqTasks", () => {
  beforeAll(() => {
    ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: rmq1.id, durationMs: 50 * HOUR, outcome: "success" });
    ctx.emu.createTask({ service: "rocketmq", name: "extend", scope: rmq1.id, startInMs: -10 * HOUR, durationMs: 60 * HOUR });
    ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: rmq1.id, startInMs: -2 * HOUR, durationMs: 60_000, outcome: "failure" });
    ctx.emu.createTask({ service: "rocketmq", name: "bindInstancePublicIp", scope: rmq1.id, startInMs: -2 * HOUR, durationMs: 60_000, outcome: "success" });
    ctx.emu.createTask({ service: "rocketmq", name: "restart", scope: rmq2.id, durationMs: 50 * HOUR });
  });
  beforeEach(() => ctx.emu.clearRequests());
  const expectedFor = (instance: string) => visible("rocketmq").filter((t) => t.scope === instance);

  it("reads the instance's tasks (and only them) with every field typed", async () => {
    const res = await getRocketMqTasks({ instanceId: rmq1.id }, opts());
    const expected = expectedFor(rmq1.id);
    expectShape(res, { taskCount: ["number"], tasks: ["object"], truncated: ["boolean"], requestIds: ["object"] });
    expect(res.taskCount).toBe(expected.length);
    expect(sorted(res.tasks.map((t) => t.id))).toEqual(sorted(expected.map((t) => t.id)));
    const statuses = new Set<string>();
    for (const task of res.tasks) {
      const t = truth("rocketmq", task.id);
      statuses.add(task.status);
      noSnake(task);
      expectShape(task, {
        id: ["string"],
        name: ["string"],
        userName: ["string"],
        userId: ["string"],
        params: ["string"],
        status: ["string"],
        createdAt: ["string"],
        updatedAt: ["string"],
        phase: ["string"],
      });
      expect(task).toMatchObject({ name: t.name, status: t.status, createdAt: new Date(t.createdAt).toISOString(), phase: truePhase(t) });
      expect(() => JSON.parse(task.params as string)).not.toThrow();
    }
    expect([...statuses].sort()).toEqual(["CREATED", "EXECUTING", "FAILED", "SUCCESS"]);
    expect(received("ListBackgroundTasks")[0]?.path).toBe(`/v2/${ctx.emu.projectId}/instances/${rmq1.id}/tasks`);
  });

  it("pages with start/limit: every task once, one request per page", async () => {
    const res = await getRocketMqTasks({ instanceId: rmq1.id, pageSize: 2 }, opts());
    const expected = expectedFor(rmq1.id);
    const pages = Math.ceil(expected.length / 2);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = res.tasks.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected.map((t) => t.id)));
    const reqs = received("ListBackgroundTasks");
    expect(reqs).toHaveLength(pages);
    expect(reqs.map((r) => Number(r.query["start"])).sort((a, b) => a - b)).toEqual(Array.from({ length: pages }, (_, i) => i * 2));
  });

  it("maxItems truncates", async () => {
    const res = await getRocketMqTasks({ instanceId: rmq1.id, maxItems: 1, pageSize: 2 }, opts());
    expect(res.tasks).toHaveLength(1);
    expect(res.truncated).toBe(true);
  });

  it.each(WINDOW_FORMS)("sends a window given as %s as begin_time/end_time in UTC", async (_form, beginTime, endTime) => {
    await getRocketMqTasks({ instanceId: rmq2.id, beginTime: beginTime as Date, endTime: endTime as Date }, opts());
    const q = received("ListBackgroundTasks")[0]?.query;
    expect(q?.["begin_time"]).toBe(WINDOW_WIRE.start);
    expect(q?.["end_time"]).toBe(WINDOW_WIRE.end);
  });
});

// ------------------------------------------------------------------------------------- robustness to the wire

describe("surprising but well-formed answers (mutate faults)", () => {
  interface Normal {
    ids: string[];
    count: number;
    tasks: Record<string, unknown>[];
  }
  const calls: [string, () => Promise<Normal>][] = [
    ["ListRunningTask", async () => { const r = await getKpsRunningTasks({}, opts()); return { ids: r.tasks.map((t) => t.taskId), count: r.total, tasks: r.tasks as never }; }],
    ["ListFailedTask", async () => { const r = await getKpsFailedTasks({}, opts()); return { ids: r.tasks.map((t) => t.taskId), count: r.total, tasks: r.tasks as never }; }],
    ["ListSecretTask", async () => { const r = await getCsmsTasks({}, opts()); return { ids: r.tasks.map((t) => t.taskId), count: r.total, tasks: r.tasks as never }; }],
    ["ListCenterTask", async () => { const r = await getDcsTasks({}, opts()); return { ids: r.tasks.map((t) => t.id), count: r.taskCount, tasks: r.tasks as never }; }],
    ["ListBackgroundTasks", async () => { const r = await getRocketMqTasks({ instanceId: rmq1.id }, opts()); return { ids: r.tasks.map((t) => t.id), count: r.taskCount, tasks: r.tasks as never }; }],
  ];
  const cases = (["extra-fields", "drop-optional", "numbers-as-strings"] as const).flatMap((mutation) =>
    calls.map(([op, run]) => ({ mutation, op, run })),
  );

  it.each(cases)("$mutation on $op: the same tasks, counts and times still numbers", async ({ mutation, op, run }) => {
    const before = await run();
    ctx.emu.fault({ fault: { kind: "mutate", mutation }, match: { operation: op }, count: 1 });
    const after = await run();
    expect(ctx.emu.faults()[0]?.hits).toBe(1);
    expect(after.ids).toEqual(before.ids);
    expect(after.count).toBe(before.count);
    for (const t of after.tasks) {
      for (const f of ["taskTime", "attemptNums"]) {
        if (f in t && t[f] !== undefined) expect(`${f}: ${typeof t[f]}`).toBe(`${f}: number`);
      }
    }
    if (mutation === "numbers-as-strings") {
      // every number the wire turned into a string is read back as the same number
      expect(after.tasks).toEqual(before.tasks);
    }
  });
});

// ------------------------------------------------------------------------------------------ settings sources

describe("settings sources and project-id resolution", () => {
  beforeEach(async () => {
    ctx.emu.clearRequests();
    await resetRuntime();
  });
  const endpointsJson = () => JSON.stringify({ kms: ctx.emu.url, dcs: ctx.emu.url, dms: ctx.emu.url, iam: ctx.emu.url });
  const lastKey = () => ctx.emu.requests().at(-1)?.accessKey;

  it("resolves the project id through IAM once when none is given", async () => {
    const noProject: TaskApiOptions = { ...opts(), projectId: undefined };
    await getKpsRunningTasks({}, noProject);
    await getCsmsTasks({}, noProject);
    await getDcsTasks({}, noProject);
    await getRocketMqTasks({ instanceId: rmq1.id }, noProject);
    const iam = ctx.emu.requests({ operation: "KeystoneListProjects" });
    expect(iam).toHaveLength(1);
    expect(iam[0]?.query["name"]).toBe(ctx.emu.region);
    const others = ctx.emu.requests().filter((r) => r.service !== "iam");
    expect(others).toHaveLength(4);
    expect(others.every((r) => r.path.includes(`/${ctx.emu.projectId}/`) && r.status === 200)).toBe(true);
  });

  it("explicit settings reach the emulator", async () => {
    await getKpsRunningTasks({}, opts());
    expect(lastKey()).toBe(ctx.emu.accessKey);
  });

  it("a config lookup (huaweicloud:* keys, endpoints map) reaches the emulator", async () => {
    const cfg: Record<string, string> = {
      region: ctx.emu.region,
      projectId: ctx.emu.projectId,
      ...CONFIG_KEY,
      endpoints: endpointsJson(),
    };
    const res = await getDcsTasks({}, { sources: { config: (k) => cfg[k], env: {} } });
    expect(res.taskCount).toBe(visible("dcs").length);
    expect(lastKey()).toBe(CONFIG_KEY.accessKey);
  });

  it("the environment (the emulator's own env()) reaches the emulator", async () => {
    const env = { ...ctx.emu.env(), HW_ACCESS_KEY: ENV_KEY.accessKey, HW_SECRET_KEY: ENV_KEY.secretKey };
    const res = await getCsmsTasks({}, { sources: { env } });
    expect(res.total).toBe(visible("csms").length);
    expect(lastKey()).toBe(ENV_KEY.accessKey);
  });

  it("the real Pulumi config (no sources given) reaches the emulator", async () => {
    await withPulumiConfig(
      {
        "huaweicloud:region": ctx.emu.region,
        "huaweicloud:projectId": ctx.emu.projectId,
        "huaweicloud:accessKey": PULUMI_KEY.accessKey,
        "huaweicloud:secretKey": PULUMI_KEY.secretKey,
        "huaweicloud:endpoints": endpointsJson(),
      },
      async () => {
        const res = await getRocketMqTasks({ instanceId: rmq2.id });
        expect(res.taskCount).toBe(visible("rocketmq").filter((t) => t.scope === rmq2.id).length);
      },
    );
    expect(lastKey()).toBe(PULUMI_KEY.accessKey);
  });
});

// ------------------------------------------------------------------------------------------------ Output twins

describe("Output twins", () => {
  /** Drops the per-call request ids, which differ between two reads of the same data. */
  const stable = <T extends object>(r: T) => ({ ...r, requestIds: undefined });

  it("getKpsTaskOutput takes Inputs and resolves to what getKpsTask returns", async () => {
    const t = ctx.emu.createTask({ service: "kps", name: "RESET", scope: server2.id, durationMs: 50 * HOUR });
    const out = getKpsTaskOutput({ taskId: pulumi.output(t.id) }, opts());
    expect(pulumi.Output.isInstance(out)).toBe(true);
    expect(await resolveOutput(out)).toEqual(await getKpsTask({ taskId: t.id }, opts()));
  });

  it("getKpsRunningTasksOutput / getKpsFailedTasksOutput", async () => {
    const running = await resolveOutput(getKpsRunningTasksOutput({ serverId: Promise.resolve(server1.id), pageSize: pulumi.output(500) }, opts()));
    expect(stable(running)).toEqual(stable(await getKpsRunningTasks({ serverId: server1.id, pageSize: 500 }, opts())));
    expect(running.tasks.length).toBeGreaterThan(0);
    const failed = await resolveOutput(getKpsFailedTasksOutput({}, opts()));
    expect(stable(failed)).toEqual(stable(await getKpsFailedTasks({}, opts())));
  });

  it("getCsmsTasksOutput", async () => {
    const res = await resolveOutput(getCsmsTasksOutput({ secretName: pulumi.output("api-token"), status: "SUCCESS" }, opts()));
    expect(stable(res)).toEqual(stable(await getCsmsTasks({ secretName: "api-token", status: "SUCCESS" }, opts())));
  });

  it("getDcsTasksOutput with a text window", async () => {
    const res = await resolveOutput(getDcsTasksOutput({ startTime: pulumi.output("20200101000000"), endTime: "2100-01-01T00:00:00Z" }, opts()));
    expect(stable(res)).toEqual(stable(await getDcsTasks({ startTime: "20200101000000", endTime: "2100-01-01T00:00:00Z" }, opts())));
    expect(res.tasks.length).toBeGreaterThan(0);
  });

  it("getRocketMqTasksOutput", async () => {
    const res = await resolveOutput(getRocketMqTasksOutput({ instanceId: pulumi.output(rmq1.id), maxItems: 2 }, opts()));
    expect(stable(res)).toEqual(stable(await getRocketMqTasks({ instanceId: rmq1.id, maxItems: 2 }, opts())));
  });

  // InputArgs<GetDcsTasksArgs> admits a plain Date, as the promise functions do. (An Output<Date> cannot work:
  // pulumi.output() itself turns a Date into {}, so only plain Date values are asked for here.)
  it("the DCS and RocketMQ Output twins accept a plain Date window like the promise functions do", async () => {
    ctx.emu.clearRequests();
    const dcs = await resolveOutput(getDcsTasksOutput({ startTime: new Date(WINDOW.start), endTime: new Date(WINDOW.end) }, opts()));
    expect(typeof dcs.taskCount).toBe("number");
    expect(ctx.emu.requests({ operation: "ListCenterTask" })[0]?.query).toMatchObject({ start_time: WINDOW_WIRE.start, end_time: WINDOW_WIRE.end });
    const rmq = await resolveOutput(
      getRocketMqTasksOutput({ instanceId: pulumi.output(rmq1.id), beginTime: new Date(WINDOW.start), endTime: new Date(WINDOW.end) }, opts()),
    );
    expect(typeof rmq.taskCount).toBe("number");
    expect(ctx.emu.requests({ operation: "ListBackgroundTasks" })[0]?.query).toMatchObject({ begin_time: WINDOW_WIRE.start, end_time: WINDOW_WIRE.end });
  });
});
