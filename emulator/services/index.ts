/**
 * The emulator's services: every operation's handler, typed against the endpoint table (a missing or mistyped one is
 * a compile error), and every task service's behaviour.
 * @module
 */
import type { TaskService } from "../catalog";
import type { Handlers, TaskBehaviour } from "./context";
import { csmsBehaviour, csmsHandlers } from "./csms";
import { dcsBehaviour, dcsHandlers } from "./dcs";
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
  ...rocketmqHandlers,
  ...ecsHandlers,
  ...evsHandlers,
  ...imsHandlers,
  ...iamHandlers,
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
