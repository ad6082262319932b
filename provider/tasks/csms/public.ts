/**
 * CSMS's public surface: result and argument types, functions, resources.
 * @module
 */
export * from "./types";
export { getCsmsTasks, getCsmsTasksOutput, awaitCsmsTask, waitForCsmsTask } from "./functions";
export { CsmsTaskWaiter, CsmsSecretRotation, type CsmsTaskWaiterArgs, type CsmsSecretRotationArgs } from "./resources";
