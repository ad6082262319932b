/**
 * The robustness grid: how our waiting compares with Terraform's KPS policy (10 s, then every 20 s) on KPS tasks
 * whose true durations the schedule was not built for: medians from 0.1x to 10x the KPS prior's (60 s), log-space
 * sigma from 0.2 to 1.5, with a cold duration book (nothing learned) and a warm one (the true distribution
 * learned), shared waiters (the default) and unshared ones. Every cell is replayed through an emulator of its own
 * next to Terraform's policy in the same run ({@link runCell}); cells run concurrently in worker threads.
 * Targets per cell: calls per task <= Terraform's, p95 lag <= Terraform's, median lag <= 1/2 of Terraform's.
 * @module
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { currentRuntime } from "../provider/runtime";
import { guaranteedLagMs } from "../provider/waiter/schedule";
import { type CellResult, type GridCell, type PolicyOutcome } from "./grid-cell";
import { loopDelay } from "./machine";
import { fmt, table } from "./stats";

/** True medians, as multiples of the prior's. */
export const GRID_FACTORS = [0.1, 0.3, 1, 3, 10] as const;
/** True log-space sigmas. */
export const GRID_SIGMAS = [0.2, 0.5, 0.8, 1.5] as const;

/** How to run the grid. */
export interface GridOptions {
  /** Tasks per cell. @default 40 */
  tasks?: number;
  /** Cells run at once (one worker thread each). @default the machine's cores (at least 2) */
  workers?: number;
  /** Replay time-scaled instead of on the stepped clock (cross-check); see {@link GridCell.scaled}. */
  scaled?: GridCell["scaled"];
  seed?: number;
  /** Restricts the cells (exploration). */
  filter?: (cell: GridCell) => boolean;
  /** A tuning of our schedule to try instead of the default (exploration). */
  tuning?: GridCell["tuning"];
}

/** One worker per core: the stepped clock keeps a worker busy whenever its cell is not idle. */
function defaultWorkers(): number {
  return Math.max(2, availableParallelism());
}

/** The grid's cells, longest first (so the pool finishes together). */
export function gridCells(o: GridOptions = {}): GridCell[] {
  const cells: GridCell[] = [];
  let seed = o.seed ?? 13;
  for (const factor of GRID_FACTORS)
    for (const sigma of GRID_SIGMAS)
      for (const warm of [false, true])
        for (const shared of [true, false]) {
          seed += 1;
          const cell: GridCell = {
            factor,
            sigma,
            warm,
            shared,
            tasks: o.tasks ?? 40,
            seed,
            ...(o.scaled ? { scaled: o.scaled } : {}),
            ...(o.tuning ? { tuning: o.tuning } : {}),
          };
          if (!o.filter || o.filter(cell)) cells.push(cell);
        }
  return cells.sort((a, b) => b.factor * Math.exp(2 * b.sigma) - a.factor * Math.exp(2 * a.sigma));
}

/** What a grid run measured. */
export interface GridRun {
  results: CellResult[];
  wallMs: number;
  /** Event-loop delay p99 of the main thread during the run, ms. */
  mainLoopP99Ms: number;
}

/** Runs the cells in a pool of worker threads. */
export async function runGrid(o: GridOptions = {}): Promise<GridRun> {
  const cells = gridCells(o);
  const results: CellResult[] = [];
  const start = Date.now();
  const size = Math.min(o.workers ?? defaultWorkers(), cells.length);
  // Workers load the package first, all of them, so no cell runs while others load.
  const workers = await Promise.all(
    Array.from({ length: size }, () => {
      const w = new Worker(join(__dirname, "grid-cell.js"));
      return new Promise<Worker>((resolve, reject) => {
        w.once("message", () => resolve(w));
        w.once("error", reject);
      });
    }),
  );
  const loop = loopDelay();
  let next = 0;
  const drain = async (w: Worker): Promise<void> => {
    while (next < cells.length) {
      const cell = cells[next] as GridCell;
      next += 1;
      const reply = await new Promise<{ ok: true; result: CellResult } | { ok: false; error: string }>((resolve, reject) => {
        w.once("message", resolve);
        w.once("error", reject);
        w.postMessage(cell);
      });
      w.removeAllListeners("error");
      if (!reply.ok) throw new Error(`grid cell ${describe(cell)} failed: ${reply.error}`);
      results.push(reply.result);
    }
  };
  try {
    await Promise.all(workers.map(drain));
  } finally {
    next = cells.length;
    loop.stop();
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { results, wallMs: Date.now() - start, mainLoopP99Ms: loop.stop() };
}

function describe(c: GridCell): string {
  return `${c.factor}x σ${c.sigma} ${c.warm ? "warm" : "cold"} ${c.shared ? "shared" : "unshared"}`;
}

/** Ratios of ours to Terraform's, and the targets missed: C calls, P p95 lag, M median lag. */
export function judge(ours: PolicyOutcome, tf: PolicyOutcome): { calls: number; p50: number; p95: number; misses: string } {
  const calls = ours.calls / tf.calls;
  const p50 = ours.p50 / tf.p50;
  const p95 = ours.p95 / tf.p95;
  const misses = `${calls > 1 ? "C" : ""}${p95 > 1 ? "P" : ""}${p50 > 0.5 ? "M" : ""}${ours.errors > 0 ? "E" : ""}`;
  return { calls, p50, p95, misses };
}

/** How far a cell is from its targets: the largest of calls/1, p95/1, p50/(1/2) (1 or less: all met). */
export function shortfall(ours: PolicyOutcome, tf: PolicyOutcome): number {
  const j = judge(ours, tf);
  return Math.max(j.calls, j.p95, j.p50 * 2);
}

function cellText(ours: PolicyOutcome | undefined, tf: PolicyOutcome | undefined): string {
  if (!ours || !tf) return "";
  const j = judge(ours, tf);
  return `${fmt(j.calls, 2)} / ${fmt(j.p50, 2)} / ${fmt(j.p95, 2)} ${j.misses === "" ? "✓" : `✗${j.misses}`}`;
}

const VARIANTS: readonly { title: string; warm: boolean; shared: boolean; noStart?: boolean }[] = [
  { title: "cold, shared", warm: false, shared: true },
  { title: "cold, unshared", warm: false, shared: false },
  { title: "cold, unshared, start unknown", warm: false, shared: false, noStart: true },
  { title: "warm, shared", warm: true, shared: true },
  { title: "warm, unshared", warm: true, shared: false },
  { title: "warm, unshared, start unknown", warm: true, shared: false, noStart: true },
];

interface Judged {
  row: string;
  variant: (typeof VARIANTS)[number];
  gap: number;
  misses: string;
}

/** The grid's report (Markdown). */
export function gridReport(run: GridRun, o: GridOptions = {}): string {
  const find = (f: number, s: number, warm: boolean, shared: boolean) =>
    run.results.find((r) => r.cell.factor === f && r.cell.sigma === s && r.cell.warm === warm && r.cell.shared === shared);
  const priorS = Math.exp(currentRuntime().durations.prior("kps", undefined).mu) / 1000;
  const rows: string[][] = [];
  const judged: Judged[] = [];
  for (const f of GRID_FACTORS)
    for (const s of GRID_SIGMAS) {
      const base = find(f, s, false, true) ?? find(f, s, true, true) ?? find(f, s, false, false);
      if (!base) continue;
      const tf = base.terraform;
      const row = [`${f}x (${fmt(priorS * f, 0)} s), σ ${s}`, `${fmt(tf.calls, 2)} / ${fmt(tf.p50, 1)} s / ${fmt(tf.p95, 1)} s`];
      for (const variant of VARIANTS) {
        const r = find(f, s, variant.warm, variant.shared);
        const ours = variant.noStart ? r?.oursNoStart : r?.ours;
        row.push(cellText(ours, r?.terraform));
        if (ours && r) judged.push({ row: row[0] as string, variant, gap: shortfall(ours, r.terraform), misses: judge(ours, r.terraform).misses });
      }
      rows.push(row);
    }
  const summary = VARIANTS.map((v) => {
    const mine = judged.filter((j) => j.variant === v);
    const missed = (t: string) => String(mine.filter((j) => j.misses.includes(t)).length);
    return [v.title, `${mine.filter((j) => j.misses === "").length} / ${mine.length}`, missed("C"), missed("P"), missed("M")];
  });
  const worstOf = (js: Judged[]) => [...js].sort((a, b) => b.gap - a.gap)[0];
  const worst = worstOf(judged.filter((j) => !j.variant.noStart));
  const worstNoStart = worstOf(judged.filter((j) => j.variant.noStart));
  const describeWorst = (j: Judged | undefined) =>
    j ? `${j.row}, ${j.variant.title} (${j.misses === "" ? "✓" : `✗${j.misses}`}, ${fmt(j.gap, 2)}x its tightest target)` : "n/a";
  const scales = run.results.map((r) => r.timeScale);
  const loops = run.results.map((r) => r.loopDelayP99Ms);
  const clock = o.scaled
    ? `time scales ${Math.min(...scales)}x..${Math.max(...scales)}x (an event-loop stall of d ms shifts a look by d x scale ms)`
    : "stepped clock (virtual time moves only when a cell is idle: lags are exact, load only slows the run)";
  const boundRatio = Math.max(...run.results.flatMap((r) => [r.ours.worstBoundRatio, r.oursNoStart?.worstBoundRatio ?? 0]));
  const tasks = o.tasks ?? 40;
  return [
    `### Robustness grid: KPS tasks of durations the schedule was not built for, against Terraform's KPS policy`,
    "",
    `Each cell: ${tasks} KPS tasks whose durations are the true distribution's quantiles at ${tasks} stratum midpoints ` +
      `(seeded order), started over one true median, replayed through an emulator of its own next to Terraform's ` +
      `KPS policy (10 s, then every 20 s) in the same run. Prior: median ${fmt(priorS, 0)} s, σ 0.8. Cold: nothing ` +
      `learned; warm: the book has learned 50 durations of the true distribution. Shared: the default; unshared: ` +
      `\`share: false\` (one waiter alone behaves the same). Our waiters are told the task's start (\`startedAt\`) ` +
      `unless marked "start unknown". Cells: ours ÷ Terraform for calls per task / lag p50 / lag p95; ✓ all targets ` +
      `met, ✗ marks a miss: C calls > Terraform's, P p95 > Terraform's, M median > ½ Terraform's.`,
    "",
    table(["true median, σ", "Terraform calls / p50 / p95", ...VARIANTS.map((v) => v.title)], rows),
    "",
    table(["variant", "all three met", "C missed", "P missed", "M missed"], summary),
    "",
    `Worst cell: ${describeWorst(worst)}; with the start unknown: ${describeWorst(worstNoStart)}. Largest lag ÷ ` +
      `stated bound (min(${fmt(guaranteedLagMs(Infinity) / 1000, 0)} s, max(${fmt(guaranteedLagMs(0) / 1000, 0)} s, ` +
      `duration))) over every task of every cell: ${fmt(boundRatio, 2)}.`,
    "",
    `Run: ${run.results.length} cells in ${fmt(run.wallMs / 1000, 0)} s wall, ${o.workers ?? defaultWorkers()} at a time, ` +
      `${clock}; machine load: event-loop delay p99 per cell ${fmt(Math.min(...loops), 1)}..${fmt(Math.max(...loops), 1)} ms, ` +
      `main thread ${fmt(run.mainLoopP99Ms, 1)} ms.`,
    "",
  ].join("\n");
}

/** Runs the grid; returns the Markdown report. */
export async function gridBench(o: GridOptions = {}): Promise<string> {
  return gridReport(await runGrid(o), o);
}
