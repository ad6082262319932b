/**
 * Regression tests for two fixes the suite led to:
 * - the poller (on a fake clock): the not-found grace of a task that was already seen runs from the first answer
 *   without it, not from the start of the wait;
 * - marker paging (on the emulator): an empty CSMS list is an empty result, not a `TypeError` (it broke
 *   `getCsmsTasks`, CSMS waits for a rotation not visible yet, and idle gates on a secret never rotated).
 * The other fixes are covered where they were found: `task-starts.test.ts` (hints of calls not retried, the
 * adopted association), `path-safety.test.ts` (dot segments), `interruption.test.ts` (host killed mid-create).
 */
import { getCsmsTasks, waitForCsmsTask, waitForIdle, type WaitOptions } from "../../provider";
import { poll, type Observation, type WaitEvent } from "../../provider/waiter/poller";
import { fixedSchedule } from "../../provider/waiter/schedule";
import { FakeClock } from "../helpers/fake-clock";
import { useEmulator } from "../helpers/emulator";

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

describe("an empty CSMS list", () => {
  const ctx = useEmulator({ timeScale: 100, seed: 141, history: 3 });
  const opts = (extra: Partial<WaitOptions> = {}): WaitOptions => ({ ...ctx.emu.settings(), sources: { env: {} }, ...extra });

  it("getCsmsTasks of a secret never rotated, or of an unknown task id: no tasks", async () => {
    ctx.emu.addSecret("never-rotated");
    const bySecret = await getCsmsTasks({ secretName: "never-rotated" }, opts());
    expect(bySecret).toMatchObject({ total: 0, tasks: [], truncated: false });
    expect(await getCsmsTasks({ taskId: "no-such-rotation" }, opts())).toMatchObject({ total: 0, tasks: [] });
    expect(ctx.emu.requests({ operation: "ListSecretTask" }).map((r) => r.status)).toEqual([200, 200]);
  });

  it("waitForIdle on a secret never rotated: idle at once", async () => {
    ctx.emu.addSecret("never-rotated-2");
    const r = await waitForIdle({ service: "csms", secretName: "never-rotated-2" }, opts({ clock: ctx.emu.clock }));
    expect(r).toMatchObject({ idle: true, busyTaskIds: [], polls: 1 });
  });

  it("waitForCsmsTask of a rotation not visible yet: waits for it to appear", async () => {
    const t = ctx.emu.createTask({ service: "csms", scope: "api-token", durationMs: 20_000, outcome: "success", visibleAfterMs: 10_000 });
    const events: WaitEvent[] = [];
    const task = await waitForCsmsTask({ taskId: t.id }, opts({ clock: ctx.emu.clock, onProgress: (e) => events.push(e) }));
    expect(task).toMatchObject({ taskId: t.id, taskStatus: "SUCCESS" });
    expect(events.filter((e) => e.type === "not-found-yet")).toHaveLength(1);
  });
});
