/**
 * Trace replay: one seeded trace of tasks (all four task services) and jobs (ECS, EVS, IMS), types and durations
 * drawn by the emulator, is played through the emulator on a scaled clock, and every one is awaited at once by each
 * policy — the anchors' (Terraform KPS 10 s/20 s, Terraform ECS jobs 5 s/10 s, Terraform CSMS 5 s/5 s, plugin SDK
 * StateChangeConf, AWS SDK waiter) and ours, shared and unshared. Each policy signs with its own access key, so the emulator's request log counts its calls.
 * Detection lag is the time from the task's real end (emulator truth) to the moment the waiter knew, in the
 * trace's seconds.
 * @module
 */
import { startEmulator, type Emulator, type EmulatedService as TaskService } from "../emulator";
import { TASK_TYPES } from "../emulator/catalog";
import { SeededRandom } from "../emulator/random";
import { DEFAULT_WORLD } from "../emulator/store";
import {
  awaitTaskById,
  closeDefaultDispatcher,
  policies,
  resolveSettings,
  type WaitOptions,
} from "../provider";
import { TaskApiClient } from "../provider/http/client";
import type { Schedule } from "../provider/waiter/schedule";
import { anchorWait, type TraceTask } from "./anchors";
import { average, fmt, percentile, table } from "./stats";

/** A waiting policy under test. */
export type Policy =
  | { name: string; kind: "anchor"; schedule: () => Schedule }
  | {
      name: string;
      kind: "ours";
      share: boolean;
      /** Whether the waiter is told the task's start (`startedAt`). @default true */
      startKnown?: boolean;
      /** A schedule instead of the default adaptive one (to try tunings in the benchmark). */
      schedule?: () => Schedule;
    };

/** The policies the issue names, in report order. */
export const POLICIES: readonly Policy[] = [
  { name: "Terraform KPS (10 s, then every 20 s)", kind: "anchor", schedule: policies.terraformKps },
  { name: "Terraform ECS jobs (5 s, then every 10 s)", kind: "anchor", schedule: policies.terraformEcsJob },
  { name: "Terraform CSMS (5 s / 5 s)", kind: "anchor", schedule: policies.terraformCsms },
  { name: "plugin SDK StateChangeConf (100 ms doubling to 10 s)", kind: "anchor", schedule: policies.stateChangeConf },
  { name: "AWS SDK waiter (2 s..120 s, jittered)", kind: "anchor", schedule: () => policies.awsWaiter() },
  { name: "pulumi-hwc-tasks (adaptive, shared)", kind: "ours", share: true },
  { name: "pulumi-hwc-tasks (adaptive, unshared)", kind: "ours", share: false },
];

/** Credentials per policy, so the emulator counts each one's calls. */
export function policyCredentials(n: number): { accessKey: string; secretKey: string }[] {
  return Array.from({ length: n }, (_, i) => ({ accessKey: `BENCHPOLICYAK${String(i).padStart(7, "0")}`, secretKey: `bench-policy-secret-${i}` }));
}

/**
 * Waits for one task with one policy (deadline `timeoutMs`, virtual); resolves with the virtual time the outcome
 * was known.
 */
export async function waitWith(
  emu: Emulator,
  policy: Policy,
  cred: { accessKey: string; secretKey: string },
  task: TraceTask,
  timeoutMs = 30 * 60_000,
): Promise<number> {
  const settings = { ...emu.settings(), ...cred, sources: { env: {} } };
  if (policy.kind === "anchor") {
    const client = new TaskApiClient({ settings: resolveSettings(settings, settings.sources) });
    const r = await anchorWait(client, emu.clock, task, policy.schedule(), timeoutMs);
    if (r.state !== "succeeded" && r.state !== "failed") throw new Error(`${policy.name}: ${r.state}`);
    return r.endedAt;
  }
  const opts: WaitOptions = {
    ...settings,
    clock: emu.clock,
    share: policy.share,
    timeout: timeoutMs,
    ...(policy.startKnown === false ? {} : { startedAt: task.createdAt }),
    ...(policy.schedule ? { policy: policy.schedule() } : {}),
  };
  const s = task.service;
  const target =
    s === "rocketmq" ? { service: s, instanceId: task.scope, taskId: task.id } : s === "ecs" || s === "evs" || s === "ims" ? { service: s, jobId: task.id } : { service: s, taskId: task.id };
  return settledAt(awaitTaskById(target, opts), emu);
}

/**
 * When a wait knew its outcome: the final state's time, or (a failure) the moment its rejection arrives. No progress
 * observer: one would make DCS and RocketMQ waits read their progress, which is not what is measured here.
 */
export function settledAt(wait: Promise<{ finishedAt: number }>, emu: Emulator): Promise<number> {
  return wait.then(
    (r) => r.finishedAt,
    (e: unknown) => {
      if (!(e instanceof Error && e.name === "TaskFailedError")) throw e;
      return emu.clock.now();
    },
  );
}

interface TraceSpec {
  service: TaskService;
  name: string;
  /** Absent: the emulator's default (an IMS job's image is new). */
  scope: string | undefined;
  startMs: number;
}

const SCOPES: Record<TaskService, readonly string[]> = {
  kps: DEFAULT_WORLD.servers.map((s) => s.id),
  csms: DEFAULT_WORLD.secrets,
  dcs: DEFAULT_WORLD.dcsInstances.map((i) => i.id),
  rocketmq: DEFAULT_WORLD.rocketmqInstances.map((i) => i.id),
  ecs: DEFAULT_WORLD.servers.map((s) => s.id),
  evs: DEFAULT_WORLD.volumes.map((v) => v.id),
  ims: [],
};

/** The trace's two kinds of work: the task services, and the jobs. */
const GROUPS: readonly { group: string; services: readonly string[] }[] = [
  { group: "tasks", services: ["kps", "csms", "dcs", "rocketmq", "iam"] },
  { group: "jobs", services: ["ecs", "evs", "ims"] },
];

function groupOf(service: TaskService): string {
  return ["ecs", "evs", "ims"].includes(service) ? "jobs" : "tasks";
}

/**
 * The seeded trace over `spanMs`: `n` tasks, 40 % KPS, 20 % each CSMS, DCS, RocketMQ, and `jobs` jobs (from a
 * stream of their own, so the tasks are those of a trace without jobs), 60 % ECS, 25 % EVS, 15 % IMS.
 */
export function makeTrace(seed: number, n: number, spanMs: number, jobs = 0): TraceSpec[] {
  const out: TraceSpec[] = [];
  const draw = (r: SeededRandom, service: TaskService) => {
    const scopes = SCOPES[service];
    out.push({ service, name: r.pick(Object.keys(TASK_TYPES[service])), scope: scopes.length ? r.pick(scopes) : undefined, startMs: Math.round(r.next() * spanMs) });
  };
  const r = new SeededRandom(seed);
  for (let i = 0; i < n; i += 1) {
    const u = r.next();
    draw(r, u < 0.4 ? "kps" : u < 0.6 ? "csms" : u < 0.8 ? "dcs" : "rocketmq");
  }
  const j = new SeededRandom(seed + 1);
  for (let i = 0; i < jobs; i += 1) {
    const u = j.next();
    draw(j, u < 0.6 ? "ecs" : u < 0.85 ? "evs" : "ims");
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

/**
 * Replays the trace on a stepped clock (exact lags whatever the machine's load), or time-scaled when `timeScale`
 * is given; returns the Markdown report.
 */
export async function traceBench(options: { tasks?: number; jobs?: number; spanMinutes?: number; timeScale?: number; seed?: number } = {}): Promise<string> {
  const tasks = options.tasks ?? 160;
  const jobs = options.jobs ?? 40;
  const n = tasks + jobs;
  const spanMs = (options.spanMinutes ?? 30) * 60_000;
  const timeScale = options.timeScale;
  const seed = options.seed ?? 2024;
  const creds = policyCredentials(POLICIES.length);
  const emu = await startEmulator({ ...(timeScale ? { timeScale } : { stepped: true }), seed, history: 5, extraCredentials: creds });
  try {
    const trace = makeTrace(seed, tasks, spanMs, jobs);
    const t0 = emu.clock.now();
    const lags: number[][] = POLICIES.map(() => []);
    const groupLags = new Map<string, number[]>();
    const errors: number[] = POLICIES.map(() => 0);
    const waits: Promise<void>[] = [];
    for (const spec of trace) {
      const delay = t0 + spec.startMs - emu.clock.now();
      if (delay > 0) await emu.clock.sleep(delay);
      const created = emu.createTask({ service: spec.service, name: spec.name, ...(spec.scope === undefined ? {} : { scope: spec.scope }) });
      const task: TraceTask = { service: spec.service, id: created.id, scope: created.scope, createdAt: created.createdAt };
      POLICIES.forEach((policy, i) => {
        waits.push(
          waitWith(emu, policy, creds[i] as { accessKey: string; secretKey: string }, task).then(
            (at) => {
              const lag = (at - created.finishAt) / 1000;
              (lags[i] as number[]).push(lag);
              const key = `${i}|${groupOf(spec.service)}`;
              groupLags.set(key, [...(groupLags.get(key) ?? []), lag]);
            },
            () => void (errors[i] = (errors[i] ?? 0) + 1),
          ),
        );
      });
    }
    await Promise.all(waits);
    const rows = POLICIES.map((policy, i) => {
      const calls = emu.requests({ accessKey: creds[i]?.accessKey }).length;
      const l = lags[i] ?? [];
      return [policy.name, fmt(calls / n, 2), fmt(percentile(l, 50), 1), fmt(percentile(l, 95), 1), fmt(average(l), 1), String(errors[i])];
    });
    // The same run split into tasks and jobs: each kind's own Terraform waiter is the comparison that fits it.
    const split = POLICIES.map((policy, i) => {
      const cells = GROUPS.flatMap(({ group, services }) => {
        const calls = emu.requests({ accessKey: creds[i]?.accessKey }).filter((r) => services.includes(r.service)).length;
        const l = groupLags.get(`${i}|${group}`) ?? [];
        const k = trace.filter((t) => services.includes(t.service)).length;
        return [fmt(calls / k, 2), `${fmt(percentile(l, 50), 1)} / ${fmt(percentile(l, 95), 1)}`];
      });
      return [policy.name, ...cells];
    });
    const count = (services: readonly TaskService[]) => services.map((s) => `${trace.filter((t) => t.service === s).length} ${s}`).join(", ");
    const mix = `${tasks} tasks (${count(["kps", "csms", "dcs", "rocketmq"])}) and ${jobs} jobs (${count(["ecs", "evs", "ims"])})`;
    return [
      `### Waiting: one seeded trace, every policy on the same emulator run`,
      "",
      `${mix} started over ${spanMs / 60_000} min, durations drawn by the emulator (seed ${seed}), ` +
        `${timeScale ? `time scale ${timeScale}x` : "stepped clock (exact)"}; lag is from the end of a task or job to its ` +
        "detection, in the trace's seconds; calls per task count jobs as tasks.",
      "",
      table(["policy", "API calls per task", "lag p50 s", "lag p95 s", "lag mean s", "errors"], rows),
      "",
      ...(jobs === 0
        ? []
        : [
            "The same run, tasks and jobs apart (a job's calls are its reads by id on the ECS, EVS or IMS host):",
            "",
            table(["policy", "tasks: calls per task", "tasks: lag p50 / p95 s", "jobs: calls per job", "jobs: lag p50 / p95 s"], split),
            "",
          ]),
    ].join("\n");
  } finally {
    await emu.close();
    await closeDefaultDispatcher();
  }
}
