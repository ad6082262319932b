/**
 * The machine's load during a benchmark: event-loop delay (`node:perf_hooks` `monitorEventLoopDelay`). A
 * time-scaled run multiplies every stall by its time scale, so each section states it.
 * @module
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 10;

/** Starts measuring this thread's event-loop delay; `stop()` returns its p99 in ms (beyond the sampling period). */
export function loopDelay(): { stop: () => number } {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  let result: number | undefined;
  return {
    stop: () => {
      if (result === undefined) {
        h.disable();
        // The histogram records the sampling timer's whole period: the delay is what exceeds it.
        result = h.count > 0 ? Math.max(0, h.percentile(99) / 1e6 - RESOLUTION_MS) : 0;
      }
      return result;
    },
  };
}
