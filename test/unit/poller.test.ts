import { MIN_POLL_GAP_MS, boundedGap, poll, type Observation, type PollerOptions, type WaitEvent } from "../../provider/waiter/poller";
import { fixedSchedule, doublingSchedule } from "../../provider/waiter/schedule";
import { FakeClock } from "../helpers/fake-clock";

interface Task {
  status: string;
}

/** A task that is pending until `doneAt`, then `final`; records when it was looked at. */
function scripted(clock: FakeClock, doneAt: number, final: "succeeded" | "failed" = "succeeded") {
  const looks: number[] = [];
  const check = async (): Promise<Observation<Task>> => {
    looks.push(clock.now());
    if (clock.now() < doneAt) return { kind: "pending", status: "RUNNING_RESET", known: true, value: { status: "RUNNING_RESET" } };
    return final === "succeeded"
      ? { kind: "succeeded", status: "SUCCESS_RESET", value: { status: "SUCCESS_RESET" } }
      : { kind: "failed", status: "FAILED_RESET", value: { status: "FAILED_RESET" }, errorCode: "KPS.2010", errorMessage: "boom" };
  };
  return { looks, check };
}

function options(clock: FakeClock, extra: Partial<PollerOptions<Task>> & Pick<PollerOptions<Task>, "check">): PollerOptions<Task> {
  return { schedule: fixedSchedule(10_000, 20_000), timeoutMs: 30 * 60_000, now: clock.now, sleep: clock.sleep, random: () => 0.5, ...extra };
}

describe("poll", () => {
  it("looks exactly when Terraform's KPS schedule says, and stops at success", async () => {
    const clock = new FakeClock();
    const task = scripted(clock, 45_000);
    const r = await clock.run(poll(options(clock, { check: task.check })));
    expect(task.looks).toEqual([10_000, 30_000, 50_000]);
    expect(r).toMatchObject({ state: "succeeded", polls: 3, elapsedMs: 50_000, lastStatus: "SUCCESS_RESET", endedAt: 50_000 });
    expect(clock.pending()).toBe(0);
  });

  it("reports a failure as data, with the service's error", async () => {
    const clock = new FakeClock();
    const task = scripted(clock, 5_000, "failed");
    const r = await clock.run(poll(options(clock, { check: task.check })));
    expect(r.state).toBe("failed");
    expect(r.observation).toMatchObject({ kind: "failed", errorCode: "KPS.2010", errorMessage: "boom" });
  });

  it("checks the deadline before sleeping: the last look is at the deadline, then timeout", async () => {
    const clock = new FakeClock();
    const task = scripted(clock, 1e12);
    const r = await clock.run(poll(options(clock, { check: task.check, timeoutMs: 35_000 })));
    expect(task.looks).toEqual([10_000, 30_000, 35_000]);
    expect(r).toMatchObject({ state: "timeout", polls: 3, elapsedMs: 35_000, lastStatus: "RUNNING_RESET" });
  });

  it("abandons a look still running at the deadline", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const check = (signal: AbortSignal) =>
      new Promise<Observation<Task>>((_, reject) => {
        calls += 1;
        signal.addEventListener("abort", () => reject(new Error("abandoned")));
      });
    const r = await clock.run(poll(options(clock, { check, timeoutMs: 15_000 })));
    // Abandoned at the deadline plus the final look's grace (2 % of the timeout, at least 0.5 s).
    expect(r).toMatchObject({ state: "timeout", elapsedMs: 15_500, polls: 0 });
    expect(calls).toBe(1);
  });

  it("stops on abort while sleeping and while looking, leaving no timer behind", async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const task = scripted(clock, 1e12);
    const p = poll(options(clock, { check: task.check, signal: controller.signal }));
    setImmediate(() => controller.abort());
    const r = await clock.run(p);
    expect(r.state).toBe("aborted");
    expect(clock.pending()).toBe(0);

    const c2 = new AbortController();
    const hung = () => new Promise<Observation<Task>>(() => undefined);
    const p2 = poll(options(clock, { check: hung, schedule: () => 0, signal: c2.signal }));
    setImmediate(() => c2.abort());
    expect((await clock.run(p2)).state).toBe("aborted");
    expect(clock.pending()).toBe(0);
  });

  it("treats an unknown status as pending and reports it once", async () => {
    const clock = new FakeClock();
    const events: WaitEvent[] = [];
    let n = 0;
    const check = async (): Promise<Observation<Task>> => {
      n += 1;
      if (n < 4) return { kind: "pending", status: "PAUSED", known: false };
      return { kind: "succeeded", status: "SUCCESS", value: { status: "SUCCESS" } };
    };
    const r = await clock.run(poll(options(clock, { check, onProgress: (e) => events.push(e) })));
    expect(r.state).toBe("succeeded");
    expect(events.filter((e) => e.type === "unknown-status")).toEqual([{ type: "unknown-status", status: "PAUSED", elapsedMs: 10_000 }]);
    expect(events.filter((e) => e.type === "status").map((e) => (e as { status: string }).status)).toEqual(["PAUSED", "SUCCESS"]);
  });

  it("retries a task not found yet within the grace period, then gives up with the cause", async () => {
    const clock = new FakeClock();
    let looks = 0;
    const visibleAt = 25_000;
    const late = async (): Promise<Observation<Task>> => {
      looks += 1;
      return clock.now() < visibleAt ? { kind: "not-found" } : { kind: "succeeded", status: "SUCCESS", value: { status: "SUCCESS" } };
    };
    const events: WaitEvent[] = [];
    const ok = await clock.run(poll(options(clock, { check: late, schedule: fixedSchedule(0, 10_000), onProgress: (e) => events.push(e) })));
    expect(ok).toMatchObject({ state: "succeeded", polls: 4 });
    expect(events.filter((e) => e.type === "not-found-yet")).toHaveLength(1);

    const clock2 = new FakeClock();
    const never = async (): Promise<Observation<Task>> => ({ kind: "not-found", error: new Error("404") });
    const gone = await clock2.run(poll(options(clock2, { check: never, schedule: fixedSchedule(0, 10_000), notFoundGraceMs: 30_000 })));
    expect(gone).toMatchObject({ state: "not-found", polls: 4, elapsedMs: 30_000 });
    expect((gone.error as Error).message).toBe("404");
    expect(looks).toBe(4);
  });

  it("polls through transient errors and stops at a permanent one", async () => {
    const clock = new FakeClock();
    let n = 0;
    const flaky = async (): Promise<Observation<Task>> => {
      n += 1;
      if (n <= 2) return { kind: "error", error: new Error("503"), transient: true };
      return { kind: "succeeded", status: "SUCCESS", value: { status: "SUCCESS" } };
    };
    expect((await clock.run(poll(options(clock, { check: flaky })))).state).toBe("succeeded");
    const broken = async (): Promise<Observation<Task>> => ({ kind: "error", error: new Error("401"), transient: false });
    const r = await clock.run(poll(options(clock, { check: broken })));
    expect(r).toMatchObject({ state: "error", polls: 1 });
    const thrower = async (): Promise<Observation<Task>> => {
      throw new Error("bug");
    };
    expect((await clock.run(poll(options(clock, { check: thrower })))).state).toBe("error");
  });

  it("looks at once when woken by fresh shared data", async () => {
    const clock = new FakeClock();
    let wakeListener: (() => void) | undefined;
    const infos: { delayMs: number; woken: boolean }[] = [];
    let n = 0;
    const check = async (_s: AbortSignal, info: { delayMs: number; woken: boolean }): Promise<Observation<Task>> => {
      infos.push(info);
      n += 1;
      if (n === 1) setImmediate(() => wakeListener?.());
      return n < 2 ? { kind: "pending", status: "RUNNING" } : { kind: "succeeded", status: "SUCCESS", value: { status: "SUCCESS" } };
    };
    const r = await clock.run(
      poll(options(clock, { check, schedule: fixedSchedule(0, 20_000), wake: (l) => ((wakeListener = l), () => (wakeListener = undefined)) })),
    );
    expect(r.state).toBe("succeeded");
    expect(infos).toEqual([{ delayMs: 0, woken: false }, { delayMs: 20_000, woken: true }]);
    expect(r.elapsedMs).toBe(0);
    expect(wakeListener).toBeUndefined();
  });

  it("reads once and returns at once with a zero timeout (preview)", async () => {
    const clock = new FakeClock();
    const task = scripted(clock, 1e12);
    const r = await clock.run(poll(options(clock, { check: task.check, schedule: () => 0, timeoutMs: 0 })));
    expect(r).toMatchObject({ state: "timeout", polls: 1 });
    expect(r.observation).toMatchObject({ kind: "pending", status: "RUNNING_RESET" });
  });

  it("uses the task age it learns for the next delay", async () => {
    const clock = new FakeClock();
    const ages: (number | undefined)[] = [];
    const check = async (): Promise<Observation<Task>> =>
      clock.now() >= 3000 ? { kind: "succeeded", status: "S", value: { status: "S" } } : { kind: "pending", status: "R", taskAgeMs: 7000 + clock.now() };
    await clock.run(
      poll(options(clock, { check, schedule: (ctx) => (ages.push(ctx.taskAgeMs), ctx.attempt === 0 ? 0 : 1000) })),
    );
    expect(ages).toEqual([undefined, 7000, 8000, 9000]);
    expect(doublingSchedule()({ attempt: 0, elapsedMs: 0, taskAgeMs: undefined }, Math.random)).toBe(0);
  });

  it.each([0, 1e-6, -5, Number.NaN])("a schedule asking for a gap of %p: the first look may be immediate, later ones are the floor apart", async (gap) => {
    const clock = new FakeClock();
    const task = scripted(clock, 8 * MIN_POLL_GAP_MS);
    const r = await clock.run(poll(options(clock, { check: task.check, schedule: () => gap })));
    expect(r.state).toBe("succeeded");
    const gaps = task.looks.slice(1).map((t, i) => t - (task.looks[i] ?? 0));
    expect(gaps).toHaveLength(8);
    for (const g of gaps) expect(g).toBeCloseTo(MIN_POLL_GAP_MS, 6);
    expect(clock.sleeps.slice(1).every((ms) => ms >= MIN_POLL_GAP_MS)).toBe(true);
  });

  it("boundedGap: longer gaps pass unchanged, an infinite one waits for the deadline", () => {
    expect(boundedGap(0, 0)).toBe(0);
    expect(boundedGap(Number.NaN, 0)).toBe(0);
    expect(boundedGap(10_000, 3)).toBe(10_000);
    expect(boundedGap(Infinity, 3)).toBe(Infinity);
    expect(boundedGap(1, 1)).toBe(MIN_POLL_GAP_MS);
  });

  it("remembers the last error a look ended in, even when it polled on through it", async () => {
    const clock = new FakeClock();
    const errors = [new Error("503 one"), new Error("503 two")];
    let n = 0;
    const check = async (): Promise<Observation<Task>> => {
      const e = errors[n];
      n += 1;
      return e ? { kind: "error", error: e, transient: true } : { kind: "pending", status: "RUNNING_RESET" };
    };
    const r = await clock.run(poll(options(clock, { check, timeoutMs: 60_000 })));
    expect(r).toMatchObject({ state: "timeout", lastStatus: "RUNNING_RESET" });
    expect(r.lastError).toBe(errors[1]);
  });
});
