/**
 * The emulator's services: every operation's handler, typed against the endpoint table (a missing or mistyped one is
 * a compile error), and every task service's behaviour.
 * @module
 */
import type { ServiceName } from "../../provider/names";
import type { TaskService } from "../catalog";
import type { Owner } from "../routing";
import type { Handlers, TaskBehaviour } from "./context";
import { csmsBehaviour, csmsHandlers } from "./csms";
import { dcsBehaviour, dcsHandlers } from "./dcs";
import { dcsInstanceHandlers } from "./dcs-instances";
import { iamHandlers } from "./iam";
import { kpsBehaviour, kpsHandlers } from "./kps";
import { rocketmqBehaviour, rocketmqHandlers } from "./rocketmq";
import { ecsBehaviour, ecsHandlers } from "./ecs";
import { evsBehaviour, evsHandlers } from "./evs";
import { imsBehaviour, imsHandlers } from "./ims";

/** Every operation's handler. */
export const HANDLERS: Handlers = {
  ...kpsHandlers,
  ...csmsHandlers,
  ...dcsHandlers,
  ...dcsInstanceHandlers,
  ...rocketmqHandlers,
  ...ecsHandlers,
  ...evsHandlers,
  ...imsHandlers,
  ...iamHandlers,
};

/** A job id a service owns (job ids are one space on the one port; each job belongs to one service). */
const ownsJob = (service: TaskService): Owner => (world, params) => params["job_id"] !== undefined && world.peek(service, params["job_id"]) !== undefined;

/**
 * Services whose paths meet another's on the one port, and what each owns: the instance a path names (DCS and
 * RocketMQ), or the job (ECS, EVS and IMS share `GET /v1/{project_id}/jobs/{job_id}`).
 */
export const OWNERS: Readonly<Partial<Record<ServiceName, Owner>>> = {
  dcs: (world, params) => params["instance_id"] !== undefined && world.dcsInstances.has(params["instance_id"]),
  rocketmq: (world, params) => params["instance_id"] !== undefined && world.rocketmqInstances.has(params["instance_id"]),
  ecs: ownsJob("ecs"),
  evs: ownsJob("evs"),
  ims: ownsJob("ims"),
};

/** Every task service's behaviour. */
export const BEHAVIOURS: Readonly<Record<TaskService, TaskBehaviour>> = {
  kps: kpsBehaviour,
  csms: csmsBehaviour,
  dcs: dcsBehaviour,
  rocketmq: rocketmqBehaviour,
  ecs: ecsBehaviour,
  evs: evsBehaviour,
  ims: imsBehaviour,
};
