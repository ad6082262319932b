/**
 * IMS's public surface: job types, functions, resources.
 * @module
 */
export * from "./types";
export { getImsJob, getImsJobOutput, awaitImsJob, waitForImsJob } from "./functions";
export { ImsJobWaiter, type ImsJobWaiterArgs } from "./resources";
