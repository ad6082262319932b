/**
 * Progress as the emulator plays it for DCS and RocketMQ tasks: the task's run (from the end of its queued state to
 * its end) split into equal steps, a percent that advances with the clock, and the time left. A failed task stops
 * at the start of its last step, which fails.
 * @module
 */
import type { Task } from "../world";

/** Where one step stands. */
export type StepState = "done" | "running" | "waiting" | "failed";

/** One step of a task's progress. */
export interface PlayedStep {
  name: string;
  state: StepState;
  /** Virtual epoch ms, once the step has begun. */
  beginAt: number | undefined;
  /** Virtual epoch ms, once the step has ended. */
  endAt: number | undefined;
}

/** A task's progress at virtual time `now`. */
export interface PlayedProgress {
  /** 0..100. */
  percent: number;
  /** Seconds left, 0 once finished. */
  remainingS: number;
  steps: PlayedStep[];
}

/** The progress of `task` at `now`, its run split into the steps `names`. */
export function playProgress(task: Task, now: number, names: readonly string[]): PlayedProgress {
  const n = Math.max(1, names.length);
  const run = Math.max(1, task.finishAt - task.startedAt);
  const failed = task.outcome === "failure" && now >= task.finishAt;
  const steps = names.map((name, i): PlayedStep => {
    const begin = task.startedAt + Math.round((run * i) / n);
    const end = i === n - 1 ? task.finishAt : task.startedAt + Math.round((run * (i + 1)) / n);
    if (failed && i === n - 1) return { name, state: "failed", beginAt: begin, endAt: end };
    if (now >= end) return { name, state: "done", beginAt: begin, endAt: end };
    if (now >= begin) return { name, state: "running", beginAt: begin, endAt: undefined };
    return { name, state: "waiting", beginAt: undefined, endAt: undefined };
  });
  const percent = failed
    ? Math.floor((100 * (n - 1)) / n)
    : now < task.startedAt
      ? 0
      : Math.min(100, Math.floor((100 * (Math.min(now, task.finishAt) - task.startedAt)) / run));
  return { percent, remainingS: Math.max(0, Math.ceil((task.finishAt - now) / 1000)), steps };
}
