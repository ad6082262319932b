/**
 * Proof 3: Pulumi programs, run in their own process under a mock monitor that sends their dynamic resources to the
 * real dynamic-provider host (`local-run`): what `dependsOn` a key-pair reset is registered only after the reset
 * task succeeded; a failing task fails the program with the task's error code (the resource's error, no stack
 * trace); a password never leaves the host; secret stack outputs print as `[secret]`.
 */
import { join } from "node:path";
import { DEFAULT_WORLD } from "../../emulator";
import { useEmulator } from "../helpers/emulator";
import type { LocalRunEvent } from "../../scripts/local-run";
import { runProgram } from "../helpers/local-run";

const ctx = useEmulator({ timeScale: 200, seed: 51, history: 5 });
// A run starts Node, the program and a host: over ten seconds on a busy machine.
jest.setTimeout(120_000);

const run = (program: string, config: Record<string, string>) => runProgram(join(__dirname, "..", "fixtures", "programs", program), config, ctx.emu.env());

describe("a program under a monitor routed to the host", () => {
  it("registers a resource that dependsOn a key-pair reset only after the reset task succeeded", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-program-1", name: "web-1" });
    emu.nextTask({ service: "kps", durationMs: 45_000, outcome: "success" });
    const r = await run("reset-then-deploy", { "fixture:serverId": "srv-program-1", "fixture:keypairName": "KeyPair-rotated" });
    expect(r.code).toBe(0);
    const outputs = r.events.find((e) => e.type === "outputs");
    expect(outputs).toMatchObject({ outputs: { status: "SUCCESS_RESET", operation: "RESET", serverIdle: true } });
    const taskId = String((outputs as { outputs: Record<string, unknown> }).outputs["taskId"]);
    const task = emu.task("kps", taskId);
    expect(task).toMatchObject({ name: "RESET", scope: "srv-program-1", status: "SUCCESS_RESET" });
    const regs = r.events.filter((e): e is Extract<LocalRunEvent, { type: "registering" }> => e.type === "registering");
    const app = regs.find((e) => e.name === "deploy-app");
    const reset = regs.find((e) => e.name === "reset");
    expect(app?.dependencies).toEqual(expect.arrayContaining([expect.stringMatching(/KpsKeypairAssociation::reset$/), expect.stringMatching(/TaskGate::server-idle$/)]));
    // The app was registered only once the reset task had ended, on the emulator's clock.
    expect(reset?.at).toBeLessThan(task?.finishAt ?? 0);
    expect(app?.at).toBeGreaterThanOrEqual(task?.finishAt ?? Infinity);
    // Progress reached the deployment log.
    expect(r.events.some((e) => e.type === "log" && /SUCCESS_RESET after \d+ s/.test(e.line))).toBe(true);
  });

  it("fails the program with the task's error code when the reset fails, and creates nothing after it", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-program-2" });
    emu.nextTask({ service: "kps", durationMs: 20_000, outcome: "failure", errorCode: "KPS.2010", errorMsg: "Failed to inject the key pair" });
    const r = await run("reset-then-deploy", { "fixture:serverId": "srv-program-2", "fixture:keypairName": "KeyPair-demo" });
    expect(r.code).toBe(1);
    const error = r.events.find((e) => e.type === "error");
    // The resource's own error, not the SDK's wrapping of it (nor that of the app whose input it was).
    expect(error).toMatchObject({
      message: expect.stringMatching(/^KpsKeypairAssociation "reset": kps task [0-9a-f-]{36} failed with status FAILED_RESET KPS\.2010: Failed to inject the key pair \(request id [0-9a-f]{32}\)$/),
    });
    // ... and no Node stack trace of the harness.
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/node_modules|local-run\.js/);
    expect(r.events.some((e) => e.type === "registering" && e.name === "deploy-app")).toBe(false);
    expect(r.events.some((e) => e.type === "outputs")).toBe(false);
  });

  it("keeps a password login out of the outputs and the logs", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-program-3", status: "ACTIVE" });
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "success" });
    const r = await run("bind-with-password", { "fixture:serverId": "srv-program-3", "fixture:keypairName": "KeyPair-demo", "fixture:password": "Pr0gram-Secret!" });
    expect(r.code).toBe(0);
    expect(r.events.find((e) => e.type === "outputs")).toMatchObject({ outputs: { operation: "BIND", status: "SUCCESS_BIND" } });
    expect(JSON.stringify(r.events)).not.toContain("Pr0gram-Secret!");
    expect(r.stderr).not.toContain("Pr0gram-Secret!");
  });

  it("prints [secret] for every secret stack output, and no secret value anywhere", async () => {
    const r = await run("secret-outputs", { "fixture:instanceId": DEFAULT_WORLD.rocketmqInstances[1].id, "fixture:trigger": "Tr1gger-Secret-Value" });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ idle: true, token: "[secret]", nested: "[secret]", triggers: "[secret]", scope: "[secret]" });
    for (const value of ["Plain-Secret-Value", "Nested-Secret-Value", "Tr1gger-Secret-Value"]) {
      expect(r.stdout).not.toContain(value);
      expect(r.stderr).not.toContain(value);
    }
  });
});

describe("a stack config shared with the bridged huaweicloud provider", () => {
  it("runs with other services' keys in huaweicloud:endpoints, and warns once about a misspelt huaweicloud:* key", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-program-4" });
    emu.nextTask({ service: "kps", durationMs: 10_000, outcome: "success" });
    const r = await run("reset-then-deploy", {
      "fixture:serverId": "srv-program-4",
      "fixture:keypairName": "KeyPair-demo",
      "huaweicloud:endpoints": JSON.stringify({ ecs: "https://ecs.cn-north-4.myhuaweicloud.com", vpc: "https://vpc.internal.example", obs: "https://obs.internal.example" }),
      "huaweicloud:enterpriseProjectId": "0",
      "huaweicloud:regoin": "cn-north-4",
    });
    expect(r.code).toBe(0);
    expect(r.events.find((e) => e.type === "outputs")).toMatchObject({ outputs: { status: "SUCCESS_RESET", serverIdle: true } });
    // Two resources were constructed: one warning, naming the closest key; the bridged provider's keys are not warned about.
    const warnings = r.stderr.split("\n").filter((l) => l.includes("config key huaweicloud:"));
    expect(warnings).toEqual([
      "warning: [runtime] config key huaweicloud:regoin is not a setting of pulumi-hwc-tasks nor of the huaweicloud provider, so it is ignored; did you mean huaweicloud:region?",
    ]);
  });
});
