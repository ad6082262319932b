/**
 * What the emulator plays: task types with their duration distributions and failure odds, default credentials,
 * and the error codes it answers with. Values marked "assumed" are the emulator's choice where no source settles
 * the real service's behaviour (see the README's emulator section).
 * @module
 */
import type { ServiceName } from "../provider/names";

/** Services that have tasks. */
export type TaskService = Exclude<ServiceName, "iam">;

/** A task type: its duration distribution (virtual ms) and its failure probability. */
export interface TaskType {
  /** Median duration, ms. */
  medianMs: number;
  /** Log-space standard deviation of the duration. */
  sigma: number;
  /** Chance a task of this type fails. */
  failureRate: number;
  /** Fraction of the duration spent in the first pending state (`READY_x`, `CREATED`). */
  queuedFraction: number;
}

const t = (medianS: number, sigma: number, failureRate = 0.05, queuedFraction = 0.1): TaskType => ({
  medianMs: medianS * 1000,
  sigma,
  failureRate,
  queuedFraction,
});

/** Task types per service, keyed by the name the service gives them (KPS: the operation). */
export const TASK_TYPES: Readonly<Record<TaskService, Readonly<Record<string, TaskType>>>> = {
  kps: { RESET: t(40, 0.3), REPLACE: t(45, 0.3), BIND: t(30, 0.3), UNBIND: t(25, 0.3) },
  csms: { ROTATE: t(15, 0.5, 0.05, 0) },
  dcs: {
    EXTEND: t(120, 0.4),
    BindEip: t(20, 0.3),
    UnBindEip: t(15, 0.3),
    AddReplica: t(180, 0.4),
    DelReplica: t(90, 0.4),
    AddWhitelist: t(8, 0.3),
    UpdatePort: t(30, 0.3),
    RemoveIpFromDns: t(10, 0.3),
    masterStandbySwapJob: t(25, 0.3),
    modify: t(10, 0.3),
    ChangeInstanceSpec: t(150, 0.4),
    dcsExportJob: t(60, 0.5),
  },
  rocketmq: {
    bindInstancePublicIp: t(30, 0.3),
    unbindInstancePublicIp: t(20, 0.3),
    restart: t(90, 0.3),
    extend: t(240, 0.4),
  },
  // Jobs (assumed, except power actions: "usually 15-35 s", Terraform's ECS comments); the queued stage is INIT.
  ecs: {
    createServer: t(100, 0.4),
    batchStartServers: t(22, 0.3),
    batchStopServers: t(22, 0.3),
    batchRebootServers: t(30, 0.3),
    resizeServer: t(75, 0.4),
    changeOS: t(150, 0.4),
    reinstallOS: t(150, 0.4),
    attachVolume: t(12, 0.3),
    detachVolume: t(10, 0.3),
    deleteVMs: t(40, 0.3),
  },
  evs: {
    createVolume: t(15, 0.4),
    batchCreateVolume: t(25, 0.4),
    extendVolume: t(12, 0.4),
    deleteVolume: t(8, 0.3),
    retypeVolume: t(120, 0.5),
  },
  ims: {
    imsCreateImageByInstance: t(480, 0.5),
    imsVolumeCreateImageJob: t(300, 0.5),
    imsCopyImageInRegionJob: t(240, 0.5),
    imsAddImageMembersJob: t(5, 0.3),
  },
};

/** A task type by name, or a generic one for names the catalog does not know. */
export function taskType(service: TaskService, name: string): TaskType {
  return TASK_TYPES[service][name] ?? t(60, 0.5);
}

/** Default access key of the emulator (documented; not a secret). */
export const DEFAULT_ACCESS_KEY = "HWCTASKSEMULATORAK01";
/** Default secret key of the emulator (documented; not a secret). */
export const DEFAULT_SECRET_KEY = "hwc-tasks-emulator-secret-key";
/** Default `X-Auth-Token` KPS accepts. */
export const DEFAULT_AUTH_TOKEN = "hwc-tasks-emulator-token";
/** Default project id. */
export const DEFAULT_PROJECT_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
/** Default region. */
export const DEFAULT_REGION = "cn-north-4";

/** Gateway error codes (documented by Huawei). */
export const GATEWAY = {
  /** Wrong signature, unknown AK, expired or skewed request. */
  auth: "APIGW.0301",
  /** Throttled. */
  throttled: "APIGW.0308",
  /** No such API. */
  noApi: "APIGW.0101",
} as const;

/** Failure codes the emulator gives failed tasks, per service. */
export const TASK_FAILURES: Readonly<Record<TaskService, readonly { code: string; msg: string }[]>> = {
  kps: [
    { code: "KPS.2010", msg: "Failed to inject the key pair: the server did not respond" },
    { code: "KPS.2011", msg: "The server's cloud-init agent is not running" },
  ],
  csms: [
    { code: "CSMS.0601", msg: "The rotation function returned an error" },
    { code: "CSMS.0602", msg: "The rotation function timed out" },
  ],
  dcs: [
    { code: "DCS.4049", msg: "The instance is busy with another operation" },
    { code: "111400063", msg: "Internal task failure" },
  ],
  rocketmq: [
    { code: "DMS.00400026", msg: "The instance status does not allow this operation" },
    { code: "DMS.00500999", msg: "Internal task failure" },
  ],
  ecs: [
    { code: "Ecs.0001", msg: "The server failed to change state: the hypervisor did not answer" },
    { code: "Ecs.0303", msg: "Insufficient resources in the availability zone for this flavor" },
  ],
  evs: [
    { code: "EVS.2085", msg: "The storage pool has no capacity for the volume" },
    { code: "EVS.5001", msg: "Internal job failure" },
  ],
  ims: [
    { code: "IMG.0024", msg: "Failed to create the image: the server's system disk could not be read" },
    { code: "IMG.0080", msg: "Internal job failure" },
  ],
};

/** HTTP status for a request to a project the credentials do not own (assumed). */
export const UNKNOWN_PROJECT_STATUS: Readonly<Record<ServiceName, number>> = {
  kps: 403,
  csms: 403,
  dcs: 403,
  rocketmq: 404,
  ecs: 403,
  evs: 403,
  ims: 403,
  iam: 403,
};

/** Well-known ids of the default world, so examples and docs can name them. */
export const DEFAULT_WORLD = {
  servers: [
    { id: "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006", name: "ecs-demo-1", keypairName: "KeyPair-demo" },
    { id: "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d", name: "ecs-demo-2", keypairName: undefined },
    { id: "7f6e5d4c-3b2a-4918-a7b6-c5d4e3f2a1b0", name: "ecs-demo-3", keypairName: "KeyPair-demo" },
  ],
  keypairs: ["KeyPair-demo", "KeyPair-rotated", "KeyPair-xt"],
  secrets: ["db-password", "api-token", "rotating-secret"],
  dcsInstances: [
    { id: "2d4b6b8e-3b1f-4c6e-9a0f-6c1d2e3f4a5b", name: "dcs-demo" },
    { id: "8e7d6c5b-4a39-4281-b706-f5e4d3c2b1a0", name: "dcs-cache-2" },
  ],
  rocketmqInstances: [
    { id: "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60", name: "rocketmq-demo" },
    { id: "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a", name: "rocketmq-orders" },
  ],
  volumes: [
    { id: "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d", name: "evs-demo-data", size: 40, volumeType: "SSD" },
    { id: "1e2d3c4b-5a69-4788-96a5-b4c3d2e1f0a9", name: "evs-demo-logs", size: 100, volumeType: "SAS" },
  ],
} as const;

/** The sub-job type of each batch job type (ECS's `createSingleServer` is documented; the others are assumed). */
export const SUB_JOB_TYPES: Readonly<Record<string, string>> = {
  createServer: "createSingleServer",
  batchStartServers: "startServer",
  batchStopServers: "stopServer",
  batchRebootServers: "rebootServer",
  deleteVMs: "deleteVM",
  batchCreateVolume: "createVolume",
  bulkDeleteVolume: "deleteSingleVolume",
};

/** How long a finished job (`SUCCESS`/`FAIL`) stays readable: ECS, EVS and IMS purge them after a day. */
export const JOB_PURGE_MS = 24 * 3_600_000;
