/**
 * EVS's public surface: job types, functions, resources.
 * @module
 */
export * from "./types";
export { getEvsJob, getEvsJobOutput, awaitEvsJob, waitForEvsJob } from "./functions";
export { EvsJobWaiter, type EvsJobWaiterArgs } from "./resources";
