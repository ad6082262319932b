/**
 * Poll schedules, pure: given what a waiter knows (observations so far, time waited, the task's age), how long to
 * wait before looking again. The anchors' policies are here so the benchmark can replay them; the package's own
 * schedule is {@link adaptiveSchedule}.
 * @module
 */
import { hazard, mean, quantile, survival, type LogNormal } from "./lognormal";

/** What a schedule may look at. */
export interface PollContext {
  /** Observations made so far (0 before the first). */
  attempt: number;
  /** Milliseconds since the wait began. */
  elapsedMs: number;
  /** Milliseconds since the task started, as the service reports it; `undefined` when not known yet. */
  taskAgeMs: number | undefined;
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
   * Call budget: on average one observation per `intervalMs` of expected task duration, plus one: the budget of a
   * 13 s fixed poller, spent where completion is likely instead of evenly. Shared polling then divides it among
   * the waiters of a scope (in the benchmark's trace: fewer calls per task than Terraform's 10 s/20 s). @default 13000
   */
  intervalMs: number;
  /** Shortest gap between observations. @default 1000 */
  minGapMs: number;
  /** Longest gap between observations. @default 30000 */
  maxGapMs: number;
}

/** Default tuning of the adaptive schedule. */
export const DEFAULT_ADAPTIVE: AdaptiveOptions = { intervalMs: 13_000, minGapMs: 1000, maxGapMs: 30_000 };

const TAIL_P = 0.995;

/**
 * The next observation age after `age` for poll density `sqrt(hazard / 2λ)` (the density that minimises expected
 * detection lag plus λ per call), clamped to the gap bounds. Past the model's tail: a gap of a quarter of the age.
 */
export function nextAge(model: LogNormal, lambda: number, age: number, o: AdaptiveOptions): number {
  if (age >= quantile(model, TAIL_P)) return age + clamp(age / 4, o.minGapMs, o.maxGapMs);
  const steps = 120;
  const dt = o.maxGapMs / steps;
  let acc = 0;
  let t = age;
  for (let i = 0; i < steps; i += 1) {
    const h = hazard(model, t + dt / 2);
    acc += Math.sqrt(h / (2 * lambda)) * dt;
    t += dt;
    if (acc >= 1) break;
  }
  return age + clamp(t - age, o.minGapMs, o.maxGapMs);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Expected observations and detection lag of the adaptive schedule for a task watched from age 0. */
export function expectedCost(model: LogNormal, lambda: number, o: AdaptiveOptions): { calls: number; lagMs: number } {
  let calls = 0;
  let lag = 0;
  let prev = 0;
  for (let k = 0; k < 400; k += 1) {
    const s = survival(model, prev);
    if (s < 1e-4) break;
    const next = nextAge(model, lambda, prev, o);
    calls += s;
    // Completions in (prev, next] wait until `next`; integrate with a few midpoints.
    const parts = 8;
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
 * cached per model rounded to {@link QUANTUM} steps, so learning does not recompute it at every sample).
 */
export function budgetLambda(model: LogNormal, o: AdaptiveOptions): number {
  const q = { mu: Math.round(model.mu * QUANTUM) / QUANTUM, sigma: Math.round(model.sigma * QUANTUM) / QUANTUM };
  const key = `${q.mu}|${q.sigma}|${o.intervalMs}|${o.minGapMs}|${o.maxGapMs}`;
  const cached = lambdaCache.get(key);
  if (cached !== undefined) return cached;
  const target = 1 + mean(q) / o.intervalMs;
  // λ is a lag cost in ms: bracket it around the median.
  let lo = Math.log(Math.exp(q.mu) * 1e-4);
  let hi = Math.log(Math.exp(q.mu) * 10);
  for (let i = 0; i < 24; i += 1) {
    const mid = (lo + hi) / 2;
    if (expectedCost(q, Math.exp(mid), o).calls > target) lo = mid;
    else hi = mid;
  }
  const lambda = Math.exp(hi);
  if (lambdaCache.size > 500) lambdaCache.clear();
  lambdaCache.set(key, lambda);
  return lambda;
}

/**
 * The package's schedule: dense where the task is likely to finish, sparse elsewhere, within a call budget.
 * `model` gives the duration distribution of the task's type (it may change as history accumulates).
 * When the task's age is unknown the first observation is immediate (to learn it), and the time waited stands in
 * for the age if the service never reports it; a task known to have just started is first observed where
 * completion becomes plausible.
 */
export function adaptiveSchedule(model: () => LogNormal, options: Partial<AdaptiveOptions> = {}): Schedule {
  const o: AdaptiveOptions = { ...DEFAULT_ADAPTIVE, ...options };
  return (ctx) => {
    // Age unknown: look at once to learn it; if the service never tells, count from the start of the wait.
    if (ctx.taskAgeMs === undefined && ctx.attempt === 0) return 0;
    const m = model();
    const age = Math.max(0, ctx.taskAgeMs ?? ctx.elapsedMs);
    return Math.round(nextAge(m, budgetLambda(m, o), age, o) - age);
  };
}
