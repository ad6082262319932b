/**
 * The official Huawei clients judge the emulator: the official RocketMQ SDK reads its tasks (the list, one by id,
 * a task's progress), the official ECS SDK reads its jobs, and requests signed by the official core signer are
 * accepted by every endpoint (and refused with one byte of the signature changed).
 */
import { request } from "undici";
import { ENDPOINTS } from "../../provider/endpoints";
import { DEFAULT_WORLD } from "../../emulator";
import { officialSigner, throwAwayHome } from "../helpers/official-sdk";
import { useEmulator } from "../helpers/emulator";

throwAwayHome();
interface CredentialBuilder {
  withAk(v: string): CredentialBuilder;
  withSk(v: string): CredentialBuilder;
  withProjectId(v: string): CredentialBuilder;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require("@huaweicloud/huaweicloud-sdk-core") as { BasicCredentials: new () => CredentialBuilder };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rocketmq = require("@huaweicloud/huaweicloud-sdk-rocketmq") as {
  RocketMQClient: { newBuilder(): { withCredential(c: unknown): { withEndpoint(e: string): { build(): RocketMqClient } } } };
  ListBackgroundTasksRequest: new () => ListRequest;
  ShowBackgroundTaskRequest: new (instanceId: string, taskId: string) => unknown;
  ShowBackgroundTaskProgressRequest: new (instanceId: string, taskId: string) => unknown;
};
interface ListRequest {
  withInstanceId(id: string): ListRequest;
  withStart(n: number): ListRequest;
  withLimit(n: number): ListRequest;
  withBeginTime(t: string): ListRequest;
  withEndTime(t: string): ListRequest;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ecs = require("@huaweicloud/huaweicloud-sdk-ecs") as {
  EcsClient: { newBuilder(): { withCredential(c: unknown): { withEndpoint(e: string): { build(): EcsClient } } } };
  ShowJobRequest: new () => { withJobId(id: string): unknown };
};
interface EcsSubJob {
  status: string;
  job_id: string;
  job_type: string;
  entities: { server_id: string };
  error_code?: string | null;
  fail_reason?: string | null;
}
interface EcsClient {
  showJob(r: unknown): Promise<{
    httpStatusCode: number;
    status: string;
    job_id: string;
    job_type: string;
    begin_time: string;
    end_time?: string | null;
    entities: { sub_jobs_total: number; sub_jobs: EcsSubJob[] };
  }>;
}
interface RocketMqClient {
  listBackgroundTasks(r: ListRequest): Promise<{ task_count: string; tasks: { id: string; status: string; params: string; created_at: string }[]; httpStatusCode: number }>;
  showBackgroundTask(r: unknown): Promise<{ task_count: string; tasks: { id: string; name: string; status: string }[]; httpStatusCode: number }>;
  showBackgroundTaskProgress(r: unknown): Promise<{ progress_percentage: number; remain_time: number; step_list: { name: string; statue: string; start_time: unknown }[]; httpStatusCode: number }>;
}

const ctx = useEmulator({ seed: 7, history: 4 });
const instanceId = DEFAULT_WORLD.rocketmqInstances[0].id;

function credential(secretKey?: string): CredentialBuilder {
  const emu = ctx.emu;
  return new core.BasicCredentials()
    .withAk(emu.accessKey)
    .withSk(secretKey ?? emu.secretKey)
    .withProjectId(emu.projectId);
}

function officialClient(secretKey?: string): RocketMqClient {
  return rocketmq.RocketMQClient.newBuilder().withCredential(credential(secretKey)).withEndpoint(ctx.emu.url).build();
}

describe("official RocketMQ SDK against the emulator", () => {
  it("lists an instance's background tasks with the wire quirks intact", async () => {
    const res = await officialClient().listBackgroundTasks(new rocketmq.ListBackgroundTasksRequest().withInstanceId(instanceId));
    expect(res.httpStatusCode).toBe(200);
    expect(typeof res.task_count).toBe("string");
    const expected = ctx.emu.tasks("rocketmq").filter((t) => t.scope === instanceId);
    expect(Number(res.task_count)).toBe(expected.length);
    expect(res.tasks.length).toBe(Math.min(10, expected.length));
    for (const t of res.tasks) {
      expect(typeof t.params).toBe("string");
      expect(() => JSON.parse(t.params) as unknown).not.toThrow();
      expect(t.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    const last = ctx.emu.requests({ operation: "ListBackgroundTasks" }).at(-1);
    expect(last?.status).toBe(200);
    expect(last?.accessKey).toBe(ctx.emu.accessKey);
  });

  it("pages with start and limit, and windows with begin_time/end_time", async () => {
    const client = officialClient();
    const all = await client.listBackgroundTasks(new rocketmq.ListBackgroundTasksRequest().withInstanceId(instanceId).withLimit(100));
    const second = await client.listBackgroundTasks(
      new rocketmq.ListBackgroundTasksRequest().withInstanceId(instanceId).withStart(2).withLimit(2),
    );
    expect(second.tasks.map((t) => t.id)).toEqual(all.tasks.slice(2, 4).map((t) => t.id));
    const none = await client.listBackgroundTasks(
      new rocketmq.ListBackgroundTasksRequest().withInstanceId(instanceId).withBeginTime("20000101000000").withEndTime("20000102000000"),
    );
    expect(none.task_count).toBe("0");
  });

  it("reads one task by id (the list's shape) and a scale-up's progress (`statue`)", async () => {
    const emu = ctx.emu;
    const t = emu.createTask({ service: "rocketmq", name: "extend", scope: instanceId, durationMs: 600_000, startInMs: -300_000 });
    const one = await officialClient().showBackgroundTask(new rocketmq.ShowBackgroundTaskRequest(instanceId, t.id));
    expect(one).toMatchObject({ httpStatusCode: 200, task_count: "1", tasks: [{ id: t.id, name: "extend", status: "EXECUTING" }] });
    const p = await officialClient().showBackgroundTaskProgress(new rocketmq.ShowBackgroundTaskProgressRequest(instanceId, t.id));
    expect(p.httpStatusCode).toBe(200);
    expect(p.progress_percentage).toBeGreaterThan(0);
    expect(p.remain_time).toBeGreaterThan(0);
    expect(p.step_list.map((s) => s.statue)).toContain("IN_PROGRESS");
  });

  it("is refused with a wrong secret key (401 APIGW.0301)", async () => {
    await expect(
      officialClient("not-the-secret").listBackgroundTasks(new rocketmq.ListBackgroundTasksRequest().withInstanceId(instanceId)),
    ).rejects.toMatchObject({ httpStatusCode: 401, errorCode: "APIGW.0301" });
  });
});

describe("official ECS SDK against the emulator", () => {
  it("reads a job with its sub-jobs through ShowJob, on the shared root and on the ecs host", async () => {
    const emu = ctx.emu;
    const job = emu.createTask({ service: "ecs", name: "createServer", durationMs: 1000, outcome: "failure", errorCode: "Ecs.0303", errorMsg: "no capacity", startInMs: -5000, job: { subJobs: 2, failedSubJobs: 1 } });
    for (const endpoint of [emu.url, `${emu.url}/ecs`]) {
      const client = ecs.EcsClient.newBuilder().withCredential(credential()).withEndpoint(endpoint).build();
      const res = await client.showJob(new ecs.ShowJobRequest().withJobId(job.id));
      expect(res.httpStatusCode).toBe(200);
      expect(res).toMatchObject({ status: "FAIL", job_id: job.id, job_type: "createServer", end_time: new Date(job.finishAt).toISOString() });
      expect(res.entities.sub_jobs_total).toBe(2);
      expect(res.entities.sub_jobs.map((s) => [s.job_type, s.status, s.error_code ?? null])).toEqual([
        ["createSingleServer", "SUCCESS", null],
        ["createSingleServer", "FAIL", "Ecs.0303"],
      ]);
      expect(res.entities.sub_jobs.every((s) => /^[0-9a-f-]{36}$/.test(s.entities.server_id))).toBe(true);
    }
    expect(emu.requests({ service: "ecs", operation: "ShowJob" }).slice(-2).map((r) => r.status)).toEqual([200, 200]);
  });

  it("gets ECS's 404 for a job ECS does not have (an EVS job read on the ecs host)", async () => {
    const emu = ctx.emu;
    const evsJob = emu.createTask({ service: "evs", name: "extendVolume", durationMs: 60_000, outcome: "success" });
    const client = ecs.EcsClient.newBuilder().withCredential(credential()).withEndpoint(`${emu.url}/ecs`).build();
    await expect(client.showJob(new ecs.ShowJobRequest().withJobId(evsJob.id))).rejects.toMatchObject({ httpStatusCode: 404 });
  });
});

describe("requests signed by the official core signer", () => {
  const signer = officialSigner();
  const samplePath: Record<string, string> = {
    task_id: "aee8d2fe-5484-4753-9177-5a38dc15546c",
    job_id: "2c9eb2c5544cbf6101544f05f2a22b5e",
    instance_id: instanceId,
    secret_name: "db-password",
    server_id: DEFAULT_WORLD.servers[2].id,
    volume_id: DEFAULT_WORLD.volumes[0].id,
  };
  const sampleBody: Record<string, unknown> = {
    AssociateKeypair: { keypair_name: "KeyPair-demo", server: { id: DEFAULT_WORLD.servers[1].id } },
    DisassociateKeypair: { server: { id: DEFAULT_WORLD.servers[2].id } },
    RotateSecret: {},
    BatchServerAction: { "os-start": { servers: [{ id: DEFAULT_WORLD.servers[2].id }] } },
    ResizeServer: { resize: { flavorRef: "s6.large.2" } },
    ResizeVolume: { "os-extend": { new_size: 100 } },
  };

  async function send(ep: (typeof ENDPOINTS)[number], tamper: boolean) {
    const emu = ctx.emu;
    const path = ep.path.replace(/\{([a-z_]+)\}/g, (_, n: string) => (n === "project_id" ? emu.projectId : (samplePath[n] ?? "x")));
    const query: Record<string, string> = ep.operation === "KeystoneListProjects" ? { name: emu.region } : {};
    const data = sampleBody[ep.operation];
    const headers = { "content-type": "application/json", "X-Project-Id": emu.projectId };
    const signed = signer.sign(
      { endpoint: emu.url + path, method: ep.method, headers: { ...headers }, queryParams: query, data },
      { getAk: () => emu.accessKey, getSk: () => emu.secretKey },
    );
    let auth = signed["Authorization"] ?? "";
    if (tamper) auth = auth.slice(0, -1) + (auth.endsWith("a") ? "b" : "a");
    const qs = new URLSearchParams(query).toString();
    const res = await request(emu.url + path + (qs ? `?${qs}` : ""), {
      method: ep.method,
      headers: { ...signed, Authorization: auth },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    // Deletions answer 200 with no body.
    const text = await res.body.text();
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    return { status: res.statusCode, body, requestId: res.headers["x-request-id"] };
  }

  it.each(ENDPOINTS.map((ep) => [`${ep.service} ${ep.operation}`, ep] as const))("%s accepts them and refuses a changed byte", async (_name, ep) => {
    const ok = await send(ep, false);
    // The KPS sample task does not exist (404 by id; 400 "not a failed task" for its deletion): authentication passed
    // when the service itself answers.
    expect(ok.status >= 400 ? ok.body["error_code"] : ok.status).not.toBe("APIGW.0301");
    expect([200, 202, 400, 404]).toContain(ok.status);
    expect(typeof ok.requestId).toBe("string");
    const bad = await send(ep, true);
    expect(bad.status).toBe(401);
    expect(bad.body["error_code"]).toBe("APIGW.0301");
  });
});
