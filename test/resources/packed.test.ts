/**
 * Proof 5: `npm pack` the package, install the tarball into a fresh project outside this repository, serialize a
 * resource's provider there with the SDK, and drive the real host from that project: the serialized
 * `require("pulumi-hwc-tasks/host")` resolves the installed package (nothing else is reachable from there).
 *
 * Offline by construction: the tarball is installed from disk, and its dependencies are linked to the copies this
 * repository already installed (`file:` specs), so npm needs no registry and no warm cache.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { useEmulator } from "../helpers/emulator";
import { startHost, type Host } from "../helpers/host";

const run = promisify(execFile);
const repo = join(__dirname, "..", "..");
const ctx = useEmulator({ timeScale: 200, seed: 71 });
let work: string;
let consumer: string;
let host: Host | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hwc-tasks-pack-"));
  consumer = join(work, "consumer");
  // npm keeps its cache and logs in the work directory, not in the user's home.
  await run("npm", ["pack", "--ignore-scripts", "--pack-destination", work, "--cache", join(work, "npm-cache")], { cwd: repo });
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack produced no tarball");
  await run("mkdir", ["-p", consumer]);
  const dep = (name: string) => `file:${join(repo, "node_modules", name)}`;
  writeFileSync(
    join(consumer, "package.json"),
    JSON.stringify({
      name: "consumer",
      version: "1.0.0",
      private: true,
      dependencies: { "pulumi-hwc-tasks": `file:${join(work, tarball)}`, "@pulumi/pulumi": dep("@pulumi/pulumi"), undici: dep("undici"), zod: dep("zod") },
      devDependencies: { typescript: dep("typescript") },
    }),
  );
  await run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--cache", join(work, "npm-cache")], { cwd: consumer });
}, 120_000);

afterAll(async () => {
  await host?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe("the packed package, installed in a fresh project", () => {
  it("is a real installed copy with its own entry points", async () => {
    const { stdout } = await run(process.execPath, ["-e", 'for (const m of ["pulumi-hwc-tasks", "pulumi-hwc-tasks/host", "pulumi-hwc-tasks/emulator"]) console.log(require.resolve(m))'], { cwd: consumer });
    const paths = stdout.trim().split("\n");
    expect(paths).toHaveLength(3);
    for (const p of paths) expect(p.startsWith(join(consumer, "node_modules", "pulumi-hwc-tasks", "dist"))).toBe(true);
  });

  it("serializes a provider there that the real host resolves to the installed package, for the whole cycle", async () => {
    const emu = ctx.emu;
    // Serialize with the SDK inside the consumer project, using the installed package.
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const { KpsTaskWaiter } = require("pulumi-hwc-tasks");
      pulumi.runtime.setMocks({ newResource: (a) => { process.stdout.write(JSON.stringify(a.inputs)); return { id: "x", state: a.inputs }; }, call: (a) => a.inputs }, "consumer", "dev", false);
      new KpsTaskWaiter("reset", { taskId: process.argv[1], timeout: "10m" });
    `;
    const t = emu.createTask({ service: "kps", name: "RESET", durationMs: 20_000, outcome: "success", scope: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006" });
    const { stdout } = await run(process.execPath, ["-e", script, t.id], { cwd: consumer });
    const inputs = JSON.parse(stdout) as Record<string, unknown>;
    expect(String(inputs["__provider"])).toContain('require("pulumi-hwc-tasks/host")');

    host = await startHost(consumer, { ...emu.env() }, join(consumer, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js"));
    await host.configure({});
    const checked = await host.check({}, inputs);
    expect(checked.failures).toEqual([]);
    const urn = "urn:pulumi:dev::consumer::pulumi-nodejs:dynamic/hwc-tasks:KpsTaskWaiter::reset";
    const created = await host.create(urn, checked.inputs);
    expect(created).toMatchObject({ id: t.id, properties: { taskId: t.id, status: "SUCCESS_RESET", phase: "succeeded" } });
    expect(await host.diff(t.id, created.properties, checked.inputs)).toEqual({ changes: 1, replaces: [] });
    expect((await host.read(urn, t.id, created.properties)).properties).toMatchObject({ status: "SUCCESS_RESET" });
    expect((await host.update(urn, t.id, created.properties, { ...checked.inputs, timeout: "20m" })).properties).toMatchObject({ timeout: "20m", status: "SUCCESS_RESET" });
    await host.delete(urn, t.id, created.properties);
  });
});

describe("the packed package's commands, from the installed copy", () => {
  it("ships the LICENSE package.json names", () => {
    const license = readFileSync(join(consumer, "node_modules", "pulumi-hwc-tasks", "LICENSE"), "utf8");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });

  it("hwc-tasks-local-run runs a TypeScript program of the project against the emulator", async () => {
    const emu = ctx.emu;
    const program = join(consumer, "stack");
    mkdirSync(program, { recursive: true });
    writeFileSync(join(program, "Pulumi.yaml"), "name: consumer-stack\nruntime: nodejs\n");
    writeFileSync(
      join(program, "index.ts"),
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import { KpsTaskWaiter } from "pulumi-hwc-tasks";',
        "const taskId: string = new pulumi.Config().require(\"taskId\");",
        'const waiter = new KpsTaskWaiter("reset", { taskId });',
        "export const status = waiter.status;",
        "",
      ].join("\n"),
    );
    const t = emu.createTask({ service: "kps", name: "RESET", durationMs: 5_000, outcome: "success", scope: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006" });
    const bin = join(consumer, "node_modules", ".bin", "hwc-tasks-local-run");
    const { stdout } = await run(bin, ["stack", "--json", "--config", `taskId=${t.id}`], {
      cwd: consumer,
      env: { PATH: process.env["PATH"], HOME: process.env["HOME"], ...emu.env() },
    });
    const events = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { type: string; outputs?: unknown });
    expect(events.find((e) => e.type === "outputs")).toEqual({ type: "outputs", outputs: { status: "SUCCESS_RESET" } });
    // It ran from the installed copy, and linked nothing into it.
    expect(existsSync(join(consumer, "node_modules", "pulumi-hwc-tasks", "node_modules"))).toBe(false);
  });

  it("hwc-tasks-emulator prints its help from the installed copy", async () => {
    const { stdout } = await run(join(consumer, "node_modules", ".bin", "hwc-tasks-emulator"), ["--help"], { cwd: consumer });
    expect(stdout).toContain("--print-env");
  });
});
