/**
 * The job family's pure parts: the statuses of each service, the mapping of each service's answer (nulls, numbers
 * as strings, ids gathered from entities and sub-jobs), the failure message naming failed sub-jobs, a job read as a
 * waiter sees it, and the priors of the job types within the schedule's bounds.
 */
import { ApiError } from "../../provider";
import { readById } from "../../provider/core/plan";
import { ECS_JOB_STATUSES, ECS_JOBS, toEcsJob, type EcsJobWire } from "../../provider/tasks/ecs/model";
import { EVS_JOB_STATUSES, toEvsJob, type EvsJobWire } from "../../provider/tasks/evs/model";
import { toImsJob, type ImsJobWire } from "../../provider/tasks/ims/model";
import type { EcsJob } from "../../provider/tasks/ecs/types";
import { jobFailure, queryFailure, toJobCommon } from "../../provider/tasks/jobs/model";
import { jobRead } from "../../provider/tasks/jobs/watch";
import { DURATION_PRIORS, DurationBook } from "../../provider/waiter/durations";
import { adaptiveSchedule, DEFAULT_ADAPTIVE, JOB_ADAPTIVE } from "../../provider/waiter/schedule";
import { jobWaitPlan } from "../../provider/tasks/jobs/waits";
import { dcsJobWaitPlan } from "../../provider/tasks/dcs/waits";

const sub = (id: string, status: string, server: string, code?: string, reason?: string) => ({
  status,
  job_id: id,
  job_type: "startServer",
  begin_time: "2026-01-01T00:00:00.000Z",
  end_time: status === "RUNNING" ? null : "2026-01-01T00:00:20.000Z",
  error_code: code ?? null,
  fail_reason: reason ?? null,
  entities: { server_id: server },
});

describe("job statuses", () => {
  it("classify INIT/RUNNING and each service's own pending statuses; warn of PENDING_PAYMENT only", () => {
    expect(["INIT", "RUNNING", "PENDING_PAYMENT", "SUCCESS", "FAIL", "QUEUED"].map((s) => ECS_JOB_STATUSES.classify(s))).toEqual([
      "pending",
      "pending",
      "pending",
      "succeeded",
      "failed",
      "pending",
    ]);
    expect(ECS_JOB_STATUSES.known("QUEUED")).toBe(false);
    expect(ECS_JOB_STATUSES.warning?.("PENDING_PAYMENT")).toMatch(/order to be paid/);
    expect(ECS_JOB_STATUSES.warning?.("RUNNING")).toBeUndefined();
    expect(["WAITING_EXECUTE", "LISTENING"].every((s) => EVS_JOB_STATUSES.known(s) && EVS_JOB_STATUSES.classify(s) === "pending")).toBe(true);
    expect(ECS_JOB_STATUSES.known("LISTENING")).toBe(false);
  });
});

describe("mapping answers", () => {
  it("ECS: envelope normalised, nulls read as absent, servers gathered from entities and sub-jobs", () => {
    const w: EcsJobWire = {
      status: " success ",
      job_id: "j1",
      job_type: "createServer",
      begin_time: "2026-01-01T00:00:00.000Z",
      end_time: "",
      error_code: null,
      fail_reason: null,
      entities: { sub_jobs_total: "2", sub_jobs: [sub("s1", "SUCCESS", "a"), sub("s2", "SUCCESS", "b")], server_id: "a" },
    };
    const job = toEcsJob(w);
    expect(job).toMatchObject({ jobId: "j1", status: "SUCCESS", phase: "succeeded", endTime: undefined, errorCode: undefined, subJobsTotal: 2, serverIds: ["a", "b"] });
    expect(toEcsJob({ status: "RUNNING", job_id: "j2", entities: null })).toMatchObject({ subJobs: [], serverIds: [], subJobsTotal: undefined });
  });

  it("EVS: a batch's volumes come from its sub-jobs; IMS: entity errors stand in for an empty envelope", () => {
    const evs: EvsJobWire = { status: "FAIL", job_id: "e", entities: { sub_jobs: [{ status: "FAIL", job_id: "e1", entities: { volume_id: "v1", size: "80" } }] } };
    expect(toEvsJob(evs)).toMatchObject({ volumeId: undefined, volumeIds: ["v1"], subJobs: [{ volumeId: "v1", size: 80, phase: "failed" }] });
    const ims: ImsJobWire = {
      status: "FAIL",
      job_id: "i",
      error_code: null,
      entities: { image_id: "img", process_percent: "37.5", error_code: "IMG.0024", error: "disk unreadable", results: [{ image_id: "img2", project_id: "p", status: "active" }] },
    };
    expect(toImsJob(ims)).toMatchObject({ errorCode: "IMG.0024", failReason: "disk unreadable", processPercent: 37.5, imageIds: ["img", "img2"] });
  });

  it("impossible numbers are no numbers: a negative count or size is absent, a percent is kept within 0..100", () => {
    expect(toEcsJob({ status: "RUNNING", job_id: "j", entities: { sub_jobs_total: -5 } }).subJobsTotal).toBeUndefined();
    expect(toEcsJob({ status: "RUNNING", job_id: "j", entities: { sub_jobs_total: "-5" } }).subJobsTotal).toBeUndefined();
    expect(toEvsJob({ status: "SUCCESS", job_id: "e", entities: { volume_id: "v", size: -40 } }).size).toBeUndefined();
    const ims = (p: number | string) => toImsJob({ status: "RUNNING", job_id: "i", entities: { process_percent: p } }).processPercent;
    expect([ims(250), ims(-5), ims("12.5")]).toEqual([100, 0, 12.5]);
  });
});

describe("a failed job's code and message", () => {
  const job = (failReason?: string, errorCode?: string) => ({ ...toJobCommon({ status: "FAIL", job_id: "p" }, ECS_JOB_STATUSES), failReason, errorCode });
  const line = (i: number, code = `Ecs.000${i}`) => ({ job: toJobCommon(sub(`s${i}`, "FAIL", `srv${i}`, code, `reason ${i}`), ECS_JOB_STATUSES), target: `server srv${i}` });

  it("names the job's own reason, then every failed sub-job; the code is the job's, else the first sub-job's", () => {
    const ok = { job: toJobCommon(sub("s0", "SUCCESS", "srv0"), ECS_JOB_STATUSES), target: "server srv0" };
    expect(jobFailure(job(), [ok, line(1), line(2)])).toEqual({
      errorCode: "Ecs.0001",
      errorMessage: "sub-job s1 (startServer of server srv1) failed: Ecs.0001 reason 1; sub-job s2 (startServer of server srv2) failed: Ecs.0002 reason 2",
    });
    expect(jobFailure(job("quota exceeded", "Ecs.0013"), [line(1)])).toEqual({
      errorCode: "Ecs.0013",
      errorMessage: "quota exceeded; sub-job s1 (startServer of server srv1) failed: Ecs.0001 reason 1",
    });
    expect(jobFailure(job(), [])).toEqual({ errorCode: undefined, errorMessage: undefined });
  });

  it("lists at most five failed sub-jobs, then how many more", () => {
    const lines = Array.from({ length: 8 }, (_, i) => line(i));
    const msg = jobFailure(job(), lines).errorMessage ?? "";
    expect(msg.match(/sub-job s\d/g)).toHaveLength(5);
    expect(msg.endsWith("; and 3 more failed sub-jobs")).toBe(true);
  });

  it("turns an answer without a status into that job's error: the query's code and message, else a shape error", () => {
    expect(queryFailure("ecs", { code: "Ecs.0100", message: "job query failed" }, "rid")).toMatchObject({ status: 200, errorCode: "Ecs.0100", errorMsg: "job query failed", requestId: "rid", transient: false });
    expect(queryFailure("ims", {}, undefined)).toMatchObject({ name: "ResponseShapeError", field: "status" });
    expect(queryFailure("ecs", { status: "INIT" }, undefined)).toBeUndefined();
  });
});

describe("a job as a waiter reads it", () => {
  const now = Date.parse("2026-01-01T00:01:00.000Z");
  it("is authoritative, carries its age while pending and its failure when failed; a 404 is absent", async () => {
    const running = await readById(async () => ({ data: toEcsJob({ status: "RUNNING", job_id: "j", begin_time: "2026-01-01T00:00:00.000Z" }), requestId: "r1" }));
    expect(jobRead(ECS_JOBS, running, now)).toMatchObject({ kind: "task", authoritative: true, status: "RUNNING", ageMs: 60_000, requestId: "r1" });
    const failed = await readById(async () => ({ data: toEcsJob({ status: "FAIL", job_id: "j", error_code: "Ecs.0303", fail_reason: "no capacity" }), requestId: "r2" }));
    expect(jobRead(ECS_JOBS, failed, now)).toMatchObject({ kind: "task", ageMs: undefined, errorCode: "Ecs.0303", errorMessage: "no capacity" });
    const missing = await readById<EcsJob>(() => Promise.reject(new ApiError({ service: "ecs", operation: "ShowJob", status: 404, attempts: 1 })));
    expect(jobRead(ECS_JOBS, missing, now)).toMatchObject({ kind: "absent" });
    const refused = await readById<EcsJob>(() => Promise.reject(new ApiError({ service: "ecs", operation: "ShowJob", status: 400, attempts: 1 })));
    expect(jobRead(ECS_JOBS, refused, now)).toMatchObject({ kind: "error" });
  });
});

describe("priors of the job types", () => {
  const jobKeys = Object.keys(DURATION_PRIORS).filter((k) => /^(ecs|evs|ims):/.test(k));

  it("exist for each service and the documented types, the power actions at about 15-35 s", () => {
    expect(jobKeys).toEqual(expect.arrayContaining(["ecs:*", "evs:*", "ims:*", "ecs:batchStartServers", "ecs:resizeServer", "evs:extendVolume", "ims:imsCreateImageByInstance"]));
    const power = new DurationBook().prior("ecs", "batchStopServers");
    expect(Math.exp(power.mu)).toBeGreaterThanOrEqual(15_000);
    expect(Math.exp(power.mu)).toBeLessThanOrEqual(35_000);
  });

  it("are waited on with the jobs' tuning (every job plan, DCS jobs included)", () => {
    expect(jobWaitPlan(ECS_JOBS, "j-1").tuning).toBe(JOB_ADAPTIVE);
    expect(dcsJobWaitPlan("j-2").tuning).toBe(JOB_ADAPTIVE);
  });

  it("keep gaps within the jobs' bounds (at most 10 s) at ages from 0.1x to 10x the prior, from seconds to minutes of prior", () => {
    const book = new DurationBook();
    // The shortest, a middle and the longest job priors (each costs a budget computation).
    for (const key of ["ecs:batchStartServers", "ecs:*", "ims:imsCrossRegionCopyImageJob"]) {
      const [service, name] = key.split(":") as [string, string];
      const model = book.prior(service, name === "*" ? undefined : name);
      const schedule = adaptiveSchedule(() => model, JOB_ADAPTIVE);
      const median = Math.exp(model.mu);
      for (const f of [0, 0.1, 0.5, 1, 2, 10]) {
        const gap = schedule({ attempt: 1, elapsedMs: median * f, taskAgeMs: median * f }, () => 0.5);
        expect(gap).toBeGreaterThanOrEqual(DEFAULT_ADAPTIVE.minGapMs - 1);
        expect(gap).toBeLessThanOrEqual(10_000 + 1);
      }
    }
  });
});
