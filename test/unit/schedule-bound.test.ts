import { logNormal, type LogNormal } from "../../provider/waiter/lognormal";
import { DurationBook } from "../../provider/waiter/durations";
import {
  DEFAULT_ADAPTIVE,
  JOB_ADAPTIVE,
  LAG_BOUND,
  MIN_GAP_FLOOR_MS,
  adaptiveSchedule,
  guaranteedLagMs,
  tuning,
  type ScheduleTuning,
} from "../../provider/waiter/schedule";
import { seeded } from "../helpers/fake-clock";

/** How the waiter learns the task's age. */
type AgeKnowledge =
  /** Told the start (`startedAt`) or shown the age by the service from the first look. */
  | "known"
  /** Never told: the schedule counts from the start of the wait. */
  | "unknown"
  /** Unknown before the first look, reported by the service from then on. */
  | "reported";

/**
 * Walks the adaptive schedule over a task that ends at age `durationMs`, the wait starting when the task is
 * `startAgeMs` old; returns the task's age at the first look that sees it ended, and every gap.
 */
function walk(
  model: LogNormal,
  options: Partial<ScheduleTuning>,
  durationMs: number,
  startAgeMs: number,
  knowledge: AgeKnowledge,
  sharers?: number,
): { noticedAtAge: number; gaps: number[] } {
  const s = adaptiveSchedule(() => model, options);
  const gaps: number[] = [];
  let elapsed = 0;
  for (let attempt = 0; attempt < 100_000; attempt += 1) {
    const age = startAgeMs + elapsed;
    const taskAgeMs = knowledge === "known" || (knowledge === "reported" && attempt > 0) ? age : undefined;
    const gap = s({ attempt, elapsedMs: elapsed, taskAgeMs, sharers }, () => 0.5);
    gaps.push(gap);
    elapsed += gap;
    if (startAgeMs + elapsed >= durationMs) return { noticedAtAge: startAgeMs + elapsed, gaps };
  }
  throw new Error("the schedule never reached the task's end");
}

/** Log-uniform in [lo, hi]. */
function logUniform(r: () => number, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
}

const OPTION_SETS: Partial<ScheduleTuning>[] = [
  {},
  { intervalMs: 2000, minGapMs: 200, maxGapMs: 10_000 },
  { intervalMs: 60_000, minGapMs: 3000, maxGapMs: 600_000 },
  { bound: { floorMs: 2000, ratio: 0.5 }, maxGapMs: 120_000 },
];

describe("the detection bound (whatever the duration model)", () => {
  it("states the documented defaults: max(10 s, D) after the end, never more than 20 s", () => {
    expect(LAG_BOUND).toEqual({ floorMs: 10_000, ratio: 1 });
    expect(DEFAULT_ADAPTIVE.maxGapMs).toBe(20_000);
    expect(guaranteedLagMs(2000)).toBe(10_000);
    expect(guaranteedLagMs(14_000)).toBe(14_000);
    expect(guaranteedLagMs(3_600_000)).toBe(20_000);
    expect(guaranteedLagMs(1000, { minGapMs: 15_000, maxGapMs: 30_000 })).toBe(15_000);
    expect(guaranteedLagMs(1000, { bound: { floorMs: 5000, ratio: 1 } })).toBe(5000);
  });

  it("notices a 2 s KPS task by age 10 s on a cold start (prior: median 60 s, σ 0.8), not 21 s", () => {
    const prior = new DurationBook().prior("kps", undefined);
    expect(walk(prior, {}, 2000, 0, "known").gaps).toEqual([10_000]);
    // Without the bound the model's first look would come at ~21 s.
    expect(walk(prior, { bound: { floorMs: 60_000, ratio: 1 }, maxGapMs: 60_000 }, 2000, 0, "known").noticedAtAge).toBeGreaterThan(20_000);
  });

  it("holds for random priors, durations, tunings and sharing when the age is known", () => {
    const r = seeded(1307);
    let checked = 0;
    for (let m = 0; m < 24; m += 1) {
      const model = logNormal(logUniform(r, 500, 3 * 3_600_000), 0.1 + r() * 1.9);
      for (const options of OPTION_SETS) {
        for (let k = 0; k < 6; k += 1) {
          const d = logUniform(r, 50, 10 * 3_600_000);
          const sharers = k % 3 === 0 ? undefined : 1 + Math.floor(r() * 60);
          const { noticedAtAge } = walk(model, options, d, 0, "known", sharers);
          expect(noticedAtAge - d).toBeLessThanOrEqual(guaranteedLagMs(d, options));
          checked += 1;
        }
      }
    }
    expect(checked).toBe(576);
  });

  it("holds from the start of the wait when the age is never reported, and from the task's start once it is", () => {
    const r = seeded(99);
    for (let m = 0; m < 30; m += 1) {
      const model = logNormal(logUniform(r, 1000, 3_600_000), 0.2 + r() * 1.3);
      const options = OPTION_SETS[m % OPTION_SETS.length] as Partial<ScheduleTuning>;
      for (let k = 0; k < 6; k += 1) {
        const d = logUniform(r, 200, 3 * 3_600_000);
        const startAge = r() * d;
        // Unknown age: the bound applies to the time from the start of the wait to the task's end (<= its duration).
        const unknown = walk(model, options, d, startAge, "unknown");
        expect(unknown.noticedAtAge - d).toBeLessThanOrEqual(guaranteedLagMs(d - startAge, options));
        expect(unknown.gaps[0]).toBe(0);
        // Reported after the first look: the bound applies to the task's real age.
        const reported = walk(model, options, d, startAge, "reported");
        expect(reported.noticedAtAge - d).toBeLessThanOrEqual(guaranteedLagMs(d, options));
      }
    }
  });

  it("notices a job within 10 s of its end, as Terraform's job waiters (every 10 s) do, whatever the prior", () => {
    expect(JOB_ADAPTIVE).toEqual({ intervalMs: 10_000, maxGapMs: 10_000 });
    const r = seeded(2210);
    for (let m = 0; m < 20; m += 1) {
      const model = logNormal(logUniform(r, 1000, 3_600_000), 0.2 + r() * 1.3);
      for (let k = 0; k < 6; k += 1) {
        const d = logUniform(r, 100, 3 * 3_600_000);
        expect(guaranteedLagMs(d, JOB_ADAPTIVE)).toBe(10_000);
        expect(walk(model, JOB_ADAPTIVE, d, 0, "known").noticedAtAge - d).toBeLessThanOrEqual(10_000);
        expect(walk(model, JOB_ADAPTIVE, d, r() * d, "reported").noticedAtAge - d).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it("is tight: the bound's own floor is where a long-expected task is first looked at", () => {
    const slow = logNormal(3_600_000, 0.3);
    expect(walk(slow, {}, 1, 0, "known").gaps[0]).toBe(LAG_BOUND.floorMs);
    // Then the gaps grow with the age (ratio 1) until they reach maxGapMs: looks at 10, 20, 40, 60, 80 s.
    const { gaps } = walk(slow, {}, 80_000, 0, "known");
    expect(gaps).toEqual([10_000, 10_000, 20_000, 20_000, 20_000]);
  });
});

describe("the gap floor", () => {
  it("raises minGapMs to 1 s and keeps maxGapMs and the bound's floor at or above it", () => {
    expect(MIN_GAP_FLOOR_MS).toBe(1000);
    const t = tuning({ minGapMs: 10, maxGapMs: 50 });
    expect(t.minGapMs).toBe(1000);
    expect(t.maxGapMs).toBe(1000);
    expect(tuning({ minGapMs: 4000, bound: { floorMs: 10, ratio: 1 } }).bound.floorMs).toBe(4000);
  });

  it("never looks again sooner than 1 s, however dense the model wants the looks", () => {
    const r = seeded(5);
    for (let m = 0; m < 20; m += 1) {
      const model = logNormal(logUniform(r, 500, 60_000), 0.05 + r() * 0.5);
      const { gaps } = walk(model, { intervalMs: 10, minGapMs: 1 }, logUniform(r, 1000, 600_000), 0, "known", 1000);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    }
  });
});
