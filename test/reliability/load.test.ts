/**
 * Load: 1,000 concurrent waiters in one process (a quarter per service, 5 % of the tasks failing) on the
 * emulator all finish with their own task's outcome, with sanity bounds on the API calls they made (shared
 * polling: fewer calls than waiters) and on the memory they took. The figures themselves are reported by
 * `npm run bench load` (`bench/load.ts`, the same scenario) and in `docs/reliability.md`.
 */
import { runLoad, type LoadResult } from "../../bench/load";
import { closeDefaultDispatcher } from "../../provider/http/dispatcher";

let r: LoadResult;
beforeAll(async () => {
  r = await runLoad({ waiters: 1000, timeScale: 100, seed: 7 });
}, 60_000);
afterAll(async () => {
  await closeDefaultDispatcher();
});

it("all 1,000 waiters finish, each with its own task's outcome", () => {
  expect(r.waiters).toBe(1000);
  expect(r.wrong).toEqual([]);
  expect(r.failing).toBeGreaterThan(0);
  expect(r.failedAsExpected).toBe(r.failing);
  expect(r.succeeded).toBe(r.waiters - r.failing);
});

it("they share their polls: fewer API calls than waiters, every service read", () => {
  expect(r.apiCalls).toBeGreaterThan(0);
  expect(r.apiCalls).toBeLessThan(r.waiters);
  for (const op of ["ListRunningTask", "ListSecretTask", "ListCenterTask", "ListBackgroundTasks"]) {
    expect([op, r.callsByOperation[op] ?? 0]).toEqual([op, expect.any(Number)]);
    expect(r.callsByOperation[op]).toBeGreaterThan(0);
  }
});

it("memory stays within a sanity bound: under 256 MB of heap and 512 MB of RSS above the baseline", () => {
  expect(r.peakHeapMb).toBeGreaterThanOrEqual(r.baselineHeapMb);
  expect(r.peakHeapMb - r.baselineHeapMb).toBeLessThan(256);
  expect(r.peakRssMb - r.baselineRssMb).toBeLessThan(512);
});
