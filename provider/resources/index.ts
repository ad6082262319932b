/**
 * Declarative watchers: dynamic resources that finish creating only when a task has succeeded (and fail the
 * deployment with the service's own error when it fails), a gate that holds a deployment until a scope is idle,
 * and two that start a task and await it: a KPS key-pair association (or reset) and a CSMS secret rotation.
 *
 * Types are `pulumi-nodejs:dynamic/hwc-tasks:<Class>`. A change of what is awaited (or of `triggers`) replaces the
 * resource, i.e. waits again; a `timeout` change alone does not. Refresh re-reads the task. Deleting one deletes
 * nothing in the cloud. Previews never wait. The two that start a task adopt, when run again after an
 * interruption, the task the interrupted run started (see {@link StartOnceArgs}).
 * @module
 */
export { RESOURCE_MODULE, type WaiterCommonArgs, type StartOnceArgs, type AfterInput } from "../core/resource";
export { TaskGate, type TaskGateArgs } from "./gate";
