/**
 * 100 concurrent waiters on one scope (a RocketMQ instance; a KPS project with 100 servers): API calls per minute
 * of ours, shared, against 100 independent waiters (ours unshared, and Terraform's KPS policy).
 * @module
 */
import { startEmulator, type Emulator } from "../emulator";
import type { GateServiceName as TaskService } from "../provider";
import { closeDefaultDispatcher, policies } from "../provider";
import { currentRuntime } from "../provider/runtime";
import type { TraceTask } from "./anchors";
import { fmt, percentile, table } from "./stats";
import { policyCredentials, waitWith, type Policy } from "./trace";

const PHASES: readonly Policy[] = [
  { name: "pulumi-hwc-tasks, shared (default)", kind: "ours", share: true },
  { name: "100 independent waiters: pulumi-hwc-tasks unshared", kind: "ours", share: false },
  { name: "100 independent waiters: Terraform KPS policy", kind: "anchor", schedule: policies.terraformKps },
];

async function phase(emu: Emulator, service: TaskService, policy: Policy, cred: { accessKey: string; secretKey: string }, tag: string) {
  const tasks: TraceTask[] = [];
  const finish: number[] = [];
  const start = emu.clock.now();
  for (let i = 0; i < 100; i += 1) {
    const scope = service === "kps" ? `bench-${tag}-srv-${i}` : `bench-${tag}-instance`;
    if (service === "kps") emu.addServer({ id: scope });
    else emu.addInstance("rocketmq", scope);
    const t = emu.createTask(service === "kps" ? { service, name: "RESET", scope } : { service, name: "restart", scope });
    tasks.push({ service, id: t.id, scope: t.scope, createdAt: t.createdAt });
    finish.push(t.finishAt);
  }
  const lags = await Promise.all(tasks.map((t, i) => waitWith(emu, policy, cred, t).then((at) => (at - (finish[i] ?? 0)) / 1000)));
  const minutes = (emu.clock.now() - start) / 60_000;
  const calls = emu.requests({ accessKey: cred.accessKey }).length;
  return { calls, minutes, perMinute: calls / minutes, p50: percentile(lags, 50), p95: percentile(lags, 95) };
}

/**
 * Runs the six phases (two scopes x three policies), one after another, on a stepped clock (exact lags whatever
 * the machine's load), or time-scaled when `timeScale` is given; returns the Markdown report.
 */
export async function concurrencyBench(timeScale?: number): Promise<string> {
  const creds = policyCredentials(PHASES.length * 2);
  const emu = await startEmulator({ ...(timeScale ? { timeScale } : { stepped: true }), seed: 99, history: 5, extraCredentials: creds });
  const sections: string[] = [];
  try {
    for (const [s, service] of (["rocketmq", "kps"] as const).entries()) {
      const rows: string[][] = [];
      let sharedPerMinute = Number.NaN;
      for (const [p, policy] of PHASES.entries()) {
        currentRuntime().durations.clear();
        const r = await phase(emu, service, policy, creds[s * PHASES.length + p] as { accessKey: string; secretKey: string }, `${service}-${p}`);
        if (p === 0) sharedPerMinute = r.perMinute;
        rows.push([
          policy.name,
          String(r.calls),
          fmt(r.minutes, 1),
          fmt(r.perMinute, 1),
          p === 0 ? "1x" : `${fmt(r.perMinute / sharedPerMinute, 1)}x`,
          fmt(r.p50, 1),
          fmt(r.p95, 1),
        ]);
      }
      const scope = service === "rocketmq" ? "one RocketMQ instance, 100 `restart` tasks" : "one KPS project, 100 servers resetting their key pairs";
      sections.push(`#### ${scope}`, "", table(["waiters", "API calls", "minutes", "calls/min", "vs shared", "lag p50 s", "lag p95 s"], rows), "");
    }
    return [
      `### 100 concurrent waiters on one scope (all started together, ${timeScale ? `time scale ${timeScale}x` : "stepped clock"}, no learned history)`,
      "",
      ...sections,
    ].join("\n");
  } finally {
    await emu.close();
    await closeDefaultDispatcher();
  }
}
