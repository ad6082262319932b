/**
 * The emulator's jobs of ECS, EVS and IMS on the wire: one path served by three hosts (told apart by the job id's
 * owner, or by a host prefix), each service's error shapes, the lifecycle with sub-jobs step by step on the virtual
 * clock, purging a day after the end, the admin API's job specs, and faults on the job route.
 */
import { DEFAULT_WORLD } from "../../emulator";
import { admin, raw, useEmulator } from "../helpers/emulator";

const ctx = useEmulator({ seed: 5, history: 1 });
const minute = 60_000;
const jobPath = (id: string) => `/v1/${ctx.emu.projectId}/jobs/${id}`;
type Body = Record<string, unknown> & { entities?: Record<string, unknown> & { sub_jobs?: Record<string, unknown>[] } };

describe("one job route, three hosts", () => {
  it("answers a job on the shared root in its own service's shape, and logs that service", async () => {
    const emu = ctx.emu;
    const evs = emu.createTask({ service: "evs", name: "extendVolume", durationMs: minute, outcome: "success" });
    const ims = emu.createTask({ service: "ims", name: "imsCreateImageByInstance", durationMs: 10 * minute, outcome: "success" });
    emu.clearRequests();
    const a = await raw(emu, "GET", jobPath(evs.id));
    expect(a.status).toBe(200);
    expect((a.json as Body).entities).toMatchObject({ volume_id: DEFAULT_WORLD.volumes[0].id, volume_type: "SSD", size: 40 });
    const b = await raw(emu, "GET", jobPath(ims.id));
    expect((b.json as Body).entities).toMatchObject({ image_id: expect.any(String), image_name: expect.stringMatching(/^ims-image-/) });
    expect(emu.requests().map((r) => `${r.service} ${r.operation} ${r.status}`)).toEqual(["evs ShowJob 200", "ims ShowJob 200"]);
  });

  it("on a host prefix, serves that host's routes only: an EVS job read on the ecs host is not found", async () => {
    const emu = ctx.emu;
    const evs = emu.createTask({ service: "evs", name: "extendVolume", durationMs: minute, outcome: "success" });
    emu.clearRequests();
    const onEcs = await raw(emu, "GET", `/ecs${jobPath(evs.id)}`);
    expect(onEcs.status).toBe(404);
    // ECS answers a failed job query with `code`/`message` at the top level.
    expect(onEcs.json).toEqual({ code: "Ecs.0114", message: `The job ${evs.id} does not exist` });
    const onEvs = await raw(emu, "GET", `/evs${jobPath(evs.id)}`);
    expect(onEvs.status).toBe(200);
    expect((onEvs.json as Body)["job_id"]).toBe(evs.id);
    const onIms = await raw(emu, "GET", `/ims${jobPath(evs.id)}`);
    expect(onIms.json).toEqual({ error: { code: "IMG.0024", message: `The job ${evs.id} does not exist` } });
    // A KPS path on the ecs host does not exist there: the gateway says so.
    const kps = await raw(emu, "GET", `/ecs/v3/${emu.projectId}/running-tasks`);
    expect(kps.status).toBe(404);
    expect((kps.json as Record<string, unknown>)["error_code"]).toBe("APIGW.0101");
    expect(emu.requests().map((r) => `${r.service} ${r.status}`)).toEqual(["ecs 404", "evs 200", "ims 404", "unrouted 404"]);
  });

  it("answers an id no service has on the shared root as ECS (the first of the three)", async () => {
    const r = await raw(ctx.emu, "GET", jobPath("0000000000000000000000000000abcd"));
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ code: "Ecs.0114", message: "The job 0000000000000000000000000000abcd does not exist" });
  });
});

describe("the calls that start jobs, and their errors", () => {
  it("ECS: batch start/stop/reboot and resize answer a job_id; their errors are { error: { code, message } }", async () => {
    const emu = ctx.emu;
    const action = `/v1/${emu.projectId}/cloudservers/action`;
    const id = DEFAULT_WORLD.servers[1].id;
    for (const body of [{ "os-start": { servers: [{ id }] } }, { "os-stop": { servers: [{ id }], type: "HARD" } }, { reboot: { servers: [{ id }], type: "SOFT" } }]) {
      const r = await raw(emu, "POST", action, { body });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ job_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
    const missing = await raw(emu, "POST", action, { body: { "os-start": { servers: [{ id: "no-such-server" }] } } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: "Ecs.0114", message: "The server no-such-server does not exist" } });
    const bad = await raw(emu, "POST", action, { body: { "os-pause": {} } });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe("Ecs.0005");
    const resize = await raw(emu, "POST", `/v1.1/${emu.projectId}/cloudservers/${id}/resize`, { body: { resize: { flavorRef: "c7.large.2" } } });
    expect(resize.status).toBe(200);
    expect(Object.keys(resize.json as object)).toEqual(["job_id"]);
    const batch = emu.task("ecs", (await raw(emu, "POST", action, { body: { "os-stop": { servers: [{ id }, { id: DEFAULT_WORLD.servers[2].id }] } } }).then((r) => r.json as { job_id: string })).job_id);
    expect(batch).toMatchObject({ name: "batchStopServers", scope: id });
  });

  it("EVS: extend answers 202 with a job_id; an unknown volume is { error: { code, message } }", async () => {
    const emu = ctx.emu;
    const ok = await raw(emu, "POST", `/v2.1/${emu.projectId}/cloudvolumes/${DEFAULT_WORLD.volumes[1].id}/action`, { body: { "os-extend": { new_size: 200 } } });
    expect(ok.status).toBe(202);
    expect(emu.task("evs", (ok.json as { job_id: string }).job_id)).toMatchObject({ name: "extendVolume", scope: DEFAULT_WORLD.volumes[1].id });
    const missing = await raw(emu, "POST", `/v2.1/${emu.projectId}/cloudvolumes/nope/action`, { body: { "os-extend": { new_size: 200 } } });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: "EVS.5404", message: "The volume nope does not exist" } });
  });
});

describe("a job's life on the virtual clock", () => {
  it("INIT, RUNNING with sub-jobs ending one by one, FAIL with the sub-jobs' errors, then purged a day later", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "ecs", name: "createServer", durationMs: 10 * minute, errorCode: "Ecs.0303", errorMsg: "no capacity", job: { subJobs: 3, failedSubJobs: 1 } });
    expect(job.outcome).toBe("failure");
    const look = async () => (await raw(emu, "GET", jobPath(job.id))).json as Body;

    const first = await look();
    expect(first).toMatchObject({ status: "INIT", job_type: "createServer", end_time: null, error_code: null, fail_reason: null });
    expect(first.entities?.["sub_jobs_total"]).toBe(3);
    expect(first.entities?.sub_jobs?.map((s) => s["status"])).toEqual(["INIT", "INIT", "INIT"]);

    emu.clock.advance(job.startedAt - emu.clock.now() + 1000);
    expect((await look())["status"]).toBe("RUNNING");

    emu.clock.advance(job.finishAt - emu.clock.now() - 1000);
    const late = await look();
    expect(late["status"]).toBe("RUNNING");
    // The last sub-job ends with its job; the others already ended.
    expect(late.entities?.sub_jobs?.map((s) => s["status"])).toEqual(["SUCCESS", "SUCCESS", "RUNNING"]);

    emu.clock.advance(2000);
    const done = await look();
    // The failed sub-job carries the error; the batch's own fields are empty.
    expect(done).toMatchObject({ status: "FAIL", end_time: new Date(job.finishAt).toISOString(), error_code: null, fail_reason: null });
    expect(done.entities?.sub_jobs?.[2]).toMatchObject({ status: "FAIL", job_type: "createSingleServer", error_code: "Ecs.0303", fail_reason: "no capacity", entities: { server_id: expect.any(String) } });
    // Servers whose sub-job succeeded exist now.
    const made = done.entities?.sub_jobs?.slice(0, 2).map((s) => (s["entities"] as { server_id: string }).server_id) ?? [];
    const state = (await admin(emu, "GET", "/_admin/state")).json as { servers: { id: string; status: string }[] };
    expect(made.every((id) => state.servers.some((s) => s.id === id && s.status === "ACTIVE"))).toBe(true);

    emu.clock.advance(24 * 60 * minute);
    const purged = await raw(emu, "GET", jobPath(job.id));
    expect(purged.status).toBe(404);
    // The admin view still knows it.
    expect(emu.task("ecs", job.id)?.status).toBe("FAIL");
  });
});

describe("admin API and faults for jobs", () => {
  it("creates jobs with sub-jobs and a queued status, and refuses inconsistent specs", async () => {
    const emu = ctx.emu;
    const ok = await admin(emu, "POST", "/_admin/tasks", { service: "evs", name: "batchCreateVolume", durationMs: 60_000, job: { subJobs: 2, queuedStatus: "LISTENING" } });
    expect(ok.status).toBe(201);
    expect(((await raw(emu, "GET", jobPath((ok.json as { id: string }).id))).json as Body)["status"]).toBe("LISTENING");
    const cases: [unknown, RegExp][] = [
      [{ service: "kps", job: { subJobs: 1 } }, /applies to ECS, EVS and IMS jobs only, not kps/],
      [{ service: "ecs", job: { subJobs: 1, failedSubJobs: 2 } }, /must not exceed subJobs/],
      [{ service: "ecs", outcome: "success", job: { subJobs: 2, failedSubJobs: 1 } }, /contradicts outcome "success"/],
      [{ service: "evs", job: { queuedStatus: "PENDING_PAYMENT" } }, /must be one of INIT, WAITING_EXECUTE, LISTENING for evs/],
    ];
    for (const [spec, message] of cases) {
      const r = await admin(emu, "POST", "/_admin/tasks", spec);
      expect(r.status).toBe(400);
      expect((r.json as { error: string }).error).toMatch(message);
    }
    const listed = await admin(emu, "GET", "/_admin/tasks?service=ims");
    expect(listed.status).toBe(200);
  });

  it("plays request faults on the job route in the route's own error shape", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "ecs", name: "deleteVMs", durationMs: minute, outcome: "success" });
    const evs = emu.createTask({ service: "evs", name: "deleteVolume", durationMs: minute, outcome: "success" });
    emu.fault({ fault: { kind: "status", status: 503, errorCode: "SYS.0503", errorMsg: "busy" }, match: { service: "ecs", operation: "ShowJob" }, count: 1 });
    emu.fault({ fault: { kind: "status", status: 500 }, match: { service: "evs" }, count: 1 });
    const a = await raw(emu, "GET", jobPath(job.id));
    expect(a.status).toBe(503);
    expect(a.json).toEqual({ code: "SYS.0503", message: "busy" });
    const b = await raw(emu, "GET", jobPath(evs.id));
    expect(b.status).toBe(500);
    expect(b.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect((await raw(emu, "GET", jobPath(job.id))).status).toBe(200);
    emu.fault({ fault: { kind: "task-error", taskId: job.id, status: 409, errorCode: "Ecs.0409", errorMsg: "locked" }, count: 1 });
    expect((await raw(emu, "GET", jobPath(job.id))).json).toEqual({ code: "Ecs.0409", message: "locked" });
    emu.clearFaults();
  });
});
