/**
 * RocketMQ's public surface: result and argument types, functions, resources.
 * @module
 */
export * from "./types";
export { getRocketMqTask, getRocketMqTaskOutput, getRocketMqTasks, getRocketMqTasksOutput, awaitRocketMqTask, waitForRocketMqTask } from "./functions";
export { RocketMqTaskWaiter, type RocketMqTaskWaiterArgs } from "./resources";
