#!/usr/bin/env node
/**
 * `npm run demo`: starts the emulator on a free loopback port and runs `examples/kps-keypair-reset` against it,
 * printing the reset task's states as they happen and the stack outputs at the end.
 *
 * With a Pulumi CLI on the PATH it runs a real `pulumi up` through the Automation API, on a local file backend in a
 * temporary directory (passphrase set; the stack is destroyed and the directory removed afterwards). Without one,
 * it says so and runs the same program through Pulumi's dynamic-provider host, the path the tests use.
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { startEmulator } from "../emulator";
import { closeDefaultDispatcher } from "../provider";
import { linkSelf } from "./link-self";
import { runLocally, type LocalRunEvent } from "./local-run";

const EXAMPLE = "kps-keypair-reset";
const TIME_SCALE = 20;

function findPulumiCli(): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function withPulumiCli(exampleDir: string, env: Record<string, string>): Promise<void> {
  // Loaded only here: the Automation API needs the CLI.
  const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
  const backend = mkdtempSync(join(tmpdir(), "hwc-tasks-demo-"));
  // The passphrase secrets provider writes its salt into Pulumi.demo.yaml next to the program: remove it after.
  const stackFile = join(exampleDir, "Pulumi.demo.yaml");
  const hadStackFile = existsSync(stackFile);
  const envVars = { ...env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "hwc-tasks-demo", PULUMI_SKIP_UPDATE_CHECK: "true" };
  const stack = await LocalWorkspace.createOrSelectStack({ stackName: "demo", workDir: exampleDir }, { envVars });
  try {
    say(`Running \`pulumi up\` on a throw-away local backend (${backend})\n`);
    const up = await stack.up({ onOutput: (out) => process.stdout.write(out) });
    say("\nStack outputs:");
    for (const [k, v] of Object.entries(up.outputs)) say(`  ${k}: ${JSON.stringify(v.value)}`);
    await stack.destroy({ onOutput: () => undefined });
    await stack.workspace.removeStack("demo");
  } finally {
    rmSync(backend, { recursive: true, force: true });
    if (!hadStackFile) rmSync(stackFile, { force: true });
  }
}

async function withHost(exampleDir: string): Promise<void> {
  const print = (e: LocalRunEvent) => {
    if (e.type === "registering") say(`  creating ${e.resourceType.replace(/^pulumi-nodejs:dynamic\/hwc-tasks:/, "")} "${e.name}"`);
    else if (e.type === "log") say(`    ${e.line.replace(/^info: \[runtime\] /, "")}`);
    else if (e.type === "outputs") {
      say("\nStack outputs:");
      for (const [k, v] of Object.entries(e.outputs)) say(`  ${k}: ${JSON.stringify(v)}`);
    } else if (e.type === "warning" || e.type === "error") say(`${e.type}: ${e.message}`);
  };
  await runLocally({ program: exampleDir, onEvent: print });
}

async function main(): Promise<void> {
  const root = linkSelf();
  const exampleDir = join(root, "examples", EXAMPLE);
  const emu = await startEmulator({ timeScale: TIME_SCALE, seed: 7 });
  // A reset that takes 75 s of emulator time: about 4 s here.
  emu.nextTask({ service: "kps", durationMs: 75_000, outcome: "success" });
  // The resources that start tasks keep a journal of them (see the README): this demo's goes away with it.
  const journal = mkdtempSync(join(tmpdir(), "hwc-tasks-demo-journal-"));
  const env = { ...emu.env(), HWC_TASKS_JOURNAL_DIR: journal };
  Object.assign(process.env, env);
  say(`Huawei Cloud task-API emulator: ${emu.url} (time x${TIME_SCALE}: a 75 s key-pair reset plays in about 4 s)`);
  say(`Program: examples/${EXAMPLE} (resets server ecs-demo-1's key pair, then waits for the server to be idle)\n`);
  try {
    const cli = findPulumiCli();
    if (cli) await withPulumiCli(exampleDir, env);
    else {
      say("No Pulumi CLI on the PATH: running the program through Pulumi's dynamic-provider host instead (the path the tests use; no state is kept).\n");
      await withHost(exampleDir);
    }
  } finally {
    await emu.close();
    await closeDefaultDispatcher();
    rmSync(journal, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
