/**
 * The service table: every endpoint and service this package knows, in one place.
 * @module
 */
import type { EndpointDef, ServiceDef, ServiceName } from "./table";
import {
  KPS,
  kpsAssociateKeypair,
  kpsDeleteAllFailedTasks,
  kpsDeleteFailedTask,
  kpsDisassociateKeypair,
  kpsListFailedTasks,
  kpsListRunningTasks,
  kpsShowTask,
} from "./kps";
import { CSMS, csmsListTasks, csmsRotateSecret } from "./csms";
import { DCS, dcsInstanceStatusCounts, dcsListInstanceTasks, dcsListTasks, dcsShowJob, dcsShowTaskProgress } from "./dcs";
import { ROCKETMQ, rocketmqListTasks, rocketmqShowTask, rocketmqShowTaskProgress } from "./rocketmq";
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

/**
 * Every endpoint by its operation name (the name in Huawei's SDKs; prefixed with the service where two services
 * share a name), in the order the emulator routes them. The emulator's handlers are typed against this table: a
 * missing or mistyped handler is a compile error.
 */
export const ENDPOINT_TABLE = {
  ListKeypairTask: kpsShowTask,
  ListRunningTask: kpsListRunningTasks,
  ListFailedTask: kpsListFailedTasks,
  AssociateKeypair: kpsAssociateKeypair,
  DisassociateKeypair: kpsDisassociateKeypair,
  DeleteFailedTask: kpsDeleteFailedTask,
  DeleteAllFailedTask: kpsDeleteAllFailedTasks,
  ListSecretTask: csmsListTasks,
  RotateSecret: csmsRotateSecret,
  ListCenterTask: dcsListTasks,
  ListBackgroundTasks: rocketmqListTasks,
  ShowBackgroundTask: rocketmqShowTask,
  RocketMqShowBackgroundTaskProgress: rocketmqShowTaskProgress,
  ListBackgroundTask: dcsListInstanceTasks,
  DcsShowBackgroundTaskProgress: dcsShowTaskProgress,
  ShowJobInfo: dcsShowJob,
  ListNumberOfInstancesInDifferentStatus: dcsInstanceStatusCounts,
  KeystoneListProjects: iamListProjects,
} as const;

/** An operation this package calls. */
export type OperationName = keyof typeof ENDPOINT_TABLE;

/** Every endpoint, in the order the emulator routes them. */
export const ENDPOINTS: readonly EndpointDef[] = Object.values(ENDPOINT_TABLE) as readonly EndpointDef[];
