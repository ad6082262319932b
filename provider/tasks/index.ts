/**
 * The registry: every service's task module. The generic loops (wait by id, idle wait, the resource host) read
 * services only from here.
 * @module
 */
import type { TaskModule } from "../core/module";
import type { TaskServiceName } from "../names";
import { CSMS_MODULE } from "./csms";
import { DCS_MODULE } from "./dcs";
import { KPS_MODULE } from "./kps";
import { ROCKETMQ_MODULE } from "./rocketmq";
import { ECS_MODULE } from "./ecs";
import { EVS_MODULE } from "./evs";
import { IMS_MODULE } from "./ims";

/** Every service's task module, by service name. */
export const TASK_MODULES: Readonly<Record<TaskServiceName, TaskModule>> = {
  kps: KPS_MODULE,
  csms: CSMS_MODULE,
  dcs: DCS_MODULE,
  rocketmq: ROCKETMQ_MODULE,
  ecs: ECS_MODULE,
  evs: EVS_MODULE,
  ims: IMS_MODULE,
};
