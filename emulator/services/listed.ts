/**
 * What the emulator's DCS and RocketMQ lists share: a `yyyyMMddHHmmss` window on creation times, ISO times with
 * milliseconds, and `updated_at` from the task's stage.
 * @module
 */
import { parseCompactUtc, toIsoMillis } from "../../provider/util/time";
import type { Task } from "../world";

/** A creation-time window from the APIs' `yyyyMMddHHmmss` bounds (inclusive to the second). */
export function window(begin: unknown, end: unknown): (t: Task) => boolean {
  const from = typeof begin === "string" ? (parseCompactUtc(begin)?.getTime() ?? -Infinity) : -Infinity;
  const to = typeof end === "string" ? (parseCompactUtc(end)?.getTime() ?? Infinity) + 999 : Infinity;
  return (t) => t.createdAt >= from && t.createdAt <= to;
}

/** When the task's `updated_at` says it last changed. */
export function updatedAt(task: Task, now: number): string {
  const t = now >= task.finishAt ? task.finishAt : now >= task.startedAt ? task.startedAt : task.createdAt;
  return toIsoMillis(t);
}

/** The `user_name` / `user_id` every DCS and RocketMQ task carries. */
export const USER = { userName: "emulator_user", userId: "d53977d1adfb49c5b025ba7d33a13fd7" };
