/**
 * Runs a Pulumi program in its own process through `local-run --json` (dynamic resources through the real
 * dynamic-provider host), as the examples and `npm run demo` do without a Pulumi CLI.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { JOURNAL_ENV } from "../../provider/core/journal";
import type { LocalRunEvent } from "../../scripts/local-run";

/** What a run produced. */
export interface ProgramRun {
  code: number | null;
  events: LocalRunEvent[];
  /** The stack outputs (empty when the run failed). */
  outputs: Record<string, unknown>;
  stdout: string;
  stderr: string;
}

/** More of a run. */
export interface RunOptions {
  /** More `local-run` arguments (`--state`, `--refresh`, `--destroy`). */
  args?: string[];
  /** Each event as it arrives. */
  onEvent?: (event: LocalRunEvent) => void;
}

const root = join(__dirname, "..", "..");

/** Runs `program` (a directory) with stack `config` and the environment `env` (the emulator's, typically). */
export function runProgram(program: string, config: Record<string, string>, env: Record<string, string>, options: RunOptions = {}): Promise<ProgramRun> {
  const args = [join(root, "dist", "scripts", "local-run.js"), program, "--json", ...(options.args ?? [])];
  for (const [k, v] of Object.entries(config)) args.push("--config", `${k}=${v}`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], [JOURNAL_ENV]: process.env[JOURNAL_ENV], ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let partial = "";
  const events: LocalRunEvent[] = [];
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.startsWith("{"))) {
      const event = JSON.parse(line) as LocalRunEvent;
      events.push(event);
      options.onEvent?.(event);
    }
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on("close", (code) => {
      const out = events.find((e): e is Extract<LocalRunEvent, { type: "outputs" }> => e.type === "outputs");
      resolve({ code, events, outputs: out?.outputs ?? {}, stdout, stderr });
    }),
  );
}
