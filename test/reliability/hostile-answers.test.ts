/**
 * Misbehaving servers, part 4: answers that are well-formed but wrong, and secrets echoed in escaped forms. A job
 * answer about another job is never that job's verdict; a DCS job answer without a status is an error, not a status
 * to wait on; a secret a server echoes with JSON `\uXXXX` escapes (as Gson writes `=`) is masked; a caller's own
 * `secrets` are masked in its errors even when its wait read through a poll group another caller created; a
 * project-id lookup that fails for a transient reason, or for another caller's settings, is tried again by the
 * wait's own client within its deadline.
 */
import {
  ResponseShapeError,
  deleteKpsFailedTask,
  TaskFailedError,
  WaitTimeoutError,
  getDcsJob,
  getEcsJob,
  waitForDcsJob,
  waitForEcsJob,
  waitForKpsTask,
} from "../../provider";
import { hostileOptions, inTurn, json, useHostileServers, type Behaviour, type Received } from "../helpers/hostile";
import { settle } from "../helpers/reliability";

const CREDS = { accessKey: "HOSTILEAK00000000004", secretKey: "hostile-secret-key-4" };
const JOB = "0123456789abcdef0123456789abcdef";
const OTHER = "ffffffffffffffffffffffffffffffff";
const hostile = useHostileServers();

/** Every JSON form a test asserts a secret is absent from. */
const texts = (e: unknown): string => {
  const err = e as Error;
  return [err.message, err.stack ?? "", JSON.stringify(err)].join("\n");
};

describe("an answer about another job", () => {
  const other: Behaviour = json(200, { job_id: OTHER, job_type: "createServer", status: "SUCCESS", begin_time: "2026-11-30T10:00:00.000Z", end_time: "2026-11-30T10:01:00.000Z" });

  it("is never an ECS job's verdict: the wait reads again and ends at its deadline with that as its last error", async () => {
    const server = await hostile(other);
    const r = await settle(waitForEcsJob({ jobId: JOB }, { ...hostileOptions(server, CREDS), timeout: "2s" }));
    expect(r.ok).toBe(false);
    const e = (r as { error: unknown }).error;
    expect(e).toBeInstanceOf(WaitTimeoutError);
    expect((e as WaitTimeoutError).lastError).toBeInstanceOf(ResponseShapeError);
    expect((e as WaitTimeoutError).lastError?.message).toMatch(new RegExp(`job_id is ${OTHER}: the answer is about another job than ${JOB}`));
    await expect(getEcsJob({ jobId: JOB }, hostileOptions(server, CREDS))).rejects.toMatchObject({ name: "ResponseShapeError", field: "job_id" });
  });

  it("is never a DCS job's verdict either, and a DCS job without a status is an error, not a status to wait for", async () => {
    const server = await hostile(json(200, { job_id: OTHER, status: "SUCCESS" }));
    const r = await settle(waitForDcsJob({ jobId: JOB }, { ...hostileOptions(server, CREDS), timeout: "2s" }));
    expect((r as { error: unknown }).error).toBeInstanceOf(WaitTimeoutError);
    expect(((r as { error: WaitTimeoutError }).error.lastError as ResponseShapeError).field).toBe("job_id");
    const blank = await hostile(json(200, { job_id: JOB, status: "  " }));
    await expect(getDcsJob({ jobId: JOB }, hostileOptions(blank, CREDS))).rejects.toMatchObject({ name: "ResponseShapeError", field: "status" });
  });

  it("an ECS answer that names no job is about the one asked for", async () => {
    const server = await hostile(json(200, { status: "SUCCESS", job_type: "createServer" }));
    await expect(getEcsJob({ jobId: JOB }, hostileOptions(server, CREDS))).resolves.toMatchObject({ jobId: JOB, status: "SUCCESS" });
  });

  it("a failed DCS job is called a job in its error", async () => {
    const server = await hostile(json(200, { job_id: JOB, job_type: "masterStandbySwapJob", status: "FAIL", fail_reason: "switch refused" }));
    const r = await settle(waitForDcsJob({ jobId: JOB }, hostileOptions(server, CREDS)));
    expect((r as { error: unknown }).error).toBeInstanceOf(TaskFailedError);
    expect(((r as { error: Error }).error).message).toMatch(new RegExp(`^dcs job ${JOB} failed`));
  });
});

describe("secrets a server echoes", () => {
  const token = "tok+en/with==chars-0123456789";
  const gsonToken = JSON.stringify(token).slice(1, -1).replace(/=/g, "\\u003d");

  it("a security token echoed with \\uXXXX escapes in a job's fail_reason is masked", async () => {
    const body = `{"job_id":"${JOB}","job_type":"createServer","status":"FAIL","fail_reason":"token ${gsonToken} refused"}`;
    const server = await hostile((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
    const r = await settle(waitForEcsJob({ jobId: JOB }, hostileOptions(server, { ...CREDS, securityToken: token })));
    const e = (r as { error: unknown }).error;
    expect(e).toBeInstanceOf(TaskFailedError);
    expect(texts(e)).toContain("token *** refused");
    expect(texts(e)).not.toContain("with==chars");
    expect(texts(e)).not.toContain("with\\u003d");
  });

  it("a caller's own secrets are masked in its error even when its wait shares a poll group another caller created", async () => {
    const password = "Sup3rSecretPassw0rdXYZ";
    const server = await hostile((req, res, received) => {
      const url = req.url ?? "";
      if (url.includes("/running-tasks")) return json(200, { total: 0, tasks: [] })(req, res, received);
      if (url.includes("/failed-tasks"))
        return json(200, { total: 1, tasks: [{ task_id: "task-1", operate_type: "bind", task_error_code: "KPS.2011", task_error_msg: `login with password ${password} refused` }] })(req, res, received);
      return json(200, { task_id: "task-1", task_status: "FAILED_BIND", server_id: "srv-1" })(req, res, received);
    });
    const opts = hostileOptions(server, CREDS);
    // The first caller creates the group (its client knows no password); the second hands in the password.
    const [plain, guarded] = await Promise.all([
      settle(waitForKpsTask({ taskId: "task-1" }, opts)),
      settle(waitForKpsTask({ taskId: "task-1" }, { ...opts, secrets: [password] })),
    ]);
    expect((plain as { error: unknown }).error).toBeInstanceOf(TaskFailedError);
    const e = (guarded as { error: unknown }).error;
    expect(e).toMatchObject({ name: "TaskFailedError", errorCode: "KPS.2011", errorMessage: "login with password *** refused" });
    expect(texts(e)).not.toContain(password);
  });
});

describe("the project-id lookup inside a wait", () => {
  const PROJECT = "0123456789abcdef0123456789abcdef";
  /** IAM answering with `iam` (by the request's turn), and a KPS task that succeeded. */
  function cloud(iam: (turn: number) => Behaviour): { behaviour: Behaviour; iamTurns: () => number } {
    let turns = 0;
    const behaviour: Behaviour = (req, res, received: Received) => {
      if ((req.url ?? "").startsWith("/v3/projects")) return iam(turns++)(req, res, received);
      if ((req.url ?? "").includes("/running-tasks")) return json(200, { total: 0, tasks: [] })(req, res, received);
      return json(200, { task_id: "task-1", task_status: "SUCCESS_RESET", server_id: "srv-1" })(req, res, received);
    };
    return { behaviour, iamTurns: () => turns };
  }
  const projects = json(200, { projects: [{ id: PROJECT, name: "cn-north-4" }] });

  it("a transient IAM failure is tried again within the wait's deadline, not its end", async () => {
    const c = cloud((turn) => (turn === 0 ? json(503, { error_code: "APIGW.0302", error_msg: "busy" }) : projects));
    const server = await hostile(c.behaviour);
    const r = await waitForKpsTask({ taskId: "task-1" }, { ...hostileOptions(server, CREDS, { projectId: undefined }), timeout: "1h" });
    expect(r).toMatchObject({ taskId: "task-1", taskStatus: "SUCCESS_RESET" });
    expect(c.iamTurns()).toBe(2);
  });

  it("a lookup that keeps failing is given up at once when the caller aborts, in a pause between tries", async () => {
    const c = cloud(() => json(503, { error_code: "APIGW.0302", error_msg: "busy" }));
    const server = await hostile(c.behaviour);
    const controller = new AbortController();
    const wait = settle(waitForKpsTask({ taskId: "task-1" }, { ...hostileOptions(server, CREDS, { projectId: undefined }), timeout: "1h", signal: controller.signal }));
    while (c.iamTurns() < 2) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const r = await wait;
    expect((r as { error: unknown }).error).toMatchObject({ name: "AbortError" });
  });

  it("a lookup shared with a caller whose short request timeout fails it does not fail the other caller", async () => {
    // IAM answers after 600 ms: too late for A's 200 ms attempts, in time for B's default 30 s.
    const c = cloud(() => (req, res, received) => void setTimeout(() => projects(req, res, received), 600));
    const server = await hostile(c.behaviour);
    const base = { ...hostileOptions(server, CREDS, { projectId: undefined }), timeout: "1h" };
    const seenByB: string[] = [];
    const a = waitForKpsTask({ taskId: "task-1" }, { ...base, requestTimeoutMs: 200 });
    const b = waitForKpsTask({ taskId: "task-1" }, { ...base, onExchange: (e) => seenByB.push(`${e.operation} ${e.status}`) });
    await expect(b).resolves.toMatchObject({ taskStatus: "SUCCESS_RESET" });
    // B's own lookup answered it (A's failed ones do not end B's wait); A then has the project id too.
    expect(seenByB).toContain("KeystoneListProjects 200");
    await expect(a).resolves.toMatchObject({ taskStatus: "SUCCESS_RESET" });
  });
});

describe("a wait behind a throttled read", () => {
  const throttled: Behaviour = json(429, { error_code: "APIGW.0308", error_msg: "The throttling threshold has been reached" }, { "retry-after": "30" });

  it.each([
    ["its first look at once", {}],
    ["its first look planned at its deadline (told the task's start)", { startedAt: Date.now() }],
  ])("ends by its deadline, %s, naming the 429 as its last error", async (_what, extra) => {
    const server = await hostile(throttled);
    const r = await settle(waitForKpsTask({ taskId: "task-1" }, { ...hostileOptions(server, CREDS, { maxRetries: 4 }), timeout: "2s", ...extra }));
    const e = (r as { error: unknown }).error;
    expect(e).toBeInstanceOf(WaitTimeoutError);
    expect((e as WaitTimeoutError).lastError).toMatchObject({ status: 429 });
    // One request, then a 30 s Retry-After the 2 s wait did not sit out (before: five, over two minutes).
    expect(server.received.length).toBe(1);
  });
});

describe("deleting a KPS failed-task record", () => {
  const html200: Behaviour = (_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<html><body><h1>502 Bad Gateway</h1>nginx</body></html>");
  };
  const deleted: Behaviour = (_req, res) => {
    res.writeHead(200, { "x-request-id": "hostile-delete-1" });
    res.end();
  };

  it("a gateway's HTML page with status 200 is not a deletion: it is tried again, and an error when it lasts", async () => {
    const server = await hostile(inTurn(html200, deleted));
    await expect(deleteKpsFailedTask({ taskId: "task-1" }, hostileOptions(server, CREDS, { maxRetries: 1 }))).resolves.toMatchObject({ requestId: "hostile-delete-1" });
    expect(server.received.length).toBe(2);
    const always = await hostile(html200);
    await expect(deleteKpsFailedTask({ taskId: "task-1" }, hostileOptions(always, CREDS))).rejects.toMatchObject({ name: "ResponseShapeError" });
  });

  it("a retry after a lost answer that finds the record gone is a deletion, when the task reads failed", async () => {
    const notFailed = json(400, { error_code: "KPS.0020", error_msg: "the task is not a failed task" });
    /** The first DELETE deletes, but its answer is lost (a gateway's 502); a retry finds nothing to delete. */
    const kps = (taskStatus: string): Behaviour => {
      let deletes = 0;
      return (req, res, received) => {
        if (req.method === "GET") return json(200, { task_id: "task-1", task_status: taskStatus, server_id: "srv-1" })(req, res, received);
        deletes += 1;
        return (deletes === 1 ? json(502, { error_msg: "Bad Gateway" }) : notFailed)(req, res, received);
      };
    };
    const server = await hostile(kps("FAILED_RESET"));
    await expect(deleteKpsFailedTask({ taskId: "task-1" }, hostileOptions(server, CREDS, { maxRetries: 1 }))).resolves.toBeDefined();
    expect(server.received.map((r) => r.method)).toEqual(["DELETE", "DELETE", "GET"]);
    // Asked of a task that never failed, the same 400 stays the error it is.
    const running = await hostile(kps("RUNNING_RESET"));
    await expect(deleteKpsFailedTask({ taskId: "task-1" }, hostileOptions(running, CREDS, { maxRetries: 1 }))).rejects.toMatchObject({ status: 400, errorCode: "KPS.0020" });
  });
});

describe("a poll group whose read hangs", () => {
  it("holds a member with short request timeouts only as long as its own bound, and its neighbour no longer", async () => {
    let lists = 0;
    const server = await hostile((req, res, received) => {
      const url = req.url ?? "";
      // The first read of the running list never answers; every later one does.
      if (url.includes("/running-tasks")) return (lists++ === 0 ? () => undefined : json(200, { total: 0, tasks: [] }))(req, res, received);
      return json(200, { task_id: "task-1", task_status: "SUCCESS_RESET", server_id: "srv-1" })(req, res, received);
    });
    const base = { ...hostileOptions(server, CREDS, { maxRetries: 1 }), timeout: "15s", policy: { maxGapMs: 2000 } };
    // C asks for the default 30 s attempts; A for 300 ms ones, so the group's requests run up to 30 s.
    const c = waitForKpsTask({ taskId: "task-1" }, base);
    const a = waitForKpsTask({ taskId: "task-1" }, { ...base, requestTimeoutMs: 300 });
    await expect(a).resolves.toMatchObject({ taskStatus: "SUCCESS_RESET" });
    // C is served by the fresh read A's next look started beside the hung one, not held for its 30 s.
    await expect(c).resolves.toMatchObject({ taskStatus: "SUCCESS_RESET" });
    // And the hung request was given up once no one waited for it (the server sees the close a moment later).
    const hung = server.received.find((r) => r.url.includes("/running-tasks"));
    for (let i = 0; i < 200 && hung?.closed !== true; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(hung?.closed).toBe(true);
  }, 20_000);
});
