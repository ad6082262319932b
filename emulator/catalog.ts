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
};

/** HTTP status for a request to a project the credentials do not own (assumed). */
export const UNKNOWN_PROJECT_STATUS: Readonly<Record<ServiceName, number>> = {
  kps: 403,
  csms: 403,
  dcs: 403,
  rocketmq: 404,
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
} as const;
