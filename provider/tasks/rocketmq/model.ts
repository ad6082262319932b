/**
 * What RocketMQ's statuses mean and how its answers map to results: `CREATED` → `EXECUTING` → `SUCCESS`/`FAILED`;
 * `DELETED`/`CANCELLED` end without success.
 * @module
 */
import type { ResponseOf, rocketmqListTasks, rocketmqShowTask } from "../../endpoints";
import { opt } from "../../endpoints/kit";
import { normalizeStatus, statusSets } from "../../core/status";
import { isoMs } from "../listed";
import type { RocketMqTask } from "./types";

/** RocketMQ statuses. */
export const ROCKETMQ_STATUSES = statusSets({ succeeded: ["SUCCESS"], failed: ["FAILED", "DELETED", "CANCELLED"], pending: ["CREATED", "EXECUTING"] });

/** One RocketMQ task as the wire schema reads it. */
export type RocketMqWire = ResponseOf<typeof rocketmqListTasks>["tasks"][number];

/** `GET .../tasks/{task_id}` as the wire schema reads it: the list's shape, `{ task_count, tasks: [task] }`. */
export type RocketMqShowWire = ResponseOf<typeof rocketmqShowTask>;

/** Maps a RocketMQ task. */
export function toRocketMqTask(w: RocketMqWire): RocketMqTask {
  const status = normalizeStatus(w.status);
  return {
    id: w.id,
    name: w.name,
    userName: opt(w.user_name),
    userId: opt(w.user_id),
    params: opt(w.params),
    status,
    createdAt: isoMs(opt(w.created_at)) === undefined ? undefined : (w.created_at as string),
    updatedAt: isoMs(opt(w.updated_at)) === undefined ? undefined : (w.updated_at as string),
    phase: ROCKETMQ_STATUSES.classify(status),
  };
}
