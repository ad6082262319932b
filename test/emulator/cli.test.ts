/**
 * The `hwc-tasks-emulator` CLI as a user runs it: `--print-env` prints the environment a shell can source to point
 * the package at it (the data sources then work with nothing else set), and the emulator stops when the process
 * that started it goes away without passing a signal on (what `npx` does with SIGTERM), or on SIGHUP.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const root = join(__dirname, "..", "..");
const cli = join(root, "dist", "emulator", "cli.js");
const run = promisify(execFile);

/** Resolves with stdout once it holds `marker`; rejects when the process exits first. */
function outputUntil(child: ChildProcess, marker: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (marker.test(out)) resolve(out);
    });
    child.once("exit", (c) => reject(new Error(`exited early with ${c}: ${out}`)));
  });
}

/** Whether a process id is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `pid` is gone; false when it is still there after `boundMs` (a bound, not a speed assertion). */
async function gone(pid: number, boundMs = 20_000): Promise<boolean> {
  for (const end = Date.now() + boundMs; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "hwc-tasks-cli-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("--print-env", () => {
  it("prints export lines a shell sources, after which a data source needs nothing else", async () => {
    const secret = 'it\'s$HOME"`x`\\';
    const child = spawn(process.execPath, [cli, "--print-env", "--time-scale", "20", "--secret-key", secret], { stdio: ["ignore", "pipe", "pipe"] });
    const closed = new Promise((resolve) => child.once("close", resolve));
    try {
      const out = await outputUntil(child, /# listening on .*\n/);
      const lines = out.trim().split("\n");
      expect(lines.slice(0, -1).map((l) => l.replace(/=.*/, ""))).toEqual([
        "export HW_REGION_NAME",
        "export HW_PROJECT_ID",
        "export HW_ACCESS_KEY",
        "export HW_SECRET_KEY",
        "export HWC_TASKS_ENDPOINT",
        "export HWC_TASKS_CLOCK",
      ]);
      expect(lines.at(-1)).toMatch(/^# listening on http:\/\/127\.0\.0\.1:\d+$/);
      const envFile = join(work, "emulator.env");
      writeFileSync(envFile, out);
      const script = `
        const tasks = require(${JSON.stringify(join(root, "dist", "provider", "index.js"))});
        tasks.getKpsRunningTasks({}).then(async (r) => {
          const clock = tasks.clockFromEnv();
          process.stdout.write(JSON.stringify({ total: r.total, sk: process.env.HW_SECRET_KEY, clockAhead: clock.now() - Date.now() }));
          await tasks.closeDefaultDispatcher();
        }, (e) => { process.stderr.write(String(e)); process.exit(1); });`;
      // Only what the emulator printed: no HW_* or HWC_TASKS_* from this process.
      const { stdout } = await run("sh", ["-c", '. "$1" && exec "$2" -e "$3"', "sh", envFile, process.execPath, script], {
        env: { PATH: process.env["PATH"], HOME: process.env["HOME"] },
      });
      const seen = JSON.parse(stdout) as { total: number; sk: string; clockAhead: number };
      expect(seen.sk).toBe(secret);
      expect(seen.total).toBeGreaterThanOrEqual(0);
      // The sourced HWC_TASKS_CLOCK is the emulator's time-scaled clock (x20): it runs ahead of real time.
      expect(seen.clockAhead).toBeGreaterThan(0);
    } finally {
      child.kill("SIGTERM");
      await closed;
    }
  });
});

/**
 * Starts the CLI under a wrapper that prints the CLI's pid, with `npm_command` set as given (else unset, whatever
 * this process has: `npm test` sets it), and kills the wrapper outright once the CLI listens (what happens to the
 * shell between npx and the CLI when npx gets SIGTERM). Returns the CLI's pid.
 */
async function orphan(npmCommand: string | undefined): Promise<number> {
  const env: Record<string, string | undefined> = { ...process.env, npm_command: npmCommand };
  if (npmCommand === undefined) delete env["npm_command"];
  const wrapper = spawn(
    process.execPath,
    [
      "-e",
      `const c = require("node:child_process").spawn(process.execPath, [${JSON.stringify(cli)}, "--port", "0"], { stdio: ["ignore", "inherit", "inherit"] }); process.stdout.write("pid " + c.pid + "\\n");`,
    ],
    { stdio: ["ignore", "pipe", "pipe"], env },
  );
  const out = await outputUntil(wrapper, /listening on http:\/\/127\.0\.0\.1:\d+\n/);
  const pid = Number(/pid (\d+)/.exec(out)?.[1]);
  expect(pid).toBeGreaterThan(0);
  const wrapperExit = new Promise((r) => wrapper.once("exit", r));
  wrapper.kill("SIGKILL");
  await wrapperExit;
  return pid;
}

describe("stopping", () => {
  it("started through npm (npm_command set, as npx sets it), exits when the process that started it is gone", async () => {
    const pid = await orphan("exec");
    try {
      expect(await gone(pid)).toBe(true);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("started directly, outlives the process that started it (a background server), and stops on SIGTERM", async () => {
    const pid = await orphan(undefined);
    try {
      // Several parent checks' worth of time (a lower bound that cannot flake: it only gets longer under load).
      await new Promise((r) => setTimeout(r, 4 * 500));
      expect(alive(pid)).toBe(true);
      process.kill(pid, "SIGTERM");
      expect(await gone(pid)).toBe(true);
    } finally {
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("exits cleanly on SIGHUP", async () => {
    const child = spawn(process.execPath, [cli, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    await outputUntil(child, /listening on .*\n/);
    const exit = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    child.kill("SIGHUP");
    expect(await exit).toBe(0);
  });
});
