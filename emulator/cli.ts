#!/usr/bin/env node
/**
 * `hwc-tasks-emulator`: runs the emulator and prints one line, `listening on URL` (with `--print-env`, the
 * environment that points the package at it, as shell `export` lines, then that line as a comment). It stops on
 * SIGINT, SIGTERM or SIGHUP. Started through npm (`npx`, `npm exec`, `npm run`), whose shell does not pass SIGTERM
 * on, it also stops when the process that started it goes away, checked every {@link PARENT_CHECK_MS} ms; started
 * directly, it outlives its parent like any background server.
 * @module
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { InputError } from "../provider/errors";
import { DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_REGION, DEFAULT_SECRET_KEY, startEmulator } from "./index";

/** The CLI's help text; every flag with its default. */
export const HELP = `Usage: hwc-tasks-emulator [options]

A local Huawei Cloud task-API emulator (KPS, CSMS, DCS, RocketMQ, ECS, EVS and IMS jobs, IAM) on one port.

Options:
  --port <n>           port to listen on; 0 picks a free one           (default 0)
  --host <addr>        address to bind                                  (default 127.0.0.1)
  --access-key <ak>    access key the gateway accepts                   (default ${DEFAULT_ACCESS_KEY})
  --secret-key <sk>    its secret key                                   (default ${DEFAULT_SECRET_KEY})
  --project-id <id>    project id of the emulated account               (default ${DEFAULT_PROJECT_ID})
  --region <name>      region IAM resolves the project for              (default ${DEFAULT_REGION})
  --seed <n>           seed of ids, durations, outcomes and history      (default 1)
  --time-scale <x>     virtual ms per real ms (1000: 60 s task in 60 ms) (default 1)
  --history <n>        finished tasks seeded per task type               (default 3)
  --rate-limit <n>     calls/s per key and API before 429 APIGW.0308     (default unlimited)
  --print-env          print the environment for the package as shell export lines
                       (HW_REGION_NAME ... HWC_TASKS_ENDPOINT, HWC_TASKS_CLOCK), then the
                       listening line as a comment: eval or source the output
  -h, --help           show this help

Runs until SIGINT, SIGTERM or SIGHUP; started through npm (npx, npm exec, npm run),
also until the process that started it exits.
`;

/** How often the CLI, started through npm, checks that the process that started it is still there, ms. */
export const PARENT_CHECK_MS = 500;

/** One `export NAME='value'` line, the value single-quoted for POSIX shells. */
export function exportLine(name: string, value: string): string {
  return `export ${name}='${value.replace(/'/g, "'\\''")}'`;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "access-key": { type: "string" },
      "secret-key": { type: "string" },
      "project-id": { type: "string" },
      region: { type: "string" },
      seed: { type: "string" },
      "time-scale": { type: "string" },
      history: { type: "string" },
      "rate-limit": { type: "string" },
      "print-env": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new InputError("flags", [{ field: `--${name}`, message: `must be a number (got ${JSON.stringify(v)})` }]);
    return n;
  };
  const emu = await startEmulator({
    port: num("port", values.port) ?? 0,
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values["access-key"] !== undefined ? { accessKey: values["access-key"] } : {}),
    ...(values["secret-key"] !== undefined ? { secretKey: values["secret-key"] } : {}),
    ...(values["project-id"] !== undefined ? { projectId: values["project-id"] } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.seed !== undefined ? { seed: num("seed", values.seed) } : {}),
    ...(values["time-scale"] !== undefined ? { timeScale: num("time-scale", values["time-scale"]) } : {}),
    ...(values.history !== undefined ? { history: num("history", values.history) } : {}),
    ...(values["rate-limit"] !== undefined ? { rateLimitPerSecond: num("rate-limit", values["rate-limit"]) } : {}),
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emu.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Handlers first: a signal that arrives right after the line is printed must find them installed.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, stop);
  // npm (which sets npm_command) runs a bin through a shell that dies on npm's SIGTERM without passing it on: this
  // process is then reparented, and `process.ppid` changes.
  if (process.env["npm_command"] !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop();
    }, PARENT_CHECK_MS).unref();
  }
  if (values["print-env"]) {
    const lines = Object.entries(emu.env()).map(([name, value]) => exportLine(name, value));
    process.stdout.write(`${lines.join("\n")}\n# listening on ${emu.url}\n`);
  } else process.stdout.write(`listening on ${emu.url}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
  process.stderr.write(`hwc-tasks-emulator: ${message}\n${HELP}`);
  process.exit(2);
});
