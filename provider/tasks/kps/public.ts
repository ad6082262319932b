/**
 * KPS's public surface: result and argument types, functions, resources.
 * @module
 */
export * from "./types";
export { getKpsTask, getKpsTaskOutput, getKpsRunningTasks, getKpsRunningTasksOutput, getKpsFailedTasks, getKpsFailedTasksOutput, awaitKpsTask, waitForKpsTask } from "./functions";
export { deleteKpsFailedTask, deleteAllKpsFailedTasks } from "./cleanup";
export { KpsTaskWaiter, KpsKeypairAssociation, type KpsTaskWaiterArgs, type KpsKeypairAssociationArgs } from "./resources";
