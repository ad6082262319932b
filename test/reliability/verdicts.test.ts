/**
 * The seeded property of the watch layer: many waiters over every service and several scopes, with lagging lists,
 * deleted failure records, per-task and group-level faults and mixed credentials (`bench/verdicts.ts`). Every
 * verdict equals the emulator's truth; every other end is an error or a timeout, never the wrong terminal state; a
 * wrong key only ever gets its 401. `npm run bench verdicts` runs the same scenario much longer.
 */
import { runVerdicts } from "../../bench/verdicts";
import { closeDefaultDispatcher } from "../../provider/http/dispatcher";

afterAll(async () => {
  await closeDefaultDispatcher();
});

it.each([1, 2, 3])("seed %i: no wrong verdict, and most waits reach their task's own verdict", async (seed) => {
  const r = await runVerdicts({ seed, tasks: 40, timeScale: 200 });
  expect(r.wrong).toEqual([]);
  expect(r.wrongKeyVerdicts).toBe(0);
  expect(r.waits).toBeGreaterThanOrEqual(40);
  // The scenario is hostile, but its faults are bounded: most waits end in their task's own verdict.
  expect(r.succeeded + r.failed).toBeGreaterThan((r.waits - r.errors) / 2);
  expect(r.succeeded).toBeGreaterThan(0);
  expect(r.failed).toBeGreaterThan(0);
}, 60_000);
