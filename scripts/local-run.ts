#!/usr/bin/env node
/**
 * `hwc-tasks-local-run`: runs a Pulumi program without the Pulumi CLI. The program runs in this process under a
 * mock monitor; its dynamic resources (this package's watchers) are checked and created for real by Pulumi's own
 * dynamic-provider host, the process the engine would start, over gRPC; other resources echo their inputs.
 * This is the path the tests and `npm run demo` use when no Pulumi CLI is installed, and a way to exercise a
 * stack's waits against the emulator in CI. It is not `pulumi up`: there is no state, no diff against a previous
 * run, no preview, and no other provider is called.
 *
 * Usage: `hwc-tasks-local-run <program dir or file> [--config key=value]... [--json]`
 * (in this repository: `node dist/scripts/local-run.js ...`)
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startHost, type Host } from "./host-client";
import { routeDynamicResourcesTo, type Registration } from "./routing-monitor";

/** What a local run reports as it goes. */
export type LocalRunEvent =
  | { type: "registering"; resourceType: string; name: string; at: number; dependencies: string[] }
  | { type: "log"; line: string }
  | { type: "outputs"; outputs: Record<string, unknown> }
  | { type: "error"; message: string };

/** How to run. */
export interface LocalRunOptions {
  /** A program directory (with `index.ts` or `index.js`) or file. */
  program: string;
  /**
   * Stack config: full keys (`huaweicloud:region`), or bare keys, which belong to the project as with
   * `pulumi config set` (`serverId` is `<project>:serverId`); also read from `PULUMI_CONFIG`.
   */
  config?: Record<string, string>;
  /** Environment of the host. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Clock for registration times. @default Date.now */
  now?: () => number;
  onEvent?: (event: LocalRunEvent) => void;
}

/** The program's own `typescript` (a Pulumi TypeScript project has it), else this package's. */
function loadTypeScript(entry: string): typeof import("typescript") {
  for (const from of [entry, __filename]) {
    try {
      return createRequire(from)("typescript") as typeof import("typescript");
    } catch {
      // not installed there
    }
  }
  throw new Error(`${entry}: a TypeScript program needs the typescript package installed in its project (npm install --save-dev typescript)`);
}

/** Loads `.ts` programs the way Pulumi's Node.js runtime does (transpiled, not type-checked). */
function registerTypeScript(entry: string): void {
  const extensions = require.extensions as Record<string, (m: NodeJS.Module, filename: string) => void>;
  if (extensions[".ts"]) return;
  extensions[".ts"] = (m, filename) => {
    const ts = loadTypeScript(entry);
    const out = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
    });
    (m as unknown as { _compile(code: string, file: string): void })._compile(out.outputText, filename);
  };
}

/** The project name from the nearest `Pulumi.yaml` (what `new pulumi.Config()` namespaces keys with). */
function projectName(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, "Pulumi.yaml");
    if (existsSync(file)) {
      const m = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(file, "utf8"));
      if (m?.[1]) return m[1];
    }
    if (dirname(dir) === dir) return "project";
  }
}

function programEntry(program: string): string {
  const p = resolve(program);
  if (existsSync(p) && statSync(p).isDirectory()) {
    for (const f of ["index.ts", "index.js"]) if (existsSync(join(p, f))) return join(p, f);
    throw new Error(`${program}: no index.ts or index.js`);
  }
  return p;
}

/**
 * Runs the program; resolves with its stack outputs, rejects with the first resource or program error (as a
 * Pulumi run would fail).
 */
export async function runLocally(o: LocalRunOptions): Promise<Record<string, unknown>> {
  const entry = programEntry(o.program);
  const emit = o.onEvent ?? (() => undefined);
  const fromEnv = process.env["PULUMI_CONFIG"] ? (JSON.parse(process.env["PULUMI_CONFIG"]) as Record<string, string>) : {};
  const project = projectName(dirname(entry));
  const config: Record<string, string> = { ...fromEnv };
  for (const [key, value] of Object.entries(o.config ?? {})) config[key.includes(":") ? key : `${project}:${key}`] = value;
  let host: Host | undefined;
  let failure: ((err: unknown) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined);
  const onRejection = (err: unknown) => failure?.(err);
  process.on("unhandledRejection", onRejection);
  try {
    host = await startHost(dirname(entry), o.env ?? process.env, undefined, (line) => emit({ type: "log", line }));
    await host.configure(config);
    const registrations = await routeDynamicResourcesTo(
      host,
      o.now ?? Date.now,
      (r: Registration) => emit({ type: "registering", resourceType: r.type, name: r.name, at: r.at, dependencies: r.dependencies }),
      project,
      "dev",
    );
    pulumi.runtime.setAllConfig(config);
    registerTypeScript(entry);
    const outputs = await Promise.race([
      pulumi.runtime.runInPulumiStack(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(entry) as unknown;
        return typeof mod === "function" ? ((await (mod as () => unknown)()) as Record<string, unknown>) : (mod as Record<string, unknown>);
      }),
      failed,
    ]);
    void registrations;
    const plain = JSON.parse(JSON.stringify(outputs ?? {})) as Record<string, unknown>;
    emit({ type: "outputs", outputs: plain });
    return plain;
  } catch (err) {
    emit({ type: "error", message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    process.off("unhandledRejection", onRejection);
    await host?.kill();
  }
}

function parseArgs(argv: string[]): { program: string; config: Record<string, string>; json: boolean } {
  const config: Record<string, string> = {};
  let program: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] as string;
    if (a === "--json") json = true;
    else if (a === "--config" || a === "-c") {
      const kv = argv[++i] ?? "";
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new Error(`--config needs key=value, got ${JSON.stringify(kv)}`);
      config[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else program = a;
  }
  if (!program) throw new Error(USAGE);
  return { program, config, json };
}

/** The command's usage line. */
export const USAGE = "usage: hwc-tasks-local-run <program dir or file> [--config key=value]... [--json]";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`hwc-tasks-local-run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  // In this repository (not an installed copy), programs and the host resolve the package through
  // node_modules/pulumi-hwc-tasks, a link to the repository.
  if (!__dirname.split(sep).includes("node_modules")) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("./link-self") as typeof import("./link-self")).linkSelf();
  }
  const print = (e: LocalRunEvent) => {
    if (args.json) {
      process.stdout.write(`${JSON.stringify(e)}\n`);
      return;
    }
    if (e.type === "registering") process.stdout.write(`  + ${e.resourceType.replace(/^pulumi-nodejs:dynamic\//, "")}  ${e.name}\n`);
    else if (e.type === "log") process.stdout.write(`    ${e.line.replace(/^info: \[runtime\] /, "")}\n`);
    else if (e.type === "outputs") process.stdout.write(`\nOutputs:\n${JSON.stringify(e.outputs, null, 2)}\n`);
    else process.stderr.write(`error: ${e.message}\n`);
  };
  // Registration times on the emulator's clock when it runs time-scaled (HWC_TASKS_CLOCK), else real time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const clock = (require("pulumi-hwc-tasks") as typeof import("../provider")).clockFromEnv();
  try {
    await runLocally({ program: args.program, config: args.config, onEvent: print, now: clock ? () => clock.now() : Date.now });
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

if (require.main === module) void main();
