/**
 * The job family's public surface: what every job has, the arguments of the job functions, and the job waiters'
 * inputs.
 * @module
 */
export type { JobCommon, GetJobArgs, JobWaitTarget } from "./types";
export { JobWaiterResource, type JobWaiterArgs } from "./resource";
