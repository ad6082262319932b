/**
 * The names everything else is keyed by: the services this package talks to and the endpoint keys of Huawei
 * Cloud's catalog. A leaf module: it imports nothing.
 * @module
 */

/** Services this package talks to. */
export const SERVICE_NAMES = ["kps", "csms", "dcs", "rocketmq", "iam"] as const;

/** A service this package talks to. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that have tasks (every service but IAM). */
export type TaskServiceName = Exclude<ServiceName, "iam">;

/** Every service that has tasks, in a fixed order. */
export const TASK_SERVICE_NAMES: readonly TaskServiceName[] = ["kps", "csms", "dcs", "rocketmq"];

/** Endpoint catalog keys this package uses, as Terraform's `endpoints` map and `huaweicloud:endpoints` name them. */
export const HOST_KEYS = ["kms", "dcs", "dms", "iam"] as const;

/** An endpoint catalog key this package uses. */
export type HostKey = (typeof HOST_KEYS)[number];
