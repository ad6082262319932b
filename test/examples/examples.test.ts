/**
 * Every example program, run against the emulator through the dynamic-provider host path (`local-run`), as
 * `npm run demo` runs it when no Pulumi CLI is installed.
 */
import { join } from "node:path";
import { DEFAULT_WORLD, type TaskView } from "../../emulator";
import { ecsBatchServerAction } from "../../provider/endpoints";
import { TaskApiClient } from "../../provider/http/client";
import { resolveSettings } from "../../provider/settings";
import { useEmulator } from "../helpers/emulator";
import { runProgram, type RunOptions } from "../helpers/local-run";

const ctx = useEmulator({ timeScale: 100, seed: 81, history: 5 });
// A run starts Node, the program and a host: over ten seconds each on a busy machine, and a case may run two.
jest.setTimeout(120_000);
const root = join(__dirname, "..", "..");

const runExample = (name: string, config: Record<string, string> = {}, options: RunOptions = {}) => runProgram(join(root, "examples", name), config, ctx.emu.env(), options);

describe("examples", () => {
  it("kps-keypair-reset: resets the key pair, continues only after the task succeeded", async () => {
    const emu = ctx.emu;
    emu.nextTask({ service: "kps", durationMs: 50_000, outcome: "success" });
    const r = await runExample("kps-keypair-reset");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ resetStatus: "SUCCESS_RESET", operation: "RESET", polls: expect.any(Number), resetSeconds: expect.any(Number) });
    const task = emu.task("kps", String(r.outputs["resetTaskId"]));
    expect(task).toMatchObject({ scope: DEFAULT_WORLD.servers[0].id, status: "SUCCESS_RESET" });
    expect(Date.parse(String(r.outputs["serverIdleAt"]))).toBeGreaterThanOrEqual(task?.finishAt ?? Infinity);
    const statuses = r.events.filter((e) => e.type === "log").map((e) => (e as { line: string }).line).join("\n");
    expect(statuses).toMatch(/SUCCESS_RESET after \d+ s/);
  });

  it("gate-rocketmq: holds the deployment while the instance has tasks running", async () => {
    const emu = ctx.emu;
    const instanceId = DEFAULT_WORLD.rocketmqInstances[0].id;
    // Started once the run's host is up (starting Node and Pulumi takes minutes of emulator time, more on a busy
    // machine), and long enough to still run when the program's gate first looks.
    const running: TaskView[] = [];
    const start = () =>
      running.push(
        emu.createTask({ service: "rocketmq", name: "restart", scope: instanceId, durationMs: 480_000, outcome: "success" }),
        emu.createTask({ service: "rocketmq", name: "bindInstancePublicIp", scope: instanceId, durationMs: 360_000, outcome: "success" }),
      );
    const r = await runExample("gate-rocketmq", {}, { onEvent: (e) => void (e.type === "host" && start()) });
    expect(running).toHaveLength(2);
    expect(r.code).toBe(0);
    expect(Date.parse(String(r.outputs["idleSince"]))).toBeGreaterThanOrEqual(Math.max(...running.map((t) => t.finishAt)));
    expect(r.outputs["gatePolls"]).toBeGreaterThanOrEqual(2);
    expect(r.outputs["lastTasks"]).toEqual(expect.arrayContaining([expect.stringMatching(/^restart SUCCESS /)]));
  });

  it("read-task-state: exports DCS and CSMS summaries", async () => {
    const emu = ctx.emu;
    emu.createTask({ service: "dcs", name: "EXTEND", durationMs: 3_600_000 });
    emu.createTask({ service: "csms", scope: "api-token", durationMs: 1000, outcome: "failure", errorCode: "CSMS.0601", errorMsg: "The rotation function returned an error", startInMs: -60_000 });
    const r = await runExample("read-task-state", { "read-task-state:days": "3" });
    expect(r.code).toBe(0);
    const dcs = r.outputs["dcsSummary"] as { tasks: number; byPhase: Record<string, number>; inProgress: string[] };
    expect(dcs.tasks).toBe(emu.tasks("dcs").filter((t) => t.createdAt >= emu.clock.now() - 3 * 86_400_000 - 600_000).length);
    expect(dcs.inProgress.some((s) => s.startsWith("EXTEND "))).toBe(true);
    const csms = r.outputs["csmsSummary"] as { secret: string; rotations: number; failedAcrossSecrets: string[] };
    expect(csms.secret).toBe("db-password");
    expect(csms.rotations).toBe(emu.tasks("csms").filter((t) => t.scope === "db-password").length);
    expect(csms.failedAcrossSecrets).toContain("api-token: CSMS.0601 The rotation function returned an error");
  });

  it("csms-rotation: rotates the secret and awaits the rotation; a failed rotation fails the deployment", async () => {
    const emu = ctx.emu;
    emu.nextTask({ service: "csms", durationMs: 20_000, outcome: "success" });
    const ok = await runExample("csms-rotation");
    expect(ok.code).toBe(0);
    expect(ok.outputs).toMatchObject({ rotationStatus: "SUCCESS", rotationFunction: expect.stringMatching(/^urn:fss:/) });
    expect(emu.task("csms", String(ok.outputs["rotationTaskId"]))).toMatchObject({ scope: "db-password", status: "SUCCESS" });
    emu.nextTask({ service: "csms", durationMs: 20_000, outcome: "failure", errorCode: "CSMS.0602", errorMsg: "The rotation function timed out" });
    const bad = await runExample("csms-rotation", { "csms-rotation:rotation": "2" });
    expect(bad.code).toBe(1);
    expect(bad.events.find((e) => e.type === "error")).toMatchObject({ message: expect.stringMatching(/FAILED CSMS\.0602: The rotation function timed out/) });
  });

  it("ecs-job-wait: awaits a batch stop started through ECS's route, then resets the stopped server's key pair", async () => {
    const emu = ctx.emu;
    const client = new TaskApiClient({ settings: resolveSettings(emu.settings()) });
    const stop = async (serverId: string, spec: { outcome: "success" | "failure"; errorCode?: string; errorMsg?: string }) => {
      emu.addServer({ id: serverId, name: serverId, status: "ACTIVE", keypairName: "KeyPair-demo" });
      // Long enough (8 min of emulator time, about 5 s real) to be still running when the program's waiter looks.
      emu.nextTask({ service: "ecs", durationMs: 480_000, ...spec });
      return (await client.call(ecsBatchServerAction, { body: { "os-stop": { type: "SOFT", servers: [{ id: serverId }] } } })).data.job_id;
    };

    const jobId = await stop("srv-example-stop", { outcome: "success" });
    emu.nextTask({ service: "kps", durationMs: 40_000, outcome: "success" });
    const r = await runExample("ecs-job-wait", { stopJobId: jobId, serverId: "srv-example-stop" });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ stopStatus: "SUCCESS", stoppedServers: ["srv-example-stop"], subJobs: ["stopServer srv-example-stop SUCCESS"], resetStatus: "SUCCESS_RESET" });
    expect(r.outputs["polls"]).toBeGreaterThanOrEqual(1);
    // The reset started only after the stop ended (KPS refuses to reset a running server).
    const associate = emu.requests({ operation: "AssociateKeypair" }).at(-1);
    expect(associate?.status).toBe(202);
    expect(emu.task("ecs", jobId)?.finishAt).toBeLessThanOrEqual(emu.tasks("kps").find((t) => t.scope === "srv-example-stop")?.createdAt ?? 0);

    const failing = await stop("srv-example-stuck", { outcome: "failure", errorCode: "Ecs.0001", errorMsg: "The server failed to change state" });
    emu.clearRequests();
    const bad = await runExample("ecs-job-wait", { stopJobId: failing, serverId: "srv-example-stuck" });
    expect(bad.code).toBe(1);
    expect(bad.events.find((e) => e.type === "error")).toMatchObject({
      message: expect.stringMatching(/ecs job [0-9a-f]{32} failed with status FAIL Ecs\.0001: sub-job [0-9a-f]{32} \(stopServer of server srv-example-stuck\) failed: Ecs\.0001 The server failed to change state/),
    });
    expect(emu.requests({ operation: "AssociateKeypair" })).toEqual([]);
  });
});
