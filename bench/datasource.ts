/**
 * Data-source overhead: a function call against a bare signed undici GET to the same emulator route, and reading
 * 10,000 DCS tasks against 10 bare page requests. The emulator runs in its own process, as a cloud would.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Agent, request } from "undici";
import { closeDefaultDispatcher, getDcsTasks, getKpsTask, signRequest, type TaskApiOptions } from "../provider";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_REGION, DEFAULT_SECRET_KEY } from "../emulator";
import { fmt, percentile, table } from "./stats";

async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const cli = join(__dirname, "..", "emulator", "cli.js");
  const child = spawn(process.execPath, [cli, "--port", "0", "--history", "0", "--seed", "7"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", (c) => reject(new Error(`emulator exited with ${c}`)));
  });
  return { url, child };
}

async function admin(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await request(url + path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  return res.body.json();
}

/** Runs both data-source benchmarks; returns the Markdown report. */
export async function dataSourceBench(calls = 1000): Promise<string> {
  const { url, child } = await startEmulatorProcess();
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const creds = { accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY };
  const opts: TaskApiOptions = { region: DEFAULT_REGION, projectId: DEFAULT_PROJECT_ID, ...creds, endpoint: url, sources: { env: {} } };
  try {
    const [task] = (await admin(url, "/_admin/tasks", [{ service: "kps", name: "RESET", durationMs: 3_600_000 }])) as { id: string }[];
    const taskId = task?.id ?? "";
    const bare = async (path: string, query: Record<string, string | number> = {}) => {
      const signed = signRequest(
        { method: "GET", url: url + path, query, headers: { "content-type": "application/json", "X-Project-Id": DEFAULT_PROJECT_ID } },
        creds,
        new Date(),
      );
      const res = await request(url + signed.path, { headers: signed.headers, dispatcher: agent });
      return JSON.parse(await res.body.text()) as unknown;
    };
    const kpsPath = `/v3/${DEFAULT_PROJECT_ID}/tasks/${taskId}`;
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    // Warm up both paths, then alternate runs of 250 calls (4 rounds), so drift hits both alike while each run
    // keeps its path's code and connection warm.
    for (let i = 0; i < 1000; i += 1) {
      await bare(kpsPath);
      await getKpsTask({ taskId }, opts);
    }
    const oursT: number[] = [];
    const bareT: number[] = [];
    const run = Math.max(1, Math.floor(calls / 4));
    for (let round = 0; round < 4; round += 1) {
      for (let i = 0; i < run; i += 1) bareT.push(await time(() => bare(kpsPath)));
      for (let i = 0; i < run; i += 1) oursT.push(await time(() => getKpsTask({ taskId }, opts)));
    }

    await admin(url, "/_admin/tasks", Array.from({ length: 10_000 }, (_, i) => ({ service: "dcs", startInMs: -i * 1000, durationMs: 500 })));
    const dcsPath = `/v2/${DEFAULT_PROJECT_ID}/tasks`;
    const oursRead: number[] = [];
    const bareRead: number[] = [];
    let count = 0;
    for (let round = 0; round < 6; round += 1) {
      bareRead.push(
        await time(async () => {
          for (let page = 0; page < 10; page += 1) await bare(dcsPath, { offset: page * 1000, limit: 1000 });
        }),
      );
      oursRead.push(
        await time(async () => {
          count = (await getDcsTasks({ maxItems: 10_000 }, opts)).tasks.length;
        }),
      );
    }
    oursRead.shift();
    bareRead.shift();
    const p = (xs: number[], q: number) => percentile(xs, q);
    return [
      `### Data-source overhead (${calls} sequential calls each, emulator in its own process)`,
      "",
      table(
        ["call", "p50 ms", "p95 ms"],
        [
          ["bare signed undici GET `/v3/{project}/tasks/{id}`", fmt(p(bareT, 50), 3), fmt(p(bareT, 95), 3)],
          ["`getKpsTask({ taskId })`", fmt(p(oursT, 50), 3), fmt(p(oursT, 95), 3)],
          ["ratio", `${fmt(p(oursT, 50) / p(bareT, 50), 2)}x`, `${fmt(p(oursT, 95) / p(bareT, 95), 2)}x`],
        ],
      ),
      "",
      `### Reading ${count} DCS tasks (median of 5 rounds)`,
      "",
      table(
        ["read", "median ms"],
        [
          ["10 bare page requests (limit 1000), one after another", fmt(p(bareRead, 50), 1)],
          ["`getDcsTasks({ maxItems: 10000 })` (10 pages, 4 at a time, parsed and mapped)", fmt(p(oursRead, 50), 1)],
          ["ratio", `${fmt(p(oursRead, 50) / p(bareRead, 50), 2)}x`],
        ],
      ),
      "",
    ].join("\n");
  } finally {
    child.kill("SIGTERM");
    await agent.close();
    await closeDefaultDispatcher();
  }
}
