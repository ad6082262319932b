/**
 * The clocks waits run on: real time, or the emulator's time-scaled clock (`HWC_TASKS_CLOCK`), and a stable id per
 * clock so that waiters on different clocks never share a poll group.
 * @module
 */
import type { WaitClock } from "../options";
import { realSleep } from "../util/abort";

export type { WaitClock };

/** Reads `HWC_TASKS_CLOCK` (`origin@scale[+offset]`), the emulator's time-scaled clock, if set. */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): WaitClock | undefined {
  const spec = env["HWC_TASKS_CLOCK"];
  const m = spec ? /^(\d+)@(\d+(?:\.\d+)?)(?:\+(\d+))?$/.exec(spec) : null;
  if (!m) return undefined;
  const origin = Number(m[1]);
  const scale = Number(m[2]);
  const offset = Number(m[3] ?? 0);
  if (!(scale > 0)) return undefined;
  return {
    now: () => Math.round(origin + (Date.now() - origin) * scale + offset),
    sleep: (ms, signal) => realSleep(ms / scale, signal),
  };
}

const realClock: WaitClock = { now: () => Date.now(), sleep: realSleep };
const clockIds = new WeakMap<WaitClock, number>();
let nextClockId = 1;

/** A small number that identifies `clock` for as long as it lives. */
export function clockId(clock: WaitClock): number {
  let id = clockIds.get(clock);
  if (id === undefined) {
    id = nextClockId++;
    clockIds.set(clock, id);
  }
  return id;
}

let envClock: { spec: string | undefined; clock: WaitClock | undefined } = { spec: undefined, clock: undefined };

/** The clock waits use by default: `HWC_TASKS_CLOCK` (the emulator's time-scaled clock) when set, else real time. */
export function defaultClock(): WaitClock {
  const spec = process.env["HWC_TASKS_CLOCK"];
  if (spec !== envClock.spec) envClock = { spec, clock: clockFromEnv() };
  return envClock.clock ?? realClock;
}
