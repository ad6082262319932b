/**
 * The service table: every endpoint and service this package knows, in one place.
 * @module
 */
import type { EndpointDef, ServiceDef, ServiceName } from "./table";
import {
  KPS,
  kpsAssociateKeypair,
  kpsDisassociateKeypair,
  kpsListFailedTasks,
  kpsListRunningTasks,
  kpsShowTask,
} from "./kps";
import { CSMS, csmsListTasks, csmsRotateSecret } from "./csms";
import { DCS, dcsListTasks } from "./dcs";
import { ROCKETMQ, rocketmqListTasks } from "./rocketmq";
import { IAM, iamListProjects } from "./iam";

export * from "./table";
export * from "./kps";
export * from "./csms";
export * from "./dcs";
export * from "./rocketmq";
export * from "./iam";

/** Every service by name. */
export const SERVICES: Readonly<Record<ServiceName, ServiceDef>> = {
  kps: KPS,
  csms: CSMS,
  dcs: DCS,
  rocketmq: ROCKETMQ,
  iam: IAM,
};

/** Every endpoint, in the order the emulator routes them. */
export const ENDPOINTS: readonly EndpointDef[] = [
  kpsShowTask,
  kpsListRunningTasks,
  kpsListFailedTasks,
  kpsAssociateKeypair,
  kpsDisassociateKeypair,
  csmsListTasks,
  csmsRotateSecret,
  dcsListTasks,
  rocketmqListTasks,
  iamListProjects,
] as readonly EndpointDef[];
