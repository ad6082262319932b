/**
 * What the emulator does not play: a job query that fails inside a 200 answer (`code`/`message` and no status, as
 * the SDKs model ECS's `ShowJob`), or an answer that is not a job. A raw loopback server answers so on purpose; the
 * read fails with that error, and a wait ends with it at once instead of polling a job that will never show.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError, ResponseShapeError, getEcsJob, getImsJob, waitForEcsJob } from "../../provider";
import { closeDefaultDispatcher } from "../../provider/runtime";

let server: Server;
let base = "";
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    const body = req.url?.endsWith("/query-failed") ? { code: "Ecs.0100", message: "The job query failed" } : { job_type: "createServer" };
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "0123456789abcdef0123456789abcdef" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await closeDefaultDispatcher();
});

const settings = () => ({ region: "cn-north-4", projectId: "p0", accessKey: "AKQUERYFAILURE000001", secretKey: "sk", endpoint: base, sources: { env: {} } });

describe("a job query that fails inside a 200 answer", () => {
  it("fails the read with the query's code and message and the request id", async () => {
    const err = await getEcsJob({ jobId: "query-failed" }, settings()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ service: "ecs", operation: "ShowJob", status: 200, errorCode: "Ecs.0100", errorMsg: "The job query failed", requestId: "0123456789abcdef0123456789abcdef" });
  });

  it("reads an answer without a status as a shape error", async () => {
    await expect(getImsJob({ jobId: "not-a-job" }, settings())).rejects.toBeInstanceOf(ResponseShapeError);
  });

  it("ends a wait with that error after one look", async () => {
    hits.length = 0;
    const err = await waitForEcsJob({ jobId: "query-failed" }, { ...settings(), timeout: "10m" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "ApiError", errorCode: "Ecs.0100" });
    expect(hits).toEqual(["/v1/p0/jobs/query-failed"]);
  });
});
