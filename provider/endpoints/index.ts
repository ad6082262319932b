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
import { ECS, ecsBatchServerAction, ecsResizeServer, ecsShowJob } from "./ecs";
import { EVS, evsResizeVolume, evsShowJob } from "./evs";
import { IMS, imsShowJob } from "./ims";
import { IAM, iamListProjects } from "./iam";

export * from "./table";
export * from "./kps";
export * from "./csms";
export * from "./dcs";
export * from "./rocketmq";
export * from "./jobs";
export * from "./ecs";
export * from "./evs";
export * from "./ims";
export * from "./iam";

/** Every service by name. */
export const SERVICES: Readonly<Record<ServiceName, ServiceDef>> = {
  kps: KPS,
  csms: CSMS,
  dcs: DCS,
  rocketmq: ROCKETMQ,
  ecs: ECS,
  evs: EVS,
  ims: IMS,
  iam: IAM,
};

/**
 * Every endpoint by its operation name (the name in Huawei's SDKs; prefixed with the service where two services
 * share a name, as `ShowEcsJob` and its twins name the `ShowJob` of each service), in the order the emulator routes
 * them. The emulator's handlers are typed against this table: a
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
  ShowEcsJob: ecsShowJob,
  ShowEvsJob: evsShowJob,
  ShowImsJob: imsShowJob,
  BatchServerAction: ecsBatchServerAction,
  ResizeServer: ecsResizeServer,
  ResizeVolume: evsResizeVolume,
  KeystoneListProjects: iamListProjects,
} as const;

/** An operation this package calls. */
export type OperationName = keyof typeof ENDPOINT_TABLE;

/** Every endpoint, in the order the emulator routes them. */
export const ENDPOINTS: readonly EndpointDef[] = Object.values(ENDPOINT_TABLE) as readonly EndpointDef[];
