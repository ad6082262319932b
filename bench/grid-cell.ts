/**
 * One cell of the robustness grid ({@link ./grid}): a true duration distribution of KPS tasks, a cold or warm
 * duration book, shared or unshared waiters. The cell's tasks are replayed through an emulator of its own on a
 * scaled clock, and every task is awaited by Terraform's KPS policy and by ours (told the task's start, and, for
 * unshared waiters, also not told it) in the same run, each policy with its own access key so the emulator's
 * request log counts its calls.
 *
 * A cell runs in a worker thread: the duration book and the poll hub are per thread, so cells do not learn from
 * each other. Loaded as a worker, this module answers each {@link GridCell} message with a {@link CellResult}.
 * @module
 */
import { isMainThread, parentPort } from "node:worker_threads";
import { startEmulator } from "../emulator";
import { SeededRandom } from "../emulator/random";
import { closeDefaultDispatcher, policies } from "../provider";
import { currentRuntime } from "../provider/runtime";
import { normalQuantile } from "../provider/waiter/lognormal";
import { adaptiveSchedule, guaranteedLagMs, type ScheduleTuning } from "../provider/waiter/schedule";
import type { TraceTask } from "./anchors";
import { loopDelay } from "./machine";
import { percentile } from "./stats";
import { policyCredentials, waitWith, type Policy } from "./trace";

/** One cell: the true distribution of the tasks' durations and what the waiters know. */
export interface GridCell {
  /** True median as a multiple of the prior's median. */
  factor: number;
  /** True log-space sigma. */
  sigma: number;
  /** Whether the duration book has learned the true distribution before the first task starts. */
  warm: boolean;
  /** Whether our waiters share polls (the default) or each polls alone (`share: false`). */
  shared: boolean;
  /** Tasks in the cell. */
  tasks: number;
  seed: number;
  /**
   * A time-scaled replay instead of the stepped clock (to cross-check it): the real milliseconds one cell should
   * take, and the largest time scale allowed for it.
   */
  scaled?: { targetRealMs: number; maxTimeScale: number };
  /** A tuning of our schedule to try instead of the default (exploration). */
  tuning?: Partial<ScheduleTuning>;
}

/** What one policy did in a cell. */
export interface PolicyOutcome {
  /** API calls per task. */
  calls: number;
  /** Detection lag percentiles, virtual seconds. */
  p50: number;
  p95: number;
  /** Largest lag divided by the stated bound for the task's duration (ours only; <= 1 when the bound held). */
  worstBoundRatio: number;
  /** Waits that did not end in the task's outcome. */
  errors: number;
}

/** A cell's measurements. */
export interface CellResult {
  cell: GridCell;
  /** The replay's time scale; 0 for the stepped clock. */
  timeScale: number;
  wallMs: number;
  /** Event-loop delay p99 of the cell's thread, real ms. */
  loopDelayP99Ms: number;
  terraform: PolicyOutcome;
  ours: PolicyOutcome;
  /** Ours without `startedAt` (unshared cells only). */
  oursNoStart?: PolicyOutcome;
}

/**
 * The cell's durations (ms): the distribution's quantiles at the midpoints of `n` equal-probability strata, in a
 * seeded random order (a stratified draw: every cell sees its whole distribution, without a lucky tail).
 */
export function cellDurations(medianMs: number, sigma: number, n: number, seed: number): number[] {
  const r = new SeededRandom(seed);
  const out = Array.from({ length: n }, (_, i) => Math.max(1, Math.round(medianMs * Math.exp(sigma * normalQuantile((i + 0.5) / n)))));
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(r.next() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/** Runs one cell on an emulator of its own. */
export async function runCell(cell: GridCell): Promise<CellResult> {
  const prior = currentRuntime().durations.prior("kps", undefined);
  const medianMs = Math.exp(prior.mu) * cell.factor;
  const ds = cellDurations(medianMs, cell.sigma, cell.tasks, cell.seed);
  // Tasks start over one true median: many waiters on the project at once.
  const r = new SeededRandom(cell.seed + 1);
  const starts = ds.map(() => Math.round(r.next() * medianMs)).sort((a, b) => a - b);
  const longest = Math.max(...ds);
  const spanMs = medianMs + longest + 60_000;
  const timeScale = cell.scaled ? Math.max(1, Math.min(cell.scaled.maxTimeScale, Math.round(spanMs / cell.scaled.targetRealMs))) : 0;
  const timeoutMs = Math.round(longest * 1.5) + 30 * 60_000;

  currentRuntime().durations.clear();
  if (cell.warm) {
    for (const d of cellDurations(medianMs, cell.sigma, 50, cell.seed + 2)) currentRuntime().durations.record("kps", "RESET", d);
  }
  const tuned = cell.tuning;
  const schedule = tuned ? { schedule: () => adaptiveSchedule(() => currentRuntime().durations.model("kps", undefined), tuned) } : {};
  const policyList: Policy[] = [
    { name: "terraform", kind: "anchor", schedule: policies.terraformKps },
    { name: "ours", kind: "ours", share: cell.shared, ...schedule },
    ...(cell.shared ? [] : [{ name: "ours-no-start", kind: "ours", share: false, startKnown: false, ...schedule } as const]),
  ];
  const creds = policyCredentials(policyList.length);
  const emu = await startEmulator({
    ...(timeScale > 0 ? { timeScale } : { stepped: true }),
    seed: cell.seed,
    history: 0,
    extraCredentials: creds,
    validateResponses: false,
  });
  const loop = loopDelay();
  const wallStart = Date.now();
  try {
    const lags: number[][] = policyList.map(() => []);
    const ratios: number[][] = policyList.map(() => []);
    const errors = policyList.map(() => 0);
    const waits: Promise<void>[] = [];
    const t0 = emu.clock.now();
    for (let i = 0; i < ds.length; i += 1) {
      const delay = t0 + (starts[i] ?? 0) - emu.clock.now();
      if (delay > 0) await emu.clock.sleep(delay);
      const server = `grid-srv-${i}`;
      emu.addServer({ id: server });
      const created = emu.createTask({ service: "kps", name: "RESET", scope: server, durationMs: ds[i] as number, outcome: "success" });
      const task: TraceTask = { service: "kps", id: created.id, scope: created.scope, createdAt: created.createdAt };
      const duration = created.finishAt - created.createdAt;
      policyList.forEach((policy, p) => {
        waits.push(
          waitWith(emu, policy, creds[p] as { accessKey: string; secretKey: string }, task, timeoutMs).then(
            (at) => {
              const lag = at - created.finishAt;
              (lags[p] as number[]).push(lag / 1000);
              (ratios[p] as number[]).push(lag / guaranteedLagMs(duration, tuned));
            },
            () => void (errors[p] = (errors[p] ?? 0) + 1),
          ),
        );
      });
    }
    await Promise.all(waits);
    const outcome = (p: number): PolicyOutcome => ({
      calls: emu.requests({ accessKey: creds[p]?.accessKey }).length / ds.length,
      p50: percentile(lags[p] ?? [], 50),
      p95: percentile(lags[p] ?? [], 95),
      worstBoundRatio: Math.max(...(ratios[p] ?? [])),
      errors: errors[p] ?? 0,
    });
    return {
      cell,
      timeScale,
      wallMs: Date.now() - wallStart,
      loopDelayP99Ms: loop.stop(),
      terraform: outcome(0),
      ours: outcome(1),
      ...(cell.shared ? {} : { oursNoStart: outcome(2) }),
    };
  } finally {
    loop.stop();
    await emu.close();
    await closeDefaultDispatcher();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // Loaded: the pool starts no cell before every worker is, so loading does not stall running cells.
  port.postMessage({ ready: true });
  port.on("message", (cell: GridCell) => {
    runCell(cell).then(
      (result) => port.postMessage({ ok: true, result }),
      (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
  });
}
