import { cdf, hazard, logNormal, mean, normalCdf, normalQuantile, quantile, survival } from "../../provider/waiter/lognormal";
import {
  DEFAULT_ADAPTIVE,
  adaptiveSchedule,
  awsWaiterSchedule,
  budgetLambda,
  doublingSchedule,
  expectedCost,
  fixedSchedule,
  nextAge,
  tuning,
  type Schedule,
} from "../../provider/waiter/schedule";
import { DurationBook } from "../../provider/waiter/durations";
import { densityTable, integral, inverseIntegral } from "../../provider/waiter/density";
import { seeded } from "../helpers/fake-clock";

/** The delays a schedule gives for attempts 0..n-1 when the task age is unknown. */
function delays(schedule: Schedule, n: number, random: () => number = () => 0.5): number[] {
  const out: number[] = [];
  let elapsed = 0;
  for (let attempt = 0; attempt < n; attempt += 1) {
    const d = schedule({ attempt, elapsedMs: elapsed, taskAgeMs: undefined }, random);
    out.push(d);
    elapsed += d;
  }
  return out;
}

describe("log-normal math", () => {
  it("inverts the normal CDF", () => {
    for (const p of [0.001, 0.02, 0.1, 0.5, 0.9, 0.98, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 5);
  });

  it("has the median at exp(mu) and consistent quantiles, survival and hazard", () => {
    const m = logNormal(40_000, 0.3);
    expect(quantile(m, 0.5)).toBeCloseTo(40_000, 0);
    expect(cdf(m, quantile(m, 0.9))).toBeCloseTo(0.9, 5);
    expect(survival(m, 40_000)).toBeCloseTo(0.5, 6);
    expect(mean(m)).toBeCloseTo(40_000 * Math.exp(0.045), 0);
    expect(hazard(m, 20_000)).toBeLessThan(hazard(m, 40_000));
    expect(cdf(m, 0)).toBe(0);
  });
});

describe("density table", () => {
  it("integrates sqrt(hazard) and inverts its integral", () => {
    const m = logNormal(60_000, 0.8);
    const table = densityTable(m);
    expect(table.tail).toBeCloseTo(quantile(m, 0.995), 6);
    // A fine midpoint sum over [1 s, 90 s] agrees with the table.
    let sum = 0;
    for (let t = 1000; t < 90_000; t += 10) sum += Math.sqrt(hazard(m, t + 5)) * 10;
    expect(integral(table, 90_000) - integral(table, 1000)).toBeCloseTo(sum, 1);
    for (const x of [5000, 30_000, 60_000, 200_000]) expect(inverseIntegral(table, integral(table, x)) / x).toBeCloseTo(1, 3);
    expect(inverseIntegral(table, Number.MAX_VALUE)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("anchor schedules", () => {
  it("Terraform KPS: 10 s then every 20 s", () => {
    expect(delays(fixedSchedule(10_000, 20_000), 5)).toEqual([10_000, 20_000, 20_000, 20_000, 20_000]);
  });

  it("Terraform CSMS: 5 s / 5 s", () => {
    expect(delays(fixedSchedule(5000, 5000), 3)).toEqual([5000, 5000, 5000]);
  });

  it("StateChangeConf: 100 ms doubling to 10 s", () => {
    expect(delays(doublingSchedule(100, 10_000), 10)).toEqual([0, 100, 200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
  });

  it("AWS waiter: immediate, then uniform(min, min·2^(n-1)) up to the ceiling, then max", () => {
    const rnd = seeded(42);
    const expected: number[] = [0];
    const check = seeded(42);
    const ceiling = Math.log(120_000 / 2000) / Math.log(2) + 1;
    for (let n = 1; n < 10; n += 1) {
      if (n > ceiling) expected.push(120_000);
      else {
        const upper = Math.min(120_000, 2000 * 2 ** (n - 1));
        expected.push(Math.round(2000 + check() * (upper - 2000)));
      }
    }
    expect(delays(awsWaiterSchedule(), 10, rnd)).toEqual(expected);
  });
});

describe("adaptive schedule", () => {
  const model = logNormal(40_000, 0.3);

  it("looks at once when the task's age is unknown", () => {
    const s = adaptiveSchedule(() => model);
    expect(s({ attempt: 0, elapsedMs: 0, taskAgeMs: undefined }, Math.random)).toBe(0);
  });

  it("follows the exact, deterministic sequence for a task known to have just started", () => {
    const s = adaptiveSchedule(() => model);
    const ages: number[] = [];
    let age = 0;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      age += s({ attempt, elapsedMs: age, taskAgeMs: age }, Math.random);
      ages.push(age);
    }
    // median 40 s, sigma 0.3: the bound's looks at 10 and 20 s, then the model's, every 8-10 s around the median.
    expect(ages).toEqual([10_000, 20_000, 36_917, 47_233, 56_372, 65_027, 73_448, 81_754]);
    const gaps = ages.map((a, i) => a - (i === 0 ? 0 : (ages[i - 1] as number)));
    expect(gaps[2]).toBeGreaterThan(15_000);
    expect(gaps.slice(3).every((g) => g <= 10_500)).toBe(true);
    expect(gaps.every((g) => g >= DEFAULT_ADAPTIVE.minGapMs && g <= DEFAULT_ADAPTIVE.maxGapMs)).toBe(true);
  });

  it("spends the model's budget (1 + mean/20 s looks) where completion is likely; the bound's looks come on top", () => {
    const o = tuning();
    const lambda = budgetLambda(model, o);
    const free = expectedCost(model, lambda, { ...o, bound: { floorMs: o.maxGapMs, ratio: 0 } });
    expect(free.calls).toBeCloseTo(1 + mean(model) / 20_000, 1);
    const bounded = expectedCost(model, lambda, o);
    // The bound adds the looks at 10 and 20 s (a task of this type almost never ends that early): one more.
    expect(bounded.calls - free.calls).toBeGreaterThan(0.9);
    expect(bounded.calls - free.calls).toBeLessThan(1.1);
    // A 20 s fixed poller's expected lag is ~10 s.
    expect(bounded.lagMs).toBeLessThan(6_000);
  });

  it("past the model's tail, takes the hazard as 1 / (2·age): gaps of 2·sqrt(age·λ) + λ, within the bound", () => {
    const late = quantile(model, 0.999);
    const o = tuning({ maxGapMs: 60_000 });
    expect(nextAge(model, 1000, late, o) - late).toBeCloseTo(2 * Math.sqrt(late * 1000) + 1000, 6);
    expect(nextAge(model, 1000, late, tuning()) - late).toBe(20_000);
  });

  it("looks up to 4x as often when the look is shared by 16 or more waiters", () => {
    const s = adaptiveSchedule(() => model);
    const at = (sharers: number) => s({ attempt: 3, elapsedMs: 40_000, taskAgeMs: 40_000, sharers }, Math.random);
    expect(at(4)).toBeLessThan(at(1));
    expect(at(16) / at(1)).toBeGreaterThan(0.2);
    expect(at(16) / at(1)).toBeLessThan(0.3);
    expect(at(1000)).toBe(at(16));
    // The bound's first look comes sooner too: 10 s alone, 10 / sqrt(16) = 2.5 s for 16 waiters or more.
    const first = (sharers: number) => s({ attempt: 0, elapsedMs: 0, taskAgeMs: 0, sharers }, Math.random);
    expect([first(1), first(4), first(16), first(500)]).toEqual([10_000, 5000, 2500, 2500]);
  });

  it("honours custom gap bounds", () => {
    const s = adaptiveSchedule(() => model, { minGapMs: 5000, maxGapMs: 6000 });
    const gap = s({ attempt: 1, elapsedMs: 0, taskAgeMs: 0 }, Math.random);
    expect(gap).toBeGreaterThanOrEqual(5000);
    expect(gap).toBeLessThanOrEqual(6000);
  });
});

describe("duration book", () => {
  it("starts from the prior and converges on what it observes, ignoring repeats", () => {
    const book = new DurationBook();
    const prior = book.model("kps", "RESET");
    expect(Math.exp(prior.mu)).toBeCloseTo(60_000, -2);
    const rnd = seeded(3);
    for (let i = 0; i < 40; i += 1) book.record("kps", "RESET", 40_000 * Math.exp(0.2 * (rnd() - 0.5)), `t${i}`);
    expect(book.record("kps", "RESET", 1, "t0")).toBe(false);
    const learned = book.model("kps", "RESET");
    expect(Math.exp(learned.mu)).toBeGreaterThan(38_000);
    expect(Math.exp(learned.mu)).toBeLessThan(44_000);
    expect(learned.sigma).toBeLessThan(prior.sigma);
    expect(book.count("kps", "RESET")).toBe(40);
    expect(book.model("kps", "UNBIND")).toEqual(prior);
  });

  it("uses the type's prior, then the service's, then the global one", () => {
    const book = new DurationBook();
    expect(Math.exp(book.model("dcs", "EXTEND").mu)).toBeCloseTo(180_000, -3);
    expect(Math.exp(book.model("dcs", "SomethingNew").mu)).toBeCloseTo(90_000, -3);
    expect(Math.exp(book.model("other", undefined).mu)).toBeCloseTo(60_000, -3);
    expect(book.record("dcs", "x", -5)).toBe(false);
  });

  it("models a type not named yet from every sample of its service", () => {
    const book = new DurationBook();
    for (let i = 0; i < 40; i += 1) book.record("kps", i % 2 === 0 ? "RESET" : "BIND", 10_000);
    book.record("csms", "ROTATE", 500_000);
    const unnamed = book.model("kps", undefined);
    expect(Math.exp(unnamed.mu)).toBeGreaterThan(10_000);
    expect(Math.exp(unnamed.mu)).toBeLessThan(12_000);
    expect(book.model("dcs", undefined)).toEqual(book.prior("dcs", undefined));
  });
});
