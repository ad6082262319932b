/**
 * The job waiters (`EcsJobWaiter`, `EvsJobWaiter`, `ImsJobWaiter`) through the real dynamic-provider host over
 * gRPC, with the `__provider` the SDK serialized, as the engine drives them: Check, Create (success, failure with
 * the sub-jobs' errors, pending payment warned once in the deployment log), Diff, Read, Update, Delete; and a
 * refresh after the service purged the job, which keeps the last state. Its own emulator: the purge moves its clock.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EcsJobWaiter, EvsJobWaiter, ImsJobWaiter } from "../../provider";
import { ecsResizeServer } from "../../provider/endpoints";
import { TaskApiClient } from "../../provider/http/client";
import { resolveSettings } from "../../provider/settings";
import { useEmulator } from "../helpers/emulator";
import { registered, startHost, urn, type Host, type HostError } from "../helpers/host";

const ctx = useEmulator({ timeScale: 200, seed: 43, history: 1 });
const repo = join(__dirname, "..", "..");
let host: Host;

beforeAll(async () => {
  const s = ctx.emu.settings();
  host = await startHost(repo, { HWC_TASKS_CLOCK: ctx.emu.clock.spec() });
  // Credentials and endpoints from the stack config, as the engine hands them; ECS on its own host prefix.
  await host.configure({
    "huaweicloud:region": s.region,
    "huaweicloud:projectId": s.projectId,
    "huaweicloud:accessKey": s.accessKey,
    "huaweicloud:secretKey": s.secretKey,
    "huaweicloud:endpoints": JSON.stringify({ iam: s.endpoint, ecs: `${s.endpoint}/ecs`, evs: `${s.endpoint}/evs`, ims: `${s.endpoint}/ims` }),
  });
});
afterAll(async () => {
  await host?.kill();
});

describe("job waiters through the real dynamic-provider host", () => {
  it("EcsJobWaiter: Check, Create (servers of a create), Diff, Read, Update, Delete", async () => {
    const job = ctx.emu.createTask({ service: "ecs", name: "createServer", durationMs: 90_000, outcome: "success", job: { subJobs: 2 } });
    const inputs = await registered(() => new EcsJobWaiter("servers", { jobId: job.id, timeout: "20m" }));
    expect(String(inputs["__provider"])).toContain('require("pulumi-hwc-tasks/host")');
    expect(Buffer.byteLength(String(inputs["__provider"]))).toBeLessThanOrEqual(1024);
    const checked = await host.check({}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(urn("EcsJobWaiter", "servers"), checked.inputs);
    expect(created.id).toBe(job.id);
    expect(created.properties).toMatchObject({ jobId: job.id, jobType: "createServer", status: "SUCCESS", phase: "succeeded", polls: expect.any(Number), elapsedMs: expect.any(Number) });
    expect(created.properties["serverIds"]).toHaveLength(2);
    expect(created.properties["endTime"]).toBe(new Date(job.finishAt).toISOString());
    expect(host.output()).toMatch(new RegExp(`EcsJobWaiter jobId=${job.id}: SUCCESS after \\d+ s`));

    expect(await host.diff(created.id, created.properties, { ...checked.inputs, timeout: "30m" })).toEqual({ changes: 1, replaces: [] });
    expect(await host.diff(created.id, created.properties, { ...checked.inputs, jobId: "0123456789abcdef0123456789abcdef" })).toEqual({ changes: 2, replaces: ["jobId"] });
    const read = await host.read(urn("EcsJobWaiter", "servers"), created.id, created.properties);
    expect(read).toEqual({ id: created.id, properties: created.properties });
    const updated = await host.update(urn("EcsJobWaiter", "servers"), created.id, created.properties, { ...checked.inputs, timeout: "30m" });
    expect(updated.properties).toMatchObject({ status: "SUCCESS", timeout: "30m" });
    await expect(host.delete(urn("EcsJobWaiter", "servers"), created.id, created.properties)).resolves.toBeUndefined();
  });

  it("EvsJobWaiter and ImsJobWaiter: the volumes and images their jobs name", async () => {
    const emu = ctx.emu;
    const v = emu.createTask({ service: "evs", name: "extendVolume", durationMs: 20_000, outcome: "success" });
    const i = emu.createTask({ service: "ims", name: "imsCreateImageByInstance", durationMs: 300_000, outcome: "success" });
    const cases: [string, () => pulumi.Resource, Record<string, unknown>][] = [
      ["EvsJobWaiter", () => new EvsJobWaiter("extended", { jobId: v.id }), { jobId: v.id, jobType: "extendVolume", volumeIds: [v.scope] }],
      ["ImsJobWaiter", () => new ImsJobWaiter("image", { jobId: i.id }), { jobId: i.id, jobType: "imsCreateImageByInstance", imageIds: [expect.any(String)] }],
    ];
    for (const [type, build, expected] of cases) {
      const inputs = await registered(build);
      const created = await host.create(urn(type, "x"), (await host.check({}, inputs)).inputs);
      expect(created.properties).toMatchObject({ ...expected, status: "SUCCESS" });
      expect((await host.read(urn(type, "x"), created.id, created.properties)).properties).toMatchObject(expected);
    }
  });

  it("fails Create with the job's failed sub-jobs; warns once, in the deployment log, of a job waiting for payment", async () => {
    const emu = ctx.emu;
    const bad = emu.createTask({ service: "ecs", name: "batchStartServers", durationMs: 20_000, errorCode: "Ecs.0001", errorMsg: "the hypervisor did not answer", job: { subJobs: 3, failedSubJobs: 1 } });
    const err = (await host.create(urn("EcsJobWaiter", "bad"), await registered(() => new EcsJobWaiter("bad", { jobId: bad.id }))).catch((e: unknown) => e)) as HostError;
    expect(err.details).toMatch(new RegExp(`ecs job ${bad.id} failed with status FAIL Ecs\\.0001: sub-job [0-9a-f]{32} \\(startServer of server [^)]+\\) failed: Ecs\\.0001 the hypervisor did not answer`));

    emu.addServer({ id: "srv-host-prepaid", chargingMode: "prePaid" });
    // 320 s of payment (1.6 s real), then 80 s of resizing: the waiter's first look meets the payment.
    emu.nextTask({ service: "ecs", durationMs: 400_000, outcome: "success" });
    const client = new TaskApiClient({ settings: resolveSettings(emu.settings()) });
    const started = await client.call(ecsResizeServer, { path: { server_id: "srv-host-prepaid" }, body: { resize: { flavorRef: "s6.large.2" } } });
    const paid = await host.create(urn("EcsJobWaiter", "paid"), await registered(() => new EcsJobWaiter("paid", { jobId: started.data.job_id })));
    expect(paid.properties).toMatchObject({ status: "SUCCESS", jobType: "resizeServer", serverIds: ["srv-host-prepaid"] });
    const warnings = host.output().split("\n").filter((l) => l.includes(`jobId=${started.data.job_id}: PENDING_PAYMENT:`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: .*the job waits for its yearly\/monthly order to be paid/);
  });

  it("Check refuses a job id that could change the route", async () => {
    const checked = await host.check({}, await registered(() => new EcsJobWaiter("bad-id", { jobId: "../../v3/x" })));
    expect(checked.failures.map((f) => f.property)).toEqual(["jobId"]);
  });

  it("Refresh keeps the last state of a job the service purged a day after it ended", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "evs", name: "deleteVolume", durationMs: 10_000, outcome: "success" });
    const created = await host.create(urn("EvsJobWaiter", "gone"), await registered(() => new EvsJobWaiter("gone", { jobId: job.id })));
    emu.clock.advance(25 * 3_600_000);
    emu.clearRequests();
    const read = await host.read(urn("EvsJobWaiter", "gone"), created.id, created.properties);
    expect(read).toEqual({ id: created.id, properties: created.properties });
    expect(emu.requests({ service: "evs" }).map((r) => r.status)).toEqual([404]);
  });
});
