/**
 * Abort and interruption. An aborted wait (or read) stops within 1 s wherever it is, sleeping between looks,
 * mid-request, in a retry backoff or behind a closed throttle gate, with no timer left behind; a waiter sharing a
 * poll with others stops alone. Killing the real dynamic-provider host (SIGKILL) in the middle of a Create and
 * running Create again in a new host completes the wait; a key-pair reset is then adopted, not started again, whether
 * it still runs or has already finished.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_WORLD, type Emulator, type TaskView } from "../../emulator";
import {
  AbortError,
  KpsKeypairAssociation,
  KpsTaskWaiter,
  getDcsTasks,
  waitForCsmsTask,
  waitForDcsTask,
  waitForIdle,
  waitForKpsTask,
  waitForRocketMqTask,
  type WaitOptions,
} from "../../provider";
import { useEmulator } from "../helpers/emulator";
import { captureRegistrations, startHost, type Host } from "../helpers/host";
import { drain, settle, settledTimeouts, statuses, trackTimers, until } from "../helpers/reliability";

const rmq = DEFAULT_WORLD.rocketmqInstances[0].id;
const repo = join(__dirname, "..", "..");

/** Settles `promise`, or says it was still running 1 s after `abortedAt` fired (an ordering race, not a timing). */
async function settledWithinASecond(promise: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("still running 1 s after the abort"), 1000);
  });
  try {
    return await Promise.race([promise.then((v) => ({ resolved: v }), (e: unknown) => e), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe("abort", () => {
  // Real time (scale 1): the waits sleep whole seconds between looks, so an abort lands mid-sleep.
  const ctx = useEmulator({ timeScale: 1, seed: 111, history: 3 });
  const opts = (signal: AbortSignal, extra: Partial<WaitOptions> = {}): WaitOptions => ({
    ...ctx.emu.settings(),
    sources: { env: {} },
    clock: ctx.emu.clock,
    signal,
    ...extra,
  });
  afterEach(() => ctx.emu.clearFaults());

  interface AbortCase {
    name: string;
    /** Starts the call with the signal; sets any fault first. */
    start: (emu: Emulator, signal: AbortSignal) => Promise<unknown>;
    /** When to abort: once this holds. */
    abortWhen: (emu: Emulator) => boolean;
  }
  const hour = 3_600_000;
  const seen = (op: string, n = 1) => (emu: Emulator) => emu.requests({ operation: op }).length >= n;

  const cases: AbortCase[] = [
    {
      name: "waitForKpsTask, sleeping between looks",
      start: (emu, signal) => {
        emu.addServer({ id: "srv-abort-1" });
        const t = emu.createTask({ service: "kps", name: "RESET", scope: "srv-abort-1", durationMs: hour });
        return waitForKpsTask({ taskId: t.id }, opts(signal));
      },
      abortWhen: seen("ListRunningTask"),
    },
    {
      name: "waitForCsmsTask, sleeping between looks",
      start: (emu, signal) => {
        const t = emu.createTask({ service: "csms", scope: "api-token", durationMs: hour });
        return waitForCsmsTask({ taskId: t.id }, opts(signal));
      },
      abortWhen: seen("ListSecretTask"),
    },
    {
      name: "waitForDcsTask, sleeping between looks",
      start: (emu, signal) => {
        const t = emu.createTask({ service: "dcs", name: "EXTEND", durationMs: hour });
        return waitForDcsTask({ taskId: t.id }, opts(signal));
      },
      abortWhen: seen("ListCenterTask"),
    },
    {
      name: "waitForRocketMqTask, sleeping between looks",
      start: (emu, signal) => {
        const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: hour });
        return waitForRocketMqTask({ instanceId: rmq, taskId: t.id }, opts(signal));
      },
      abortWhen: seen("ListBackgroundTasks"),
    },
    {
      name: "waitForIdle, sleeping between looks",
      start: (emu, signal) => {
        emu.addInstance("rocketmq", "abort-idle-instance");
        emu.createTask({ service: "rocketmq", name: "restart", scope: "abort-idle-instance", durationMs: hour });
        return waitForIdle({ service: "rocketmq", instanceId: "abort-idle-instance" }, opts(signal));
      },
      abortWhen: seen("ListBackgroundTasks"),
    },
    {
      name: "waitForKpsTask, mid-request (an answer that never comes)",
      start: (emu, signal) => {
        emu.addServer({ id: "srv-abort-2" });
        const t = emu.createTask({ service: "kps", name: "RESET", scope: "srv-abort-2", durationMs: hour });
        // A lone wait's first look is the running list (it carries the task's age).
        emu.fault({ fault: { kind: "hang" }, match: { operation: "ListRunningTask" }, count: 1 });
        return waitForKpsTask({ taskId: t.id }, opts(signal));
      },
      abortWhen: (emu) => emu.requests({ operation: "ListRunningTask" }).some((r) => r.status === -1),
    },
    {
      name: "waitForRocketMqTask, in a retry backoff (503s)",
      start: (emu, signal) => {
        const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: hour });
        emu.fault({ fault: { kind: "status", status: 503 }, match: { operation: "ListBackgroundTasks" }, count: 100 });
        return waitForRocketMqTask({ instanceId: rmq, taskId: t.id }, opts(signal));
      },
      abortWhen: (emu) => statuses(emu, "ListBackgroundTasks").includes(503),
    },
    {
      name: "waitForDcsTask, behind a closed throttle gate (429s)",
      start: (emu, signal) => {
        const t = emu.createTask({ service: "dcs", name: "EXTEND", durationMs: hour });
        emu.fault({ fault: { kind: "throttle" }, match: { operation: "ListCenterTask" }, count: 100 });
        return waitForDcsTask({ taskId: t.id }, opts(signal));
      },
      abortWhen: (emu) => statuses(emu, "ListCenterTask").includes(429),
    },
    {
      name: "getDcsTasks, mid-request (an answer that never comes)",
      start: (emu, signal) => {
        emu.fault({ fault: { kind: "hang" }, match: { operation: "ListCenterTask" }, count: 1 });
        const { clock: _c, ...rest } = opts(signal);
        return getDcsTasks({}, rest);
      },
      abortWhen: (emu) => emu.requests({ operation: "ListCenterTask" }).some((r) => r.status === -1),
    },
  ];

  it.each(cases)("$name: AbortError within 1 s, no timer left behind", async ({ start, abortWhen }) => {
    const emu = ctx.emu;
    emu.clearRequests();
    const baseline = await settledTimeouts();
    const timers = trackTimers();
    const controller = new AbortController();
    const call = start(emu, controller.signal);
    call.catch(() => undefined);
    await until(() => abortWhen(emu), "the moment to abort");
    controller.abort();
    const outcome = await settledWithinASecond(call);
    expect(outcome).toBeInstanceOf(AbortError);
    await drain();
    timers.stop();
    // No timer the call created is still armed, and the process has no more timers than before it.
    expect(timers.leftBehind()).toEqual([]);
    expect(await settledTimeouts()).toBeLessThanOrEqual(baseline);
    // Nothing is sent after the abort has settled.
    const sent = emu.requests().length;
    await new Promise<void>((r) => setTimeout(r, 50));
    expect(emu.requests().length).toBe(sent);
  });

  it("a signal aborted before the call: AbortError, no request at all", async () => {
    const emu = ctx.emu;
    emu.clearRequests();
    const t = emu.createTask({ service: "rocketmq", name: "restart", scope: rmq, durationMs: hour });
    await expect(waitForRocketMqTask({ instanceId: rmq, taskId: t.id }, opts(AbortSignal.abort()))).rejects.toBeInstanceOf(AbortError);
    expect(emu.requests()).toEqual([]);
  });

  it("control: the timer checks see a timer left behind", async () => {
    const baseline = await settledTimeouts();
    const timers = trackTimers();
    const leaked = setTimeout(() => undefined, 60_000);
    timers.stop();
    try {
      expect(timers.leftBehind()).toHaveLength(1);
      expect(await settledTimeouts()).toBe(baseline + 1);
    } finally {
      clearTimeout(leaked);
    }
    expect(await settledTimeouts()).toBe(baseline);
  });
});

describe("abort while sharing", () => {
  const ctx = useEmulator({ timeScale: 100, seed: 112, history: 3 });

  it("one of three waiters sharing a poll is aborted: it stops alone, the others finish", async () => {
    const emu = ctx.emu;
    const instance = "abort-shared-instance";
    emu.addInstance("rocketmq", instance);
    const tasks = [0, 1, 2].map((i) => emu.createTask({ service: "rocketmq", name: "restart", scope: instance, durationMs: 60_000 + i * 20_000, outcome: "success" }));
    const controller = new AbortController();
    const opts = (signal?: AbortSignal): WaitOptions => ({ ...emu.settings(), sources: { env: {} }, clock: emu.clock, timeout: "1h", ...(signal ? { signal } : {}) });
    const waits = tasks.map((t, i) => settle(waitForRocketMqTask({ instanceId: instance, taskId: t.id }, opts(i === 0 ? controller.signal : undefined))));
    await until(() => emu.requests({ operation: "ListBackgroundTasks" }).length >= 1, "the first shared look");
    controller.abort();
    const [first, second, third] = await Promise.all(waits);
    expect(first).toEqual({ ok: false, error: expect.any(AbortError) });
    expect(second).toMatchObject({ ok: true, value: { id: tasks[1]?.id, status: "SUCCESS" } });
    expect(third).toMatchObject({ ok: true, value: { id: tasks[2]?.id, status: "SUCCESS" } });
    // The other two kept sharing one list call per look after the abort.
    expect(emu.requests({ operation: "ListBackgroundTasks" }).length).toBeLessThan(20);
  });
});

describe("killing the dynamic-provider host mid-create", () => {
  const ctx = useEmulator({ timeScale: 100, seed: 121, history: 3 });
  const hosts: Host[] = [];
  let quiet: jest.SpyInstance | undefined;
  beforeAll(() => {
    quiet = jest.spyOn(console, "log").mockImplementation(() => undefined);
  });
  afterAll(async () => {
    quiet?.mockRestore();
    await Promise.all(hosts.map((h) => h.kill()));
  });

  /** A host configured like the engine would: environment for the clock, stack config for the rest. */
  async function host(): Promise<Host> {
    const s = ctx.emu.settings();
    const h = await startHost(repo, { HWC_TASKS_CLOCK: ctx.emu.clock.spec() });
    hosts.push(h);
    await h.configure({
      "huaweicloud:region": s.region,
      "huaweicloud:projectId": s.projectId,
      "huaweicloud:accessKey": s.accessKey,
      "huaweicloud:secretKey": s.secretKey,
      "huaweicloud:endpoints": JSON.stringify({ kms: s.endpoint, dcs: s.endpoint, dms: s.endpoint, iam: s.endpoint }),
    });
    return h;
  }

  async function killRudely(h: Host): Promise<void> {
    const exited = new Promise((r) => h.child.once("exit", r));
    h.child.kill("SIGKILL");
    await exited;
    await h.kill();
  }

  /** The inputs a resource registers, with the `__provider` the SDK serialized (what the engine sends Create). */
  async function registered(build: () => pulumi.Resource): Promise<Record<string, unknown>> {
    const [inputs] = [...(await captureRegistrations(() => [build()])).values()];
    return Object.fromEntries(Object.entries(inputs ?? {}).filter(([, v]) => v !== undefined && v !== null));
  }

  const urn = (type: string) => `urn:pulumi:test::hwc-tasks-test::pulumi-nodejs:dynamic/hwc-tasks:${type}::interrupted`;

  it("KpsTaskWaiter: Create again in a new host completes the wait when the task finishes", async () => {
    const emu = ctx.emu;
    emu.addServer({ id: "srv-kill-1" });
    // An hour-long task, so that it still runs when the host is killed however slow the machine; then the clock
    // jumps to 20 s before its end, for the second host to wait on.
    const task = emu.createTask({ service: "kps", name: "RESET", scope: "srv-kill-1", durationMs: 3_600_000, outcome: "success" });
    const inputs = await registered(() => new KpsTaskWaiter("interrupted", { taskId: task.id, timeout: "2h" }));
    const first = await host();
    const interrupted = first.create(urn("KpsTaskWaiter"), inputs).catch((e: unknown) => e);
    await until(() => emu.requests({ operation: "ListKeypairTask" }).length >= 1, "the first host to be waiting");
    await killRudely(first);
    expect(await interrupted).toMatchObject({ code: expect.any(Number) });
    expect(emu.task("kps", task.id)?.status).toMatch(/^(READY|RUNNING)_RESET$/);
    emu.clock.advance(task.finishAt - emu.clock.now() - 20_000);

    const second = await host();
    const created = await second.create(urn("KpsTaskWaiter"), inputs);
    expect(created.id).toBe(task.id);
    expect(created.properties).toMatchObject({ taskId: task.id, status: "SUCCESS_RESET", phase: "succeeded", operation: "RESET" });
    expect(Date.parse(String(created.properties["finishedAt"]))).toBeGreaterThanOrEqual(task.finishAt);
  });

  /**
   * Starts an hour-long reset in a host and kills the host once the reset's task is being awaited (the task still
   * runs then, however slow the machine); returns the task.
   */
  async function interruptedReset(serverId: string): Promise<{ inputs: Record<string, unknown>; task: TaskView }> {
    const emu = ctx.emu;
    emu.addServer({ id: serverId });
    emu.nextTask({ service: "kps", durationMs: 3_600_000, outcome: "success" });
    emu.clearRequests();
    const inputs = await registered(() => new KpsKeypairAssociation("interrupted", { keypairName: "KeyPair-rotated", serverId, timeout: "2h" }));
    const first = await host();
    const interrupted = first.create(urn("KpsKeypairAssociation"), inputs).catch((e: unknown) => e);
    const task = () => emu.tasks("kps").find((t) => t.scope === serverId);
    await until(() => emu.requests({ operation: "ListKeypairTask" }).some((r) => r.params["task_id"] === task()?.id), "the first host to be awaiting the reset");
    await killRudely(first);
    expect(await interrupted).toMatchObject({ code: expect.any(Number) });
    const started = emu.tasks("kps").filter((t) => t.scope === serverId);
    expect(started).toHaveLength(1);
    return { inputs, task: started[0] as TaskView };
  }

  it("KpsKeypairAssociation: Create again adopts the reset the killed host started (still running) instead of starting another", async () => {
    const emu = ctx.emu;
    const { inputs, task } = await interruptedReset("srv-kill-2");
    expect(emu.task("kps", task.id)?.status).toMatch(/^(READY|RUNNING)_RESET$/);
    // 10 minutes before its end (6 s here): still running when the second host looks, however slow it starts.
    emu.clock.advance(task.finishAt - emu.clock.now() - 600_000);
    const second = await host();
    const created = await second.create(urn("KpsKeypairAssociation"), inputs);
    expect(created.properties).toMatchObject({ taskId: task.id, status: "SUCCESS_RESET", operation: "RESET", keypairName: "KeyPair-rotated", adopted: true });
    expect(Date.parse(String(created.properties["finishedAt"]))).toBeGreaterThanOrEqual(task.finishAt);
    // One task, one start: the second Create found the task in its journal and awaited it.
    expect(emu.tasks("kps").filter((t) => t.scope === "srv-kill-2")).toHaveLength(1);
    expect(statuses(emu, "AssociateKeypair")).toEqual([202]);
    expect(second.output()).toMatch(new RegExp(`adopting task ${task.id}, which an earlier run of this resource started and is still running; starting no other`));
  });

  it("KpsKeypairAssociation: Create again adopts the reset the killed host started even when it has already finished", async () => {
    const emu = ctx.emu;
    const { inputs, task } = await interruptedReset("srv-kill-3");
    emu.clock.advance(task.finishAt - emu.clock.now() + 60_000);
    expect(emu.task("kps", task.id)?.status).toBe("SUCCESS_RESET");
    // KPS no longer lists it (running-tasks shows tasks in progress only): the journal is what remembers it.
    const second = await host();
    const created = await second.create(urn("KpsKeypairAssociation"), inputs);
    expect(created.properties).toMatchObject({ taskId: task.id, status: "SUCCESS_RESET", operation: "RESET", adopted: true });
    expect(emu.tasks("kps").filter((t) => t.scope === "srv-kill-3")).toHaveLength(1);
    expect(statuses(emu, "AssociateKeypair")).toEqual([202]);
    expect(second.output()).toMatch(new RegExp(`adopting task ${task.id}, which an earlier run of this resource started \\d+ (s|min) ago and which succeeded; starting no other`));
  });
});
