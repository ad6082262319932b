import { SteppedClock } from "../../emulator";
import { awaitKpsTask, policies } from "../../provider";
import { useEmulator } from "../helpers/emulator";

describe("stepped clock", () => {
  it("wakes sleepers in the order of their virtual wake-up, and stands still while nobody sleeps", async () => {
    const clock = new SteppedClock(1_000_000);
    const woke: [string, number][] = [];
    const at = (name: string, ms: number) => clock.sleep(ms).then(() => void woke.push([name, clock.now()]));
    await Promise.all([at("b", 60_000), at("a", 5_000), at("c", 3_600_000), at("a2", 5_000)]);
    expect(woke).toEqual([
      ["a", 1_005_000],
      ["a2", 1_005_000],
      ["b", 1_060_000],
      ["c", 4_600_000],
    ]);
    expect(clock.now()).toBe(4_600_000);
    expect(clock.pending()).toBe(0);
  });

  it("forgets an aborted sleeper, and moves forward on request", async () => {
    const clock = new SteppedClock(0);
    const c = new AbortController();
    const gone = clock.sleep(10_000, c.signal);
    c.abort(new Error("stop"));
    await expect(gone).rejects.toThrow("stop");
    expect(clock.pending()).toBe(0);
    clock.advance(500);
    await clock.sleep(0);
    expect(clock.now()).toBe(500);
    expect(clock.spec()).toBe("stepped@500");
  });

  describe("in the emulator", () => {
    const ctx = useEmulator({ stepped: true });

    it("lets a waiter and the emulator agree to the millisecond, however long the task", async () => {
      const emu = ctx.emu;
      const task = emu.createTask({ service: "kps", name: "RESET", durationMs: 47 * 60_000 + 1, outcome: "success" });
      const r = await awaitKpsTask(
        { taskId: task.id },
        { ...emu.settings(), sources: { env: {} }, clock: emu.clock, policy: policies.terraformKps(), timeout: "2h" },
      );
      // Terraform's schedule looks at 10 s, 30 s, 50 s, ...: the first look at or after 47 min + 1 ms is at 47 min 10 s.
      expect(r.finishedAt - task.createdAt).toBe(47 * 60_000 + 10_000);
      expect(r.polls).toBe(1 + Math.ceil((47 * 60_000 + 1 - 10_000) / 20_000));
    });
  });
});
