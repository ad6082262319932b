/**
 * Load: 1,000 concurrent waiters in one process on the emulator, a quarter per service (KPS resets on 250 servers,
 * CSMS rotations of 10 secrets, DCS task-center tasks, RocketMQ tasks of 5 instances), 5 % of the tasks failing.
 * Every waiter must end with its own task: success, or `TaskFailedError` with the task's error code (where the
 * service shows one). Reported:
 * API calls (by operation), wall time, virtual time, and peak RSS / heap (`process.memoryUsage()` sampled every
 * 20 ms). The reliability suite runs the same scenario with sanity bounds (`test/reliability/load.test.ts`).
 * @module
 */
import { startEmulator, type TaskView } from "../emulator";
import type { GateServiceName as TaskService } from "../provider";
import {
  awaitTaskById,
  closeDefaultDispatcher,
  TaskFailedError,
  type WaitOptions,
} from "../provider";
import { currentRuntime } from "../provider/runtime";
import { fmt, table } from "./stats";

/** How to load. */
export interface LoadOptions {
  /** Concurrent waiters, split evenly over the four services. @default 1000 */
  waiters?: number;
  /** Virtual ms per real ms. @default 100 */
  timeScale?: number;
  seed?: number;
  /** Every n-th task fails. @default 20 (5 %) */
  failEvery?: number;
}

/** What a load run measured. */
export interface LoadResult {
  waiters: number;
  /** Tasks the emulator was told to fail. */
  failing: number;
  succeeded: number;
  /** Failed tasks reported as `TaskFailedError` with their own id and error code (as they must be). */
  failedAsExpected: number;
  /** Outcomes that were not the task's own (wrong task, wrong error, timeout, crash): must be 0. */
  wrong: string[];
  apiCalls: number;
  callsByOperation: Record<string, number>;
  wallMs: number;
  virtualMinutes: number;
  baselineRssMb: number;
  peakRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
}

const MB = 1024 * 1024;

interface Planned {
  service: TaskService;
  task: TaskView;
  instanceId?: string;
}

/** Creates the tasks: a quarter per service, durations 30 s .. 128 s, every `failEvery`-th one failing. */
function plan(emu: Awaited<ReturnType<typeof startEmulator>>, waiters: number, failEvery: number): Planned[] {
  const services: TaskService[] = ["kps", "csms", "dcs", "rocketmq"];
  const secrets = Array.from({ length: 10 }, (_, i) => `load-secret-${i}`);
  const instances = Array.from({ length: 5 }, (_, i) => `load-instance-${i}`);
  for (const s of secrets) emu.addSecret(s);
  for (const i of instances) emu.addInstance("rocketmq", i);
  const out: Planned[] = [];
  for (let i = 0; i < waiters; i += 1) {
    const service = services[i % 4] as TaskService;
    const n = Math.floor(i / 4);
    const durationMs = 30_000 + (n % 50) * 2_000;
    const outcome = n % failEvery === failEvery - 1 ? "failure" : "success";
    const errorCode = outcome === "failure" ? `LOAD.${String(i).padStart(4, "0")}` : undefined;
    const common = { durationMs, outcome, ...(errorCode ? { errorCode, errorMsg: `load failure ${i}` } : {}) } as const;
    if (service === "kps") {
      const server = `load-srv-${n}`;
      emu.addServer({ id: server });
      out.push({ service, task: emu.createTask({ service, name: "RESET", scope: server, ...common }) });
    } else if (service === "csms") {
      out.push({ service, task: emu.createTask({ service, scope: secrets[n % secrets.length] as string, ...common }) });
    } else if (service === "dcs") {
      out.push({ service, task: emu.createTask({ service, name: n % 2 === 0 ? "EXTEND" : "AddWhitelist", ...common }) });
    } else {
      const instanceId = instances[n % instances.length] as string;
      out.push({ service, instanceId, task: emu.createTask({ service, name: "restart", scope: instanceId, ...common }) });
    }
  }
  return out;
}

function await1(p: Planned, opts: WaitOptions): Promise<{ task: unknown; status: string }> {
  const target = p.service === "rocketmq" ? { service: p.service, instanceId: p.instanceId as string, taskId: p.task.id } : { service: p.service, taskId: p.task.id };
  return awaitTaskById(target, opts);
}

const SUCCESS: Record<TaskService, string> = { kps: "SUCCESS_RESET", csms: "SUCCESS", dcs: "SUCCESS", rocketmq: "SUCCESS" };
/** Whether the service shows a failed task's error code (RocketMQ's task list has none). */
const SHOWS_ERROR_CODE: Record<TaskService, boolean> = { kps: true, csms: true, dcs: true, rocketmq: false };

/** Runs the load on an emulator of its own; closes it (not the shared dispatcher) before resolving. */
export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const waiters = options.waiters ?? 1000;
  const emu = await startEmulator({ timeScale: options.timeScale ?? 100, seed: options.seed ?? 7, history: 5 });
  let sampler: NodeJS.Timeout | undefined;
  try {
    const planned = plan(emu, waiters, options.failEvery ?? 20);
    const opts: WaitOptions = { ...emu.settings(), sources: { env: {} }, clock: emu.clock, timeout: "2h" };
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sample = () => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    };
    sampler = setInterval(sample, 20);
    const startedAt = Date.now();
    const virtualStart = emu.clock.now();
    const outcomes = await Promise.all(
      planned.map((p) =>
        await1(p, opts).then(
          (r) => ({ ok: true as const, r }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
    sample();
    const wallMs = Date.now() - startedAt;
    const virtualMinutes = (emu.clock.now() - virtualStart) / 60_000;
    let succeeded = 0;
    let failedAsExpected = 0;
    const wrong: string[] = [];
    outcomes.forEach((o, i) => {
      const p = planned[i] as Planned;
      const t = p.task;
      if (t.outcome === "success") {
        const task = o.ok ? (o.r.task as { taskId?: string; id?: string }) : undefined;
        if (o.ok && (task?.taskId ?? task?.id) === t.id && o.r.status === SUCCESS[p.service]) succeeded += 1;
        else wrong.push(`${p.service} ${t.id}: ${o.ok ? `status ${o.r.status}` : String(o.error)}`);
      } else if (
        !o.ok &&
        o.error instanceof TaskFailedError &&
        o.error.taskId === t.id &&
        o.error.errorCode === (SHOWS_ERROR_CODE[p.service] ? t.errorCode : undefined)
      ) {
        failedAsExpected += 1;
      } else {
        wrong.push(`${p.service} ${t.id} (failing): ${o.ok ? `status ${o.r.status}` : String(o.error)}`);
      }
    });
    const callsByOperation: Record<string, number> = {};
    for (const r of emu.requests()) callsByOperation[r.operation] = (callsByOperation[r.operation] ?? 0) + 1;
    return {
      waiters,
      failing: planned.filter((p) => emu.task(p.service, p.task.id)?.outcome === "failure").length,
      succeeded,
      failedAsExpected,
      wrong,
      apiCalls: emu.requests().length,
      callsByOperation,
      wallMs,
      virtualMinutes,
      baselineRssMb: baseline.rss / MB,
      peakRssMb: peakRss / MB,
      baselineHeapMb: baseline.heapUsed / MB,
      peakHeapMb: peakHeap / MB,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    await emu.close();
  }
}

/** The load section of the benchmark report (Markdown). */
export async function loadBench(waiters = 1000, timeScale = 100): Promise<string> {
  currentRuntime().durations.clear();
  try {
    const r = await runLoad({ waiters, timeScale });
    const rows = [
      ["waiters (¼ each: KPS, CSMS, DCS, RocketMQ)", String(r.waiters)],
      ["succeeded / failed as their task did / wrong", `${r.succeeded} / ${r.failedAsExpected} / ${r.wrong.length}`],
      ["API calls (all waiters)", String(r.apiCalls)],
      ["API calls per waiter", fmt(r.apiCalls / r.waiters, 2)],
      ["calls by operation", Object.entries(r.callsByOperation).map(([op, n]) => `${op} ${n}`).join(", ")],
      ["wall time", `${fmt(r.wallMs / 1000, 1)} s`],
      [`virtual time (x${timeScale})`, `${fmt(r.virtualMinutes, 1)} min`],
      ["RSS: before → peak", `${fmt(r.baselineRssMb, 0)} MB → ${fmt(r.peakRssMb, 0)} MB`],
      ["heap used: before → peak", `${fmt(r.baselineHeapMb, 0)} MB → ${fmt(r.peakHeapMb, 0)} MB`],
    ];
    return [
      `### ${r.waiters} concurrent waiters in one process (tasks of 30 s .. 128 s, 5 % failing, time scale ${timeScale}x)`,
      "",
      table(["", "value"], rows),
      "",
    ].join("\n");
  } finally {
    await closeDefaultDispatcher();
  }
}
