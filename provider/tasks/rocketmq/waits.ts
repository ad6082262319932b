/**
 * The plans of RocketMQ waits: an instance task by id or name, and an instance idle.
 * @module
 */
import { idlePlan, type Busy } from "../../core/idle";
import type { IdleScope } from "../../core/module";
import type { WaitPlan } from "../../core/plan";
import { NOT_VISIBLE } from "../../core/wait";
import { isoMs, type ListMatch } from "../listed";
import { describeMatch, listedWaitPlan } from "../listed-plan";
import { ROCKETMQ_STATUSES } from "./model";
import type { RocketMqTask } from "./types";
import { rocketmqProgressReader } from "./progress";
import { rocketmqBusy, rocketmqRead, rocketmqScope, type RocketMqInterest, type RocketMqSnapshot } from "./watch";

/** The plan of a wait for a task of instance `instanceId`; once found by name, it is followed by id. */
export function rocketmqWaitPlan(instanceId: string, match: ListMatch): WaitPlan<RocketMqSnapshot, RocketMqInterest, RocketMqTask> {
  return listedWaitPlan<RocketMqSnapshot, RocketMqInterest, RocketMqTask>({
    service: "rocketmq",
    statuses: ROCKETMQ_STATUSES,
    target: `rocketmq ${describeMatch(match)} of instance ${instanceId}`,
    scope: rocketmqScope(instanceId),
    match,
    interestOf: (m) => ({ match: m }),
    read: rocketmqRead,
    placeholder: (id, name) => ({
      id,
      name,
      userName: undefined,
      userId: undefined,
      params: undefined,
      status: NOT_VISIBLE,
      createdAt: undefined,
      updatedAt: undefined,
      phase: "pending",
    }),
    progress: rocketmqProgressReader(instanceId),
  });
}

/** The plan of a gate on an instance. */
export function rocketmqIdlePlan(scope: IdleScope): WaitPlan<RocketMqSnapshot, RocketMqInterest, Busy> {
  const instanceId = scope.instanceId ?? "";
  return idlePlan("rocketmq", `rocketmq instance ${instanceId} idle`, rocketmqScope(instanceId), { key: "*", value: { idle: true } }, (snap) => {
    const busy = rocketmqBusy(snap);
    return Array.isArray(busy) ? busy.map((t) => ({ id: t.id, name: t.name, createdMs: isoMs(t.createdAt) })) : busy;
  });
}
