/**
 * Poll schedules, pure: given what a waiter knows (observations so far, time waited, the task's age), how long to
 * wait before looking again. The anchors' policies are here so the benchmark can replay them; the package's own
 * schedule is {@link adaptiveSchedule}.
 * @module
 */
import { densityTable, integral, inverseIntegral } from "./density";
import { mean, survival, type LogNormal } from "./lognormal";

/** What a schedule may look at. */
export interface PollContext {
  /** Observations made so far (0 before the first). */
  attempt: number;
  /** Milliseconds since the wait began. */
  elapsedMs: number;
  /** Milliseconds since the task started, as the service reports it; `undefined` when not known yet. */
  taskAgeMs: number | undefined;
  /** Waiters reading the same shared scope, this one included (absent or 1: alone). */
  sharers?: number | undefined;
}

/** A schedule: the delay (ms) before the next observation. `random` is a uniform [0,1) source. */
export type Schedule = (ctx: PollContext, random: () => number) => number;

/** A fixed schedule: first look after `firstMs`, then every `everyMs` (Terraform's waiters). */
export function fixedSchedule(firstMs: number, everyMs: number): Schedule {
  return (ctx) => (ctx.attempt === 0 ? firstMs : everyMs);
}

/**
 * Doubling waits from `startMs` up to `maxMs` after an initial delay (Terraform plugin SDK's `StateChangeConf`
 * without a poll interval: 100 ms doubling to 10 s).
 */
export function doublingSchedule(startMs = 100, maxMs = 10_000, initialDelayMs = 0): Schedule {
  return (ctx) => (ctx.attempt === 0 ? initialDelayMs : Math.min(maxMs, startMs * 2 ** (ctx.attempt - 1)));
}

/**
 * The AWS SDK v3 waiter (`@smithy/util-waiter`): first look at once, then attempt n waits uniform(min,
 * min(min·2^(n-1), max)), and exactly `max` past the attempt ceiling. Defaults 2 s / 120 s.
 */
export function awsWaiterSchedule(minMs = 2000, maxMs = 120_000): Schedule {
  const ceiling = Math.log(maxMs / minMs) / Math.log(2) + 1;
  return (ctx, random) => {
    if (ctx.attempt === 0) return 0;
    if (ctx.attempt > ceiling) return maxMs;
    const upper = Math.min(maxMs, minMs * 2 ** (ctx.attempt - 1));
    return Math.round(minMs + random() * (upper - minMs));
  };
}

/** Tuning of the adaptive schedule (the default policy of every wait). */
export interface AdaptiveOptions {
  /**
   * The duration model's call budget: on average one observation per `intervalMs` of expected task duration, plus
   * one (the budget of a fixed poller with this period), spent where completion is likely instead of evenly. The
   * looks the detection bound adds where the model sees no chance of completion come on top; a look shared by `n`
   * waiters costs each 1/n ({@link MAX_SHARERS}). @default 20000
   */
  intervalMs: number;
  /** Shortest gap between observations; never below {@link MIN_GAP_FLOOR_MS}. @default 1000 */
  minGapMs: number;
  /** Longest gap between observations: no task is noticed later than this after it ends. @default 20000 */
  maxGapMs: number;
}

/** Default tuning of the adaptive schedule. */
export const DEFAULT_ADAPTIVE: AdaptiveOptions = { intervalMs: 20_000, minGapMs: 1000, maxGapMs: 20_000 };

/**
 * The adaptive schedule's tuning for jobs (ECS, EVS, IMS and DCS jobs), whose Terraform waiters read every 10 s:
 * the call budget of such a poller and gaps of at most 10 s, so a job is noticed within 10 s of its end, as there,
 * with its looks placed where the job is likely to end. A wait's own `policy` options override these.
 */
export const JOB_ADAPTIVE: Partial<AdaptiveOptions> = { intervalMs: 10_000, maxGapMs: 10_000 };

/** The floor of every gap (ms): a `minGapMs` below it is raised to it. */
export const MIN_GAP_FLOOR_MS = 1000;

/** The detection bound's constants: see {@link guaranteedLagMs}. */
export interface LagBound {
  /** Lag allowed for any task, however short (ms). */
  floorMs: number;
  /** Lag allowed as a fraction of the task's duration. */
  ratio: number;
}

/** The package's detection bound: a task is noticed within max(10 s, its duration) of its end (and `maxGapMs`). */
export const LAG_BOUND: LagBound = { floorMs: 10_000, ratio: 1 };

/** The adaptive schedule's complete tuning: the options, and the bound they must respect. */
export interface ScheduleTuning extends AdaptiveOptions {
  bound: LagBound;
}

/** Fills in defaults and enforces the floors: `minGapMs >= 1 s`, `maxGapMs >= minGapMs`, bound floor >= `minGapMs`. */
export function tuning(options: Partial<ScheduleTuning> = {}): ScheduleTuning {
  const o = { ...DEFAULT_ADAPTIVE, bound: LAG_BOUND, ...options };
  const minGapMs = Math.max(MIN_GAP_FLOOR_MS, o.minGapMs);
  return {
    ...o,
    minGapMs,
    maxGapMs: Math.max(minGapMs, o.maxGapMs),
    bound: { floorMs: Math.max(minGapMs, o.bound.floorMs), ratio: o.bound.ratio },
  };
}

/** The longest gap allowed after a look at `ageMs`: min(maxGapMs, max(bound floor, bound ratio · age)). */
export function gapCap(ageMs: number, o: ScheduleTuning): number {
  return Math.min(o.maxGapMs, Math.max(o.bound.floorMs, o.bound.ratio * ageMs));
}

/**
 * The detection bound (ms) the adaptive schedule guarantees, whatever its duration model: a task that ends at age
 * `D` is seen ended at most `min(maxGapMs, max(floorMs, ratio · D))` later. With the defaults: within max(10 s, D)
 * and never more than 20 s later, i.e. by age min(D + 20 s, max(D + 10 s, 2·D)); with {@link JOB_ADAPTIVE} (jobs),
 * within 10 s. The age is the one the waiter
 * knows (reported by the service, or counted from `startedAt`, else from the start of the wait, which can only be
 * younger): a waiter that does not know the task's age measures `D` from the start of its wait, so a task already
 * running is noticed sooner. The bound is the schedule's: a wait reading a shared scope may answer a look with data
 * fetched up to 30 % of the gap earlier (and at most 1 s earlier when the scope was just read), so shared waits are
 * guaranteed within 1.3 times the bound plus 1 s (the benchmark's grid measures them within the bound).
 */
export function guaranteedLagMs(durationMs: number, options: Partial<ScheduleTuning> = {}): number {
  const o = tuning(options);
  return Math.min(o.maxGapMs, Math.max(o.bound.floorMs, o.bound.ratio * Math.max(0, durationMs)));
}

/**
 * The next observation age after `age` for poll density `sqrt(hazard / 2λ)` (the density that minimises expected
 * detection lag plus λ per call), clamped to `minGapMs` and {@link gapCap}. Past the model's tail the model is
 * wrong about this task: the hazard is taken as `1 / (2·age)` (the task may well take as long again), whose density
 * gives the gap `2·sqrt(age·λ) + λ`, within the same bounds.
 */
export function nextAge(model: LogNormal, lambda: number, age: number, o: ScheduleTuning): number {
  const cap = gapCap(age, o);
  const table = densityTable(model);
  if (age >= table.tail) return age + clamp(2 * Math.sqrt(age * lambda) + lambda, o.minGapMs, cap);
  // One look per unit of density: the next look is where the integral of sqrt(hazard) grows by sqrt(2λ).
  const next = inverseIntegral(table, integral(table, age) + Math.sqrt(2 * lambda));
  return age + clamp(next - age, o.minGapMs, cap);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Expected observations and detection lag of the adaptive schedule for a task watched from age 0 (the lag is
 * integrated only when `withLag`: the budget needs the calls alone).
 */
export function expectedCost(model: LogNormal, lambda: number, o: ScheduleTuning, withLag = true): { calls: number; lagMs: number } {
  let calls = 0;
  let lag = 0;
  let prev = 0;
  for (let k = 0; k < 400; k += 1) {
    const s = survival(model, prev);
    if (s < 1e-4) break;
    const next = nextAge(model, lambda, prev, o);
    calls += s;
    // Completions in (prev, next] wait until `next`; integrate with a few midpoints.
    const parts = withLag ? 8 : 0;
    for (let j = 0; j < parts; j += 1) {
      const a = prev + ((next - prev) * j) / parts;
      const b = prev + ((next - prev) * (j + 1)) / parts;
      lag += (survival(model, a) - survival(model, b)) * (next - (a + b) / 2);
    }
    prev = next;
  }
  return { calls, lagMs: lag };
}

const lambdaCache = new Map<string, number>();

/** Model parameters are rounded to 2 % steps for λ, so a model that learning nudges slightly reuses its λ. */
const QUANTUM = 50;

/**
 * The λ that spends the budget `1 + mean / intervalMs` observations on average (bisection on the expected cost,
 * cached per model rounded to {@link QUANTUM} steps, so learning does not recompute it at every sample). The budget
 * is the model's alone, spent as if there were no bound: the looks the bound adds come on top of it.
 */
export function budgetLambda(model: LogNormal, o: ScheduleTuning): number {
  const q = { mu: Math.round(model.mu * QUANTUM) / QUANTUM, sigma: Math.round(model.sigma * QUANTUM) / QUANTUM };
  const key = `${q.mu}|${q.sigma}|${o.intervalMs}|${o.minGapMs}|${o.maxGapMs}`;
  const cached = lambdaCache.get(key);
  if (cached !== undefined) return cached;
  const target = 1 + mean(q) / o.intervalMs;
  const free: ScheduleTuning = { ...o, bound: { floorMs: o.maxGapMs, ratio: 0 } };
  // λ is a lag cost in ms: bracket it around the median.
  let lo = Math.log(Math.exp(q.mu) * 1e-4);
  let hi = Math.log(Math.exp(q.mu) * 10);
  for (let i = 0; i < 14; i += 1) {
    const mid = (lo + hi) / 2;
    if (expectedCost(q, Math.exp(mid), free, false).calls > target) lo = mid;
    else hi = mid;
  }
  const lambda = Math.exp(hi);
  if (lambdaCache.size > 500) lambdaCache.clear();
  lambdaCache.set(key, lambda);
  return lambda;
}

/**
 * The most waiters a shared look is priced for: one look read through a shared scope serves all its waiters, so
 * with `n` of them each pays 1/n of the call: the schedule prices a look at λ/n and divides the bound's floor by
 * sqrt(n), looking up to sqrt(16) = 4 times as often; the scope's calls per task still fall as `n` grows.
 */
export const MAX_SHARERS = 16;

/**
 * The package's schedule: dense where the task is likely to finish, sparse elsewhere, within a call budget, and
 * never sparser than the detection bound ({@link guaranteedLagMs}) allows, whatever `model` says: the model only
 * decides where to spend the looks the bound leaves free. `model` gives the duration distribution of the task's
 * type (it may change as history accumulates).
 * When the task's age is unknown the first observation is immediate (to learn it), and the time waited stands in
 * for the age if the service never reports it; a task known to have just started is first observed where
 * completion becomes plausible, and no later than the bound's floor.
 */
export function adaptiveSchedule(model: () => LogNormal, options: Partial<ScheduleTuning> = {}): Schedule {
  const o = tuning(options);
  return (ctx) => {
    // Age unknown: look at once to learn it; if the service never tells, count from the start of the wait.
    if (ctx.taskAgeMs === undefined && ctx.attempt === 0) return 0;
    const m = model();
    const age = Math.max(0, ctx.taskAgeMs ?? ctx.elapsedMs);
    const sharers = Math.min(MAX_SHARERS, Math.max(1, ctx.sharers ?? 1));
    // A shared look is cheaper for each waiter: the model's looks and the bound's first ones come sooner.
    const shared = sharers > 1 ? { ...o, bound: { ...o.bound, floorMs: Math.max(o.minGapMs, o.bound.floorMs / Math.sqrt(sharers)) } } : o;
    return Math.floor(nextAge(m, budgetLambda(m, o) / sharers, age, shared) - age);
  };
}
