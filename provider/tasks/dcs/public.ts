/**
 * DCS's public surface: result and argument types, functions, resources.
 * @module
 */
export * from "./types";
export * from "./job-types";
export { getDcsTasks, getDcsTasksOutput, getDcsInstanceTasks, getDcsInstanceTasksOutput, awaitDcsTask, waitForDcsTask } from "./functions";
export { getDcsJob, getDcsJobOutput, awaitDcsJob, waitForDcsJob, getDcsInstanceStatusCounts, getDcsInstanceStatusCountsOutput } from "./jobs";
export { DcsTaskWaiter, DcsJobWaiter, type DcsTaskWaiterArgs, type DcsJobWaiterArgs } from "./resources";
