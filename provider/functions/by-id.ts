/**
 * Awaiting a task of any service by id: one entry point when the service is data (a list of tasks to await).
 * @module
 */
import { z } from "zod";
import { parseArgs } from "../core/args";
import { TASK_SERVICE_NAMES, type TaskServiceName } from "../names";
import type { WaitOptions, WaitResult } from "../options";
import { TASK_MODULES } from "../tasks";
import type { CsmsTask } from "../tasks/csms/types";
import type { DcsTask } from "../tasks/dcs/types";
import type { KpsTask } from "../tasks/kps/types";
import type { RocketMqTask } from "../tasks/rocketmq/types";
import type { EcsJob } from "../tasks/ecs/types";
import type { EvsJob } from "../tasks/evs/types";
import type { ImsJob } from "../tasks/ims/types";

/** A task of any service, by id (a RocketMQ task needs its instance; a DCS task may name its own), or a job of ECS, EVS or IMS by its job id. */
export type TaskByIdTarget =
  | { service: "kps" | "csms"; taskId: string }
  | { service: "dcs"; taskId: string; instanceId?: string }
  | { service: "rocketmq"; instanceId: string; taskId: string }
  | { service: "ecs" | "evs" | "ims"; jobId: string };

/** A task (or job), as whichever service it belongs to returns it. */
export type AnyTask = KpsTask | CsmsTask | DcsTask | RocketMqTask | EcsJob | EvsJob | ImsJob;

const TaskByIdSchema = z.looseObject({
  service: z.enum(TASK_SERVICE_NAMES as [TaskServiceName, ...TaskServiceName[]], {
    error: `must be ${TASK_SERVICE_NAMES.map((s) => `"${s}"`).join(", ")}`,
  }),
});

/**
 * Awaits a task of any service by id (a job of ECS, EVS or IMS by `jobId`).
 * @throws the errors of the service's own wait function
 * @example await awaitTaskById({ service: "rocketmq", instanceId, taskId });
 */
export async function awaitTaskById(target: TaskByIdTarget, opts: WaitOptions = {}): Promise<WaitResult<AnyTask>> {
  const { service, ...rest } = parseArgs(TaskByIdSchema, target, "awaitTaskById");
  return (await TASK_MODULES[service].awaitById(rest, opts)) as WaitResult<AnyTask>;
}
