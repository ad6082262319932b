/**
 * Regression tests, on a fake clock, for the poller fix the fault matrix led to: the not-found grace of a task
 * that was already seen runs from the first answer without it, not from the start of the wait. (The other fixes
 * are covered where they were found: `task-starts.test.ts` for the hints of calls not retried and the adopted
 * association, `path-safety.test.ts` for dot segments, `interruption.test.ts` for the host killed mid-create.)
 */
import { poll, type Observation, type WaitEvent } from "../../provider/waiter/poller";
import { fixedSchedule } from "../../provider/waiter/schedule";
import { FakeClock } from "../helpers/fake-clock";

interface Task {
  status: string;
}

const running: Observation<Task> = { kind: "pending", status: "EXECUTING", known: true, value: { status: "EXECUTING" } };
const done: Observation<Task> = { kind: "succeeded", status: "SUCCESS", value: { status: "SUCCESS" } };
const missing: Observation<Task> = { kind: "not-found", error: new Error("404") };

/** Looks every 10 s; what each look sees comes from `script(time)`. */
function run(script: (t: number) => Observation<Task>, graceMs = 60_000) {
  const clock = new FakeClock();
  const events: WaitEvent[] = [];
  const looks: string[] = [];
  const result = clock.run(
    poll<Task>({
      check: async () => {
        const obs = script(clock.now());
        looks.push(`${clock.now() / 1000}:${obs.kind}`);
        return obs;
      },
      schedule: fixedSchedule(0, 10_000),
      timeoutMs: 3_600_000,
      notFoundGraceMs: graceMs,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      onProgress: (e) => events.push(e),
    }),
  );
  return { result, events, looks };
}

it("a task missing from one answer 5 minutes into the wait is not given up on", async () => {
  const r = run((t) => (t === 300_000 ? missing : t < 400_000 ? running : done));
  expect(await r.result).toMatchObject({ state: "succeeded", lastStatus: "SUCCESS" });
  expect(r.looks).toContain("300:not-found");
  expect(r.events.filter((e) => e.type === "not-found-yet")).toHaveLength(1);
});

it("a task that is gone for good is given up on after the grace, counted from its first absence", async () => {
  const r = run((t) => (t < 300_000 ? running : missing), 30_000);
  const result = await r.result;
  expect(result).toMatchObject({ state: "not-found" });
  expect((result.error as Error).message).toBe("404");
  // Absent at 300 s, 310 s, 320 s; the look at 330 s is 30 s after the first absence.
  expect(r.looks.filter((l) => l.endsWith("not-found"))).toEqual(["300:not-found", "310:not-found", "320:not-found", "330:not-found"]);
});

it("a task never seen keeps the grace from the start of the wait (unchanged)", async () => {
  const r = run(() => missing, 30_000);
  expect(await r.result).toMatchObject({ state: "not-found", polls: 4, elapsedMs: 30_000 });
});

it("each new absence after the task reappeared is reported again", async () => {
  const r = run((t) => (t === 100_000 || t === 200_000 ? missing : t < 300_000 ? running : done));
  expect(await r.result).toMatchObject({ state: "succeeded" });
  expect(r.events.filter((e) => e.type === "not-found-yet")).toHaveLength(2);
});
