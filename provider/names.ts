/**
 * The names everything else is keyed by: the services this package talks to and the endpoint keys of Huawei
 * Cloud's catalog. A leaf module: it imports nothing.
 * @module
 */

/** Services this package talks to. */
export const SERVICE_NAMES = ["kps", "csms", "dcs", "rocketmq", "ecs", "evs", "ims", "iam"] as const;

/** A service this package talks to. */
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that have tasks or jobs (every service but IAM). */
export type TaskServiceName = Exclude<ServiceName, "iam">;

/** Every service that has tasks or jobs, in a fixed order. */
export const TASK_SERVICE_NAMES: readonly TaskServiceName[] = ["kps", "csms", "dcs", "rocketmq", "ecs", "evs", "ims"];

/** Services whose asynchronous work is a *job* (`GET /v1/{project_id}/jobs/{job_id}`), read by id only: no list. */
export type JobServiceName = "ecs" | "evs" | "ims";

/** Services that list their work, so a gate can wait for a scope of theirs to be idle. */
export type GateServiceName = Exclude<TaskServiceName, JobServiceName>;

/** Endpoint catalog keys this package uses, as Terraform's `endpoints` map and `huaweicloud:endpoints` name them. */
export const HOST_KEYS = ["kms", "dcs", "dms", "ecs", "evs", "ims", "iam"] as const;

/** An endpoint catalog key this package uses. */
export type HostKey = (typeof HOST_KEYS)[number];
