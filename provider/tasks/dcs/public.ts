/**
 * DCS's public surface: result and argument types, functions, resources.
 * @module
 */
export * from "./types";
export { getDcsTasks, getDcsTasksOutput, awaitDcsTask, waitForDcsTask } from "./functions";
export { DcsTaskWaiter, type DcsTaskWaiterArgs } from "./resources";
