/**
 * The jobs of ECS, EVS and IMS against the emulator, on its time-scaled clock: reading a job, awaiting one started
 * through the real start calls (batch stop, resize, extend) or made with a chosen outcome, failures with the
 * service's error and the sub-jobs' errors, timeouts, a job never shown, a purged job, pending payment, unknown and
 * service-specific statuses, faults on one job, and shared reads.
 */
import {
  ApiError,
  InputError,
  TaskFailedError,
  TaskNotFoundError,
  WaitTimeoutError,
  awaitEcsJob,
  awaitTaskById,
  getEcsJob,
  getEvsJob,
  getImsJob,
  waitForEcsJob,
  waitForEvsJob,
  waitForIdle,
  waitForImsJob,
  type TaskApiOptions,
  type WaitEvent,
  type WaitOptions,
} from "../../provider";
import { TaskApiClient } from "../../provider/http/client";
import { resolveSettings } from "../../provider/settings";
import { ecsBatchServerAction, ecsResizeServer, evsResizeVolume } from "../../provider/endpoints";
import { useEmulator } from "../helpers/emulator";

const ctx = useEmulator({ timeScale: 200, seed: 61, history: 2 });
const day = 24 * 3_600_000;

function api(extra: TaskApiOptions = {}): TaskApiOptions {
  return { ...ctx.emu.settings(), sources: { env: {} }, ...extra };
}
function opts(extra: WaitOptions = {}): WaitOptions {
  return { ...api(), clock: ctx.emu.clock, ...extra };
}
function client(): TaskApiClient {
  return new TaskApiClient({ settings: resolveSettings(ctx.emu.settings()) });
}

describe("getEcsJob, getEvsJob, getImsJob", () => {
  it("read a job in each service's shape: envelope, sub-jobs and the ids their entities carry", async () => {
    const emu = ctx.emu;
    const create = emu.createTask({ service: "ecs", name: "createServer", durationMs: 60_000, outcome: "success", job: { subJobs: 3 } });
    const ecs = await getEcsJob({ jobId: create.id }, api());
    expect(ecs).toMatchObject({ jobId: create.id, jobType: "createServer", phase: "pending", subJobsTotal: 3, endTime: undefined });
    expect(ecs.status).toMatch(/^(INIT|RUNNING)$/);
    expect(ecs.subJobs.map((s) => s.jobType)).toEqual(["createSingleServer", "createSingleServer", "createSingleServer"]);
    expect(ecs.serverIds).toHaveLength(3);
    expect(ecs.beginTime).toBe(new Date(create.createdAt).toISOString());

    const batch = emu.createTask({ service: "evs", name: "batchCreateVolume", durationMs: 30_000, outcome: "success", job: { subJobs: 2 } });
    const evs = await getEvsJob({ jobId: batch.id }, api());
    // A batch's volume fields are absent: its sub-jobs carry them.
    expect(evs).toMatchObject({ jobType: "batchCreateVolume", volumeId: undefined });
    expect(evs.volumeIds).toHaveLength(2);
    expect(evs.subJobs.every((s) => s.volumeId !== undefined && s.jobType === "createVolume")).toBe(true);

    const image = emu.createTask({ service: "ims", name: "imsCreateImageByInstance", durationMs: 600_000, outcome: "success" });
    const ims = await getImsJob({ jobId: image.id }, api());
    expect(ims).toMatchObject({ jobType: "imsCreateImageByInstance", phase: "pending", imageName: expect.stringMatching(/^ims-image-/) });
    expect(ims.imageIds).toEqual([ims.imageId]);
    expect(ims.processPercent).toBeGreaterThanOrEqual(0);
  });

  it("refuses a bad job id before any request, and answers a job the service does not have with its 404", async () => {
    const emu = ctx.emu;
    emu.clearRequests();
    const bad = await getEcsJob({ jobId: "../jobs" }, api()).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InputError);
    expect((bad as InputError).field).toBe("jobId");
    expect(emu.requests()).toHaveLength(0);
    // The `ims` host (the emulator's `/ims` prefix) answers an id it does not know in IMS's own shape.
    const missing = await getImsJob({ jobId: "0123456789abcdef0123456789abcdef" }, api({ endpoints: { ims: `${emu.url}/ims` } })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ service: "ims", operation: "ShowJob", status: 404, errorCode: "IMG.0024" });
  });

  it("no longer shows a job a day after it ended (purged); an unfinished one stays", async () => {
    const emu = ctx.emu;
    const old = emu.createTask({ service: "ecs", name: "resizeServer", durationMs: 60_000, outcome: "success", startInMs: -day - 120_000 });
    const recent = emu.createTask({ service: "ecs", name: "resizeServer", durationMs: 60_000, outcome: "success", startInMs: -day + 120_000 });
    const long = emu.createTask({ service: "ims", durationMs: 2 * day, outcome: "success", startInMs: -day - 60_000 });
    await expect(getEcsJob({ jobId: old.id }, api())).rejects.toMatchObject({ status: 404, errorCode: "Ecs.0114" });
    await expect(getEcsJob({ jobId: recent.id }, api())).resolves.toMatchObject({ status: "SUCCESS" });
    await expect(getImsJob({ jobId: long.id }, api())).resolves.toMatchObject({ status: "RUNNING" });
  });
});

describe("waitForEcsJob", () => {
  it("awaits a batch stop started through the real call; the servers are stopped when it resolves", async () => {
    const emu = ctx.emu;
    for (const id of ["srv-job-1", "srv-job-2"]) emu.addServer({ id, status: "ACTIVE" });
    emu.nextTask({ service: "ecs", durationMs: 25_000, outcome: "success" });
    const started = await client().call(ecsBatchServerAction, { body: { "os-stop": { type: "SOFT", servers: [{ id: "srv-job-1" }, { id: "srv-job-2" }] } } });
    const events: WaitEvent[] = [];
    const r = await awaitEcsJob({ jobId: started.data.job_id }, opts({ onProgress: (e) => events.push(e) }));
    expect(r.task).toMatchObject({ jobType: "batchStopServers", status: "SUCCESS", phase: "succeeded", serverIds: ["srv-job-1", "srv-job-2"] });
    expect(r.task.subJobs.map((s) => s.status)).toEqual(["SUCCESS", "SUCCESS"]);
    expect(r.finishedAt).toBeGreaterThanOrEqual(emu.task("ecs", started.data.job_id)?.finishAt ?? Infinity);
    expect(events.filter((e) => e.type === "unknown-status")).toEqual([]);
    const state = emu.requests({ service: "ecs", operation: "ShowJob" }).at(-1);
    expect(state?.status).toBe(200);
    // The next call sees the world the job left: both servers stopped.
    const again = await client().call(ecsBatchServerAction, { body: { "os-start": { servers: [{ id: "srv-job-1" }] } } });
    expect(again.data.job_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("fails with the job's error_code and fail_reason", async () => {
    const job = ctx.emu.createTask({ service: "ecs", name: "resizeServer", durationMs: 20_000, outcome: "failure", errorCode: "Ecs.0303", errorMsg: "Insufficient resources in the availability zone for this flavor" });
    const err = await waitForEcsJob({ jobId: job.id }, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err).toMatchObject({ service: "ecs", taskId: job.id, status: "FAIL", errorCode: "Ecs.0303", errorMessage: "Insufficient resources in the availability zone for this flavor" });
    expect((err as Error).message).toMatch(new RegExp(`^ecs job ${job.id} failed with status FAIL Ecs\\.0303: Insufficient resources .*\\(request id [0-9a-f]{32}\\)$`));
  });

  it("names every failed sub-job, its server, code and reason, when a batch fails", async () => {
    const job = ctx.emu.createTask({ service: "ecs", name: "createServer", durationMs: 40_000, errorCode: "Ecs.0303", errorMsg: "no capacity for the flavor", job: { subJobs: 4, failedSubJobs: 2 } });
    const err = (await waitForEcsJob({ jobId: job.id }, opts()).catch((e: unknown) => e)) as TaskFailedError;
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err.errorCode).toBe("Ecs.0303");
    const failed = (await getEcsJob({ jobId: job.id }, api())).subJobs.filter((s) => s.status === "FAIL");
    expect(failed).toHaveLength(2);
    for (const s of failed) expect(err.message).toContain(`sub-job ${s.jobId} (createSingleServer of server ${s.serverId}) failed: Ecs.0303 no capacity for the flavor`);
  });

  it("counts PENDING_PAYMENT as pending, warns once, and resolves when the paid resize is done", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-prepaid", status: "SHUTOFF", chargingMode: "prePaid" });
    emu.nextTask({ service: "ecs", durationMs: 300_000, outcome: "success" });
    const started = await client().call(ecsResizeServer, { path: { server_id: "srv-prepaid" }, body: { resize: { flavorRef: "s6.large.2" } } });
    expect(started.data.order_id).toMatch(/^CS[0-9A-F]{13}$/);
    const events: WaitEvent[] = [];
    const job = await waitForEcsJob({ jobId: started.data.job_id }, opts({ onProgress: (e) => events.push(e) }));
    expect(job).toMatchObject({ jobType: "resizeServer", status: "SUCCESS", serverIds: ["srv-prepaid"] });
    const warnings = events.filter((e): e is Extract<WaitEvent, { type: "warning" }> => e.type === "warning");
    expect(warnings).toEqual([expect.objectContaining({ status: "PENDING_PAYMENT", message: expect.stringMatching(/order to be paid/) })]);
    expect(events.filter((e) => e.type === "status").map((e) => (e as { status: string }).status)).toEqual(["PENDING_PAYMENT", "RUNNING", "SUCCESS"]);
    // An auto-paid resize does not wait for payment.
    const paid = await client().call(ecsResizeServer, { path: { server_id: "srv-prepaid" }, body: { resize: { flavorRef: "s6.xlarge.2", extendparam: { isAutoPay: "true" } } } });
    expect((await getEcsJob({ jobId: paid.data.job_id }, api())).status).not.toBe("PENDING_PAYMENT");
  });

  it("times out with the last status, the polls made and the time elapsed", async () => {
    const job = ctx.emu.createTask({ service: "ecs", name: "changeOS", durationMs: 3_600_000, outcome: "success" });
    const err = await waitForEcsJob({ jobId: job.id }, opts({ timeout: "10m" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err).toMatchObject({ lastStatus: "RUNNING", target: `ecs job ${job.id}` });
    expect((err as WaitTimeoutError).polls).toBeGreaterThanOrEqual(2);
    expect((err as WaitTimeoutError).elapsedMs).toBeGreaterThanOrEqual(600_000);
  });

  it("gives up on a job that never appears with a TaskNotFoundError carrying ECS's 404 (after the grace)", async () => {
    const jobId = "ffffffffffffffffffffffffffffffff";
    const events: WaitEvent[] = [];
    const err = await waitForEcsJob({ jobId }, opts({ notFoundGraceMs: 20_000, onProgress: (e) => events.push(e) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskNotFoundError);
    expect(err).toMatchObject({ service: "ecs", taskId: jobId, errorCode: "Ecs.0114", target: `ecs job ${jobId}` });
    expect((err as TaskNotFoundError).lookedForMs).toBeGreaterThanOrEqual(20_000);
    expect(events.filter((e) => e.type === "not-found-yet")).toHaveLength(1);
  });

  it("polls through 5xx and throttling where Terraform's job waiter would abort", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "ecs", name: "batchRebootServers", durationMs: 30_000, outcome: "success" });
    emu.fault({ fault: { kind: "status", status: 503 }, match: { service: "ecs", operation: "ShowJob" }, count: 6 });
    emu.fault({ fault: { kind: "throttle" }, match: { service: "ecs", operation: "ShowJob" }, count: 2 });
    const events: WaitEvent[] = [];
    const r = await awaitEcsJob({ jobId: job.id }, opts({ onProgress: (e) => events.push(e), maxRetries: 0 }));
    expect(r.task.status).toBe("SUCCESS");
    expect(events.some((e) => e.type === "transient-error")).toBe(true);
    emu.clearFaults();
  });
});

describe("waitForEvsJob and waitForImsJob", () => {
  it("awaits a volume extension started through the real call; the volume has its new size", async () => {
    const emu = ctx.emu;
    emu.addVolume({ id: "vol-job-1", size: 40 });
    emu.nextTask({ service: "evs", durationMs: 15_000, outcome: "success", job: { queuedStatus: "WAITING_EXECUTE" } });
    const started = await client().call(evsResizeVolume, { path: { volume_id: "vol-job-1" }, body: { "os-extend": { new_size: 80 } } });
    const events: WaitEvent[] = [];
    const job = await waitForEvsJob({ jobId: started.data.job_id }, opts({ onProgress: (e) => events.push(e) }));
    expect(job).toMatchObject({ jobType: "extendVolume", status: "SUCCESS", volumeId: "vol-job-1", size: 80, volumeIds: ["vol-job-1"] });
    // WAITING_EXECUTE is a documented EVS status: pending, not reported as unknown.
    expect(events.filter((e) => e.type === "unknown-status")).toEqual([]);
    const bigger = await client().call(evsResizeVolume, { path: { volume_id: "vol-job-1" }, body: { "os-extend": { new_size: 60 } } }).catch((e: unknown) => e);
    expect(bigger).toMatchObject({ status: 400, errorCode: "EVS.2001", errorMsg: "The new size 60 GB must be larger than the volume's 80 GB" });
  });

  it("fails an EVS batch with its failed sub-jobs' volumes, codes and reasons", async () => {
    const job = ctx.emu.createTask({ service: "evs", name: "batchCreateVolume", durationMs: 20_000, outcome: "failure", errorCode: "EVS.2085", errorMsg: "The storage pool has no capacity for the volume", job: { subJobs: 3, failedSubJobs: 1 } });
    const err = (await waitForEvsJob({ jobId: job.id }, opts()).catch((e: unknown) => e)) as TaskFailedError;
    expect(err).toMatchObject({ service: "evs", status: "FAIL", errorCode: "EVS.2085" });
    expect(err.message).toMatch(/sub-job [0-9a-f]{32} \(createVolume of volume [0-9a-f-]{36}\) failed: EVS\.2085 The storage pool has no capacity/);
  });

  it("awaits an image creation and reports the image; fails with IMS's error", async () => {
    const emu = ctx.emu;
    const ok = emu.createTask({ service: "ims", name: "imsCreateImageByInstance", durationMs: 240_000, outcome: "success" });
    const image = await waitForImsJob({ jobId: ok.id }, opts());
    expect(image).toMatchObject({ status: "SUCCESS", processPercent: 100, imageIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)] });
    const bad = emu.createTask({ service: "ims", name: "imsCopyImageInRegionJob", durationMs: 60_000, outcome: "failure", errorCode: "IMG.0080", errorMsg: "Internal job failure" });
    await expect(waitForImsJob({ jobId: bad.id }, opts())).rejects.toMatchObject({ service: "ims", errorCode: "IMG.0080", errorMessage: "Internal job failure" });
  });
});

describe("faults on one job, and shared reads", () => {
  it("keeps a job's own error to that job: a 400 on one job's read fails its wait, the other succeeds", async () => {
    const emu = ctx.emu;
    const a = emu.createTask({ service: "ecs", name: "attachVolume", durationMs: 20_000, outcome: "success" });
    const b = emu.createTask({ service: "ecs", name: "attachVolume", durationMs: 20_000, outcome: "success" });
    emu.fault({ fault: { kind: "task-error", taskId: a.id, status: 400, errorCode: "Ecs.0005", errorMsg: "job id refused" }, count: 100 });
    const [ra, rb] = await Promise.all([awaitEcsJob({ jobId: a.id }, opts()).catch((e: unknown) => e), awaitEcsJob({ jobId: b.id }, opts())]);
    expect(ra).toMatchObject({ name: "ApiError", status: 400, errorCode: "Ecs.0005", errorMsg: "job id refused" });
    expect(rb).toMatchObject({ task: { jobId: b.id, status: "SUCCESS" } });
    emu.clearFaults();
  });

  it("reports an unknown status once and waits on; a vanished job is not found after the grace", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "evs", name: "retypeVolume", durationMs: 60_000, outcome: "success" });
    emu.fault({ fault: { kind: "unknown-status", taskId: job.id, status: "MIGRATING" }, count: 3 });
    const events: WaitEvent[] = [];
    await expect(waitForEvsJob({ jobId: job.id }, opts({ onProgress: (e) => events.push(e) }))).resolves.toMatchObject({ status: "SUCCESS" });
    expect(events.filter((e) => e.type === "unknown-status")).toEqual([expect.objectContaining({ status: "MIGRATING" })]);
    const gone = emu.createTask({ service: "ims", durationMs: 600_000, outcome: "success" });
    emu.fault({ fault: { kind: "vanish", taskId: gone.id }, forMs: 60_000 });
    await expect(waitForImsJob({ jobId: gone.id }, opts({ notFoundGraceMs: 15_000 }))).rejects.toBeInstanceOf(TaskNotFoundError);
    emu.clearFaults();
  });

  it("shares each read among the waiters of one job; different jobs are different reads", async () => {
    const emu = ctx.emu;
    const one = emu.createTask({ service: "ecs", name: "batchStartServers", durationMs: 60_000, outcome: "success" });
    const two = emu.createTask({ service: "ecs", name: "batchStartServers", durationMs: 60_000, outcome: "success" });
    emu.clearRequests();
    const results = await Promise.all([...Array.from({ length: 5 }, () => awaitEcsJob({ jobId: one.id }, opts())), awaitEcsJob({ jobId: two.id }, opts())]);
    expect(results.every((r) => r.status === "SUCCESS")).toBe(true);
    const reads = (id: string) => emu.requests({ service: "ecs", operation: "ShowJob" }).filter((r) => r.params["job_id"] === id).length;
    // Five waiters of `one` made no more reads than a few waiters' worth; `two` was read on its own.
    const unshared = results.slice(0, 5).reduce((n, r) => n + r.polls, 0);
    expect(reads(one.id)).toBeLessThan(unshared);
    expect(reads(two.id)).toBeGreaterThanOrEqual(1);
  });

  it("awaits a job through awaitTaskById, and refuses a gate on a job service", async () => {
    const job = ctx.emu.createTask({ service: "evs", name: "deleteVolume", durationMs: 8_000, outcome: "success" });
    await expect(awaitTaskById({ service: "evs", jobId: job.id }, opts())).resolves.toMatchObject({ status: "SUCCESS" });
    const gate = await waitForIdle({ service: "ecs" as never }, opts()).catch((e: unknown) => e);
    expect(gate).toBeInstanceOf(InputError);
    expect((gate as Error).message).toMatch(/service: must be "kps", "csms", "dcs", "rocketmq" \(ecs, evs, ims list no work to gate on: await their jobs by id\)/);
  });
});
