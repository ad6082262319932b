/**
 * ECS's public surface: job types, functions, resources.
 * @module
 */
export * from "./types";
export { getEcsJob, getEcsJobOutput, awaitEcsJob, waitForEcsJob } from "./functions";
export { EcsJobWaiter, type EcsJobWaiterArgs } from "./resources";
