/**
 * Trace replay of the reads added for DCS and RocketMQ: one seeded trace of DCS jobs (awaited by job id), DCS
 * instance tasks (awaited by id on their instance's list) and RocketMQ tasks (awaited by id), played through the
 * emulator on a scaled clock, every task awaited at once by each policy: Terraform's own for that kind (DCS job
 * 2 s / 10 s by job id, `checkDcsInstanceJobFinish`; a DCS instance's task list 2 s / 2 s, as `dcs_account` polls
 * it; RocketMQ 10 s / 20 s by id, `refreshInstanceTaskStatus`) and ours, shared and unshared. Each policy signs
 * with its own access key, so the emulator's request log counts its calls per kind. Lag is from the task's real
 * end (emulator truth) to the moment the waiter knew, in the trace's seconds.
 * @module
 */
import { startEmulator, type Emulator } from "../emulator";
import { TASK_TYPES } from "../emulator/catalog";
import { SeededRandom } from "../emulator/random";
import { DEFAULT_WORLD } from "../emulator/store";
import { awaitDcsJob, awaitDcsTask, awaitRocketMqTask, closeDefaultDispatcher, policies, resolveSettings, type WaitOptions } from "../provider";
import { TaskApiClient } from "../provider/http/client";
import type { Schedule } from "../provider/waiter/schedule";
import { anchorWait, type MoreTraceTask } from "./anchors";
import { average, fmt, percentile, table } from "./stats";
import { policyCredentials, settledAt } from "./trace";

type Kind = MoreTraceTask["kind"];

/** A policy of this trace. */
type MorePolicy = { name: string; kind: "anchor"; schedule: (kind: Kind) => Schedule } | { name: string; kind: "ours"; share: boolean };

/** Terraform's schedule for each kind (reference: more-task-apis §1, §4, §5). */
const TERRAFORM: Readonly<Record<Kind, () => Schedule>> = {
  "dcs-job": policies.terraformDcsJob,
  "dcs-instance": () => policies.fixed(2_000, 2_000),
  "rocketmq-by-id": policies.terraformRocketMq,
};

const POLICIES: readonly MorePolicy[] = [
  { name: "Terraform's own for the kind", kind: "anchor", schedule: (kind) => TERRAFORM[kind]() },
  { name: "pulumi-hwc-tasks (adaptive, shared)", kind: "ours", share: true },
  { name: "pulumi-hwc-tasks (adaptive, unshared)", kind: "ours", share: false },
];

const KINDS: readonly { kind: Kind; label: string; operations: readonly string[] }[] = [
  { kind: "dcs-job", label: "DCS job by job id", operations: ["ShowJobInfo"] },
  { kind: "dcs-instance", label: "DCS task on its instance's list", operations: ["ListBackgroundTask"] },
  { kind: "rocketmq-by-id", label: "RocketMQ task by id", operations: ["ListBackgroundTasks", "ShowBackgroundTask"] },
];

/** DCS job types the trace starts (the emulator's catalog knows the first; the others get its generic duration). */
const JOB_TYPES = ["masterStandbySwapJob", "modifyBandwidth", "extendDCSInstance"];

interface Spec {
  kind: Kind;
  name: string;
  scope: string;
  startMs: number;
}

/** The seeded trace: `n` tasks over `spanMs`, a third of each kind. */
function makeTrace(seed: number, n: number, spanMs: number): Spec[] {
  const r = new SeededRandom(seed);
  const dcs = DEFAULT_WORLD.dcsInstances.map((i) => i.id);
  const rmq = DEFAULT_WORLD.rocketmqInstances.map((i) => i.id);
  return Array.from({ length: n }, (_, i): Spec => {
    const kind = KINDS[i % KINDS.length]?.kind ?? "dcs-job";
    const name = kind === "dcs-job" ? r.pick(JOB_TYPES) : kind === "dcs-instance" ? r.pick(Object.keys(TASK_TYPES.dcs)) : r.pick(Object.keys(TASK_TYPES.rocketmq));
    return { kind, name, scope: r.pick(kind === "rocketmq-by-id" ? rmq : dcs), startMs: Math.round(r.next() * spanMs) };
  }).sort((a, b) => a.startMs - b.startMs);
}

/** Waits for one task with one policy; resolves with the virtual time the outcome was known. */
async function waitWith(emu: Emulator, policy: MorePolicy, cred: { accessKey: string; secretKey: string }, task: MoreTraceTask): Promise<number> {
  const settings = { ...emu.settings(), ...cred, sources: { env: {} } };
  if (policy.kind === "anchor") {
    const client = new TaskApiClient({ settings: resolveSettings(settings, settings.sources) });
    const r = await anchorWait(client, emu.clock, task, policy.schedule(task.kind));
    if (r.state !== "succeeded" && r.state !== "failed") throw new Error(`${policy.name}: ${r.state}`);
    return r.endedAt;
  }
  const opts: WaitOptions = { ...settings, clock: emu.clock, share: policy.share, startedAt: task.createdAt };
  switch (task.kind) {
    case "dcs-job":
      return settledAt(awaitDcsJob({ jobId: task.id }, opts), emu);
    case "dcs-instance":
      return settledAt(awaitDcsTask({ instanceId: task.scope, taskId: task.id }, opts), emu);
    case "rocketmq-by-id":
      return settledAt(awaitRocketMqTask({ instanceId: task.scope, taskId: task.id }, opts), emu);
  }
}

/** Replays the trace; returns the Markdown report. */
export async function traceMoreBench(options: { tasks?: number; spanMinutes?: number; timeScale?: number; seed?: number } = {}): Promise<string> {
  const n = options.tasks ?? 90;
  const spanMs = (options.spanMinutes ?? 30) * 60_000;
  const timeScale = options.timeScale ?? 50;
  const seed = options.seed ?? 2026;
  const creds = policyCredentials(POLICIES.length);
  const emu = await startEmulator({ timeScale, seed, history: 5, extraCredentials: creds });
  try {
    const trace = makeTrace(seed, n, spanMs);
    const t0 = emu.clock.now();
    const lags = new Map<string, number[]>();
    const errors = new Map<string, number>();
    const waits: Promise<void>[] = [];
    for (const spec of trace) {
      const delay = t0 + spec.startMs - emu.clock.now();
      if (delay > 0) await emu.clock.sleep(delay);
      const service = spec.kind === "rocketmq-by-id" ? "rocketmq" : "dcs";
      const created = emu.createTask({ service, name: spec.name, scope: spec.scope });
      const id = spec.kind === "dcs-job" ? String(created.jobId) : created.id;
      const task: MoreTraceTask = { kind: spec.kind, id, scope: created.scope, createdAt: created.createdAt };
      POLICIES.forEach((policy, i) => {
        const key = `${spec.kind}|${i}`;
        waits.push(
          waitWith(emu, policy, creds[i] as { accessKey: string; secretKey: string }, task).then(
            (at) => void lags.set(key, [...(lags.get(key) ?? []), (at - created.finishAt) / 1000]),
            () => void errors.set(key, (errors.get(key) ?? 0) + 1),
          ),
        );
      });
    }
    await Promise.all(waits);
    const rows = KINDS.flatMap(({ kind, label, operations }) => {
      const count = trace.filter((t) => t.kind === kind).length;
      return POLICIES.map((policy, i) => {
        const calls = emu.requests({ accessKey: creds[i]?.accessKey }).filter((r) => operations.includes(r.operation)).length;
        const l = lags.get(`${kind}|${i}`) ?? [];
        const name = policy.kind === "anchor" ? `Terraform (${describe(kind)})` : policy.name;
        return [label, name, fmt(calls / count, 2), fmt(percentile(l, 50), 1), fmt(percentile(l, 95), 1), fmt(average(l), 1), String(errors.get(`${kind}|${i}`) ?? 0)];
      });
    });
    const mix = KINDS.map(({ kind, label }) => `${trace.filter((t) => t.kind === kind).length} ${label}`).join(", ");
    return [
      `### Waiting on the reads added for DCS and RocketMQ: one seeded trace, Terraform's policy for each kind and ours`,
      "",
      `${n} tasks (${mix}) started over ${spanMs / 60_000} min on two instances of each service, durations drawn by the ` +
        `emulator (seed ${seed}), time scale ${timeScale}x; lag is from the task's end to its detection, in the trace's seconds.`,
      "",
      table(["tasks", "policy", "API calls per task", "lag p50 s", "lag p95 s", "lag mean s", "errors"], rows),
      "",
    ].join("\n");
  } finally {
    await emu.close();
    await closeDefaultDispatcher();
  }
}

function describe(kind: Kind): string {
  return kind === "dcs-job" ? "2 s, then every 10 s, by job id" : kind === "dcs-instance" ? "2 s / 2 s on the instance's list" : "10 s, then every 20 s, by id";
}
