#!/usr/bin/env node
/**
 * `hwc-tasks-local-run`: runs a Pulumi program without the Pulumi CLI. The program runs in this process under a
 * mock monitor; its dynamic resources (this package's watchers) are checked and created for real by Pulumi's own
 * dynamic-provider host, the process the engine would start, over gRPC; other resources echo their inputs.
 * This is the path the tests and `npm run demo` use when no Pulumi CLI is installed, and a way to exercise a
 * stack's waits against the emulator in CI. It is not `pulumi up`: there is no preview, and no other provider is
 * called.
 *
 * Without `--state` every run creates every resource. With `--state <file>` runs play a stack's life: up (the
 * default), `--refresh` and `--destroy`, by the engine's rules for dynamic resources (see `deployment.ts`: a test
 * harness, not an engine). Secret stack outputs print as `[secret]`; a failed resource ends the run with that
 * resource's own error.
 *
 * Usage: `hwc-tasks-local-run <program dir or file> [--state file [--refresh | --destroy]] [--config key=value]...
 * [--json]` (in this repository: `node dist/scripts/local-run.js ...`)
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { HwcTasksError } from "../provider/errors";
import * as pulumi from "@pulumi/pulumi";
import { Deployment, type DeploymentEvent } from "./deployment";
import { startHost, type Host } from "./host-client";
import { registrationsSettled, routeDynamicResourcesTo, type Registration } from "./routing-monitor";

/** What a local run reports as it goes. */
export type LocalRunEvent =
  | { type: "host"; pid: number }
  | { type: "registering"; resourceType: string; name: string; at: number; dependencies: string[] }
  | { type: "log"; line: string }
  | DeploymentEvent
  | { type: "outputs"; outputs: Record<string, unknown> }
  | { type: "error"; message: string };

/** What a run does to the stack. */
export type LocalRunOperation = "up" | "refresh" | "destroy";

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
  /** The stack's state file; without it, no state is kept (every up creates every resource). */
  state?: string;
  /** @default "up" (refresh and destroy need `state` and do not run the program) */
  operation?: LocalRunOperation;
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
  throw new HwcTasksError(`${entry}: a TypeScript program needs the typescript package installed in its project (npm install --save-dev typescript)`);
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
    throw new HwcTasksError(`${program}: no index.ts or index.js`);
  }
  return p;
}

/** Stack outputs as the CLI shows them: a secret one (or one holding a secret) as `[secret]`. */
async function shown(exported: Record<string, unknown>, resolved: Record<string, unknown>): Promise<Record<string, unknown>> {
  const plain = JSON.parse(JSON.stringify(resolved)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(exported)) if (await pulumi.isSecret(pulumi.output(v))) plain[k] = "[secret]";
  return plain;
}

/**
 * Runs the program (or, for refresh and destroy, the stack's resources); resolves with its stack outputs, rejects
 * with the first resource or program error, as a Pulumi run would fail.
 */
export async function runLocally(o: LocalRunOptions): Promise<Record<string, unknown>> {
  const entry = programEntry(o.program);
  const emit = o.onEvent ?? (() => undefined);
  const fromEnv = process.env["PULUMI_CONFIG"] ? (JSON.parse(process.env["PULUMI_CONFIG"]) as Record<string, string>) : {};
  const project = projectName(dirname(entry));
  const config: Record<string, string> = { ...fromEnv };
  for (const [key, value] of Object.entries(o.config ?? {})) config[key.includes(":") ? key : `${project}:${key}`] = value;
  const operation = o.operation ?? "up";
  if (operation !== "up" && !o.state) throw new HwcTasksError(`${operation} needs a state file`);
  let host: Host | undefined;
  let deployment: Deployment | undefined;
  let failure: ((err: unknown) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  failed.catch(() => undefined);
  const onRejection = (err: unknown) => failure?.(err);
  process.on("unhandledRejection", onRejection);
  try {
    host = await startHost(dirname(entry), o.env ?? process.env, undefined, (line) => emit({ type: "log", line }));
    if (host.child.pid !== undefined) emit({ type: "host", pid: host.child.pid });
    await host.configure(config);
    deployment = new Deployment(host, o.state, emit);
    if (operation === "refresh") await deployment.refresh();
    if (operation === "destroy") await deployment.destroy();
    if (operation !== "up") return {};
    await routeDynamicResourcesTo(
      deployment,
      o.now ?? Date.now,
      (r: Registration) => emit({ type: "registering", resourceType: r.type, name: r.name, at: r.at, dependencies: r.dependencies }),
      project,
      "dev",
    );
    pulumi.runtime.setAllConfig(config);
    registerTypeScript(entry);
    let exported: Record<string, unknown> = {};
    const outputs = await Promise.race([
      pulumi.runtime.runInPulumiStack(async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(entry) as unknown;
        exported = (typeof mod === "function" ? await (mod as () => unknown)() : mod) as Record<string, unknown>;
        return exported;
      }),
      failed,
    ]);
    // The program is over when every registration is, not when its outputs are: only then are the resources it
    // no longer declares known.
    await Promise.race([registrationsSettled(), failed]);
    await deployment.finish();
    const plain = await shown(exported ?? {}, outputs ?? {});
    emit({ type: "outputs", outputs: plain });
    return plain;
  } catch (err) {
    // A resource's own failure, not the SDK's wrapping of it (or of what depended on it).
    const message = deployment?.failure?.message ?? (err instanceof Error ? err.message : String(err));
    emit({ type: "error", message });
    throw new HwcTasksError(message);
  } finally {
    process.off("unhandledRejection", onRejection);
    await host?.kill();
  }
}

interface CliArgs {
  program: string;
  config: Record<string, string>;
  json: boolean;
  state: string | undefined;
  operation: LocalRunOperation;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { program: "", config: {}, json: false, state: undefined, operation: "up" };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] as string;
    if (a === "--json") args.json = true;
    else if (a === "--refresh" || a === "--destroy") args.operation = a === "--refresh" ? "refresh" : "destroy";
    else if (a === "--state") args.state = argv[++i] ?? "";
    else if (a === "--config" || a === "-c") {
      const kv = argv[++i] ?? "";
      const eq = kv.indexOf("=");
      if (eq <= 0) throw new HwcTasksError(`--config needs key=value, got ${JSON.stringify(kv)}`);
      args.config[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else args.program = a;
  }
  if (!args.program || args.state === "" || (args.operation !== "up" && !args.state)) throw new HwcTasksError(USAGE);
  return args;
}

/** The command's usage line. */
export const USAGE = "usage: hwc-tasks-local-run <program dir or file> [--state file [--refresh | --destroy]] [--config key=value]... [--json]";

/** Prints events: JSON lines, or for people. */
function printer(json: boolean): (e: LocalRunEvent) => void {
  const out = (text: string) => process.stdout.write(text);
  const kind = (type: string) => type.replace(/^pulumi-nodejs:dynamic\//, "");
  return (e) => {
    if (json) out(`${JSON.stringify(e)}\n`);
    else if (e.type === "registering") out(`  + ${kind(e.resourceType)}  ${e.name}\n`);
    else if (e.type === "step" && e.op !== "create") out(`    ${e.op} ${kind(e.resourceType)} ${e.name}\n`);
    else if (e.type === "log") out(`    ${e.line.replace(/^info: \[runtime\] /, "")}\n`);
    else if (e.type === "warning") process.stderr.write(`warning: ${e.message}\n`);
    else if (e.type === "outputs") out(`\nOutputs:\n${JSON.stringify(e.outputs, null, 2)}\n`);
    else if (e.type === "error") process.stderr.write(`error: ${e.message}\n`);
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let args: CliArgs;
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
  // The run reports its first failure itself; what the SDK rejects after that is the same failure, echoed.
  process.on("unhandledRejection", () => undefined);
  // Registration times on the emulator's clock when it runs time-scaled (HWC_TASKS_CLOCK), else real time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const clock = (require("pulumi-hwc-tasks") as typeof import("../provider")).clockFromEnv();
  try {
    await runLocally({
      program: args.program,
      config: args.config,
      state: args.state,
      operation: args.operation,
      onEvent: printer(args.json),
      now: clock ? () => clock.now() : Date.now,
    });
    process.exit(0);
  } catch {
    process.exit(1);
  }
}

if (require.main === module) void main();
