/**
 * Runs a Pulumi program in its own process through `local-run --json` (dynamic resources through the real
 * dynamic-provider host), as the examples and `npm run demo` do without a Pulumi CLI.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { JOURNAL_ENV } from "../../provider/resources/journal";
import type { LocalRunEvent } from "../../scripts/local-run";

/** What a run produced. */
export interface ProgramRun {
  code: number | null;
  events: LocalRunEvent[];
  /** The stack outputs (empty when the run failed). */
  outputs: Record<string, unknown>;
  stderr: string;
}

const root = join(__dirname, "..", "..");

/** Runs `program` (a directory) with stack `config` and the environment `env` (the emulator's, typically). */
export function runProgram(program: string, config: Record<string, string>, env: Record<string, string>): Promise<ProgramRun> {
  const args = [join(root, "dist", "scripts", "local-run.js"), program, "--json"];
  for (const [k, v] of Object.entries(config)) args.push("--config", `${k}=${v}`);
  const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env["PATH"], HOME: process.env["HOME"], [JOURNAL_ENV]: process.env[JOURNAL_ENV], ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      const events = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as LocalRunEvent);
      const out = events.find((e): e is Extract<LocalRunEvent, { type: "outputs" }> => e.type === "outputs");
      resolve({ code, events, outputs: out?.outputs ?? {}, stderr });
    }),
  );
}
