/**
 * RocketMQ (Distributed Message Service) as a task module: an instance's background tasks listed, read by id and
 * awaited by id or name (a task the list does not show is read by id; progress where the service reports it),
 * gates on an instance, and one resource kind.
 * @module
 */
import { idString } from "../../endpoints/kit";
import type { TaskModule } from "../../core/module";
import { runWait } from "../../core/wait";
import { awaitRocketMqTask } from "./functions";
import { ROCKETMQ_STATUSES } from "./model";
import { rocketmqTaskWaiterSpec } from "./specs";
import type { RocketMqTask, RocketMqWaitTarget } from "./types";
import { rocketmqIdlePlan } from "./waits";

/** RocketMQ in the registry. */
export const ROCKETMQ_MODULE: TaskModule<RocketMqTask> = {
  service: "rocketmq",
  statuses: ROCKETMQ_STATUSES,
  awaitById: (target, opts) => awaitRocketMqTask(target as RocketMqWaitTarget, opts),
  idle: {
    fields: { instanceId: { schema: idString(), required: true } },
    describe: (s) => `instance ${s.instanceId ?? ""}`,
    wait: (s, opts) => runWait("waitForIdle", rocketmqIdlePlan(s), opts),
  },
  resources: { RocketMqTaskWaiter: rocketmqTaskWaiterSpec },
};
