/**
 * Memory under a hostile response: RSS while the client refuses a 1 GiB body, once without a length (refused when
 * the count passes the cap) and once with `Content-Length: 1073741824` (refused on the header), against reading the
 * whole body with undici's `body.text()` (what the client did before the size cap). The flood server and each
 * measured client run in their own processes, so each RSS figure is one process's own.
 *
 * `node dist/bench/hostile.js serve` runs the server; `node dist/bench/hostile.js <mode> <url>` one measurement.
 * @module
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { request } from "undici";
import { ResponseTooLargeError, closeDefaultDispatcher, getKpsTask } from "../provider";
import { fmt, table } from "./stats";

const GIB = 2 ** 30;
const MB = 2 ** 20;
type Mode = "small-answer" | "refuse-streamed" | "refuse-declared" | "read-whole";

/** One measurement, as a child prints it. */
interface Measured {
  mode: Mode;
  baselineRssMb: number;
  peakRssMb: number;
  ms: number;
  outcome: string;
}

/** The flood server: 1 GiB of body per request, declared (path `/declared...`) or not; a small task under `/small`. */
function serve(): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server = createServer((req, res) => {
    if ((req.url ?? "").startsWith("/small")) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ task_id: "t", task_status: "RUNNING_RESET" }));
      return;
    }
    const declared = (req.url ?? "").includes("declared");
    res.writeHead(200, { "content-type": "application/json", ...(declared ? { "content-length": String(GIB) } : {}) });
    let left = GIB;
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left -= chunk.length;
        if (!res.write(chunk)) return;
      }
      if (left <= 0) res.end();
    };
    res.on("drain", pump);
    pump();
  });
  server.listen(0, "127.0.0.1", () => {
    const addr = server.address();
    process.stdout.write(`port ${typeof addr === "object" && addr ? addr.port : 0}\n`);
  });
}

/** Runs one mode in this process, sampling RSS every 2 ms, and prints the result as JSON. */
async function measure(mode: Mode, url: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  let outcome: string;
  try {
    if (mode === "read-whole") {
      const res = await request(`${url}/v3/p/tasks/t`);
      outcome = `read ${(await res.body.text()).length} chars`;
    } else {
      const endpoint = mode === "refuse-declared" ? `${url}/declared` : mode === "small-answer" ? `${url}/small` : url;
      await getKpsTask({ taskId: "t" }, { region: "cn-north-4", projectId: "p", accessKey: "BENCHAK0000000000001", secretKey: "bench-secret", endpoint, maxRetries: 0, sources: { env: {} } });
      outcome = "accepted";
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    outcome = err instanceof ResponseTooLargeError ? `ResponseTooLargeError (${e.message.includes("Content-Length") ? "on the header" : "on the count"})` : `${e.name} ${e.code ?? ""}`.trim();
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  await closeDefaultDispatcher();
  const out: Measured = { mode, baselineRssMb: baseline / MB, peakRssMb: peak / MB, ms, outcome };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited with ${code}`))));
  });
}

/** The section: one child per mode against a flood server in its own process. */
export async function hostileBench(): Promise<string> {
  const server = spawn(process.execPath, [__filename, "serve"], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /port (\d+)/.exec(out);
        if (m?.[1]) resolve(Number(m[1]));
      });
      server.once("exit", (c) => reject(new Error(`flood server exited with ${c}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    const rows: string[][] = [];
    const label: Record<Mode, string> = {
      "small-answer": "control: getKpsTask, a 50-byte answer (a first call's own cost)",
      "refuse-streamed": "getKpsTask, 1 GiB without a length",
      "refuse-declared": "getKpsTask, 1 GiB with Content-Length",
      "read-whole": "anchor: undici body.text() (the client before the cap)",
    };
    for (const mode of ["small-answer", "refuse-streamed", "refuse-declared", "read-whole"] as const) {
      const m = JSON.parse(await runChild([mode, url])) as Measured;
      const what = label[mode];
      rows.push([what, m.outcome, `${fmt(m.baselineRssMb, 0)} → ${fmt(m.peakRssMb, 0)} MB`, fmt(m.peakRssMb - m.baselineRssMb, 0), fmt(m.ms, 0)]);
    }
    return [
      "### A 1 GiB response (each client in its own process; default cap 4,096,000 bytes)",
      "",
      table(["client", "outcome", "RSS before → peak", "RSS growth (MB)", "time (ms)"], rows),
      "",
    ].join("\n");
  } finally {
    server.kill();
  }
}

if (require.main === module && process.argv[2]) {
  const [mode, url] = process.argv.slice(2);
  if (mode === "serve") serve();
  else
    measure(mode as Mode, url ?? "").catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    });
}
