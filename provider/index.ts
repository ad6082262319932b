/**
 * pulumi-hwc-tasks: Huawei Cloud background tasks (KPS, CSMS, DCS, RocketMQ) and jobs (ECS, EVS, IMS) in Pulumi
 * programs.
 *
 * - data sources: `getKpsTask`, `getKpsRunningTasks`, `getKpsFailedTasks`, `getCsmsTasks`, `getDcsTasks`,
 *   `getDcsInstanceTasks`, `getDcsJob`, `getDcsInstanceStatusCounts`, `getRocketMqTasks`, `getRocketMqTask`,
 *   `getEcsJob`, `getEvsJob`, `getImsJob`, each with its `...Output` twin; KPS failed-task cleanup:
 *   `deleteKpsFailedTask`, `deleteAllKpsFailedTasks`;
 * - waits: `waitForKpsTask`, `waitForCsmsTask`, `waitForDcsTask`, `waitForDcsJob`, `waitForRocketMqTask`,
 *   `waitForEcsJob`, `waitForEvsJob`, `waitForImsJob`, `waitForIdle`, `awaitTaskById` (DCS and RocketMQ waits report
 *   progress to an `onProgress` observer);
 * - dynamic resources: `KpsTaskWaiter`, `CsmsTaskWaiter`, `DcsTaskWaiter`, `DcsJobWaiter`, `RocketMqTaskWaiter`,
 *   `EcsJobWaiter`, `EvsJobWaiter`, `ImsJobWaiter`, `TaskGate`, `KpsKeypairAssociation`, `CsmsSecretRotation`;
 * - the signed client's building blocks: `signRequest`, `resolveSettings`;
 * - the runtime: the process-wide state (connections, throttle gates, project ids), fresh ones for isolation;
 * - the error taxonomy, with an `isX()` guard per error.
 * @packageDocumentation
 */
export {
  HwcTasksError,
  InputError,
  ApiError,
  ResponseShapeError,
  TaskFailedError,
  TaskNotFoundError,
  WaitTimeoutError,
  AbortError,
  ThrottledError,
  ResponseTooLargeError,
  ProviderProtocolError,
  isHwcTasksError,
  isInputError,
  isApiError,
  isResponseShapeError,
  isThrottledError,
  isResponseTooLargeError,
  isTaskFailedError,
  isTaskNotFoundError,
  isWaitTimeoutError,
  isAbortError,
  isProviderProtocolError,
  type ThrottleDetails,
  type InputIssue,
  type ApiErrorDetails,
  type TaskFailure,
  type TaskNotFoundDetails,
  type WaitTimeoutDetails,
} from "./errors";
export type { ServiceName, TaskServiceName, JobServiceName, GateServiceName, HostKey } from "./names";
export {
  signRequest,
  verifySignature,
  encodeRfc3986,
  encodePathSegment,
  type SignInput,
  type ReceivedRequest,
  type VerifyResult,
  type SignatureProblem,
  type SignedRequest,
  type SigningCredentials,
  type QueryValue,
} from "./http/signer";
export {
  resolveSettings,
  SETTING_SOURCES,
  type SettingsArgs,
  type ResolvedSettings,
  type SettingsSources,
  type ConfigLookup,
} from "./settings";
export { DEFAULT_MAX_RESPONSE_BYTES } from "./http/exchange";
export {
  closeDefaultDispatcher,
  createRuntime,
  currentRuntime,
  useRuntime,
  resetRuntime,
  Runtime,
  type RuntimeOptions,
} from "./runtime";
export type { ThrottleGate } from "./http/retry";
export type { SharedLookup } from "./util/shared";
export type {
  ExchangeEvent,
  TaskApiOptions,
  WaitOptions,
  WaitResult,
  WaitClock,
  PagingArgs,
  ListMeta,
  InputArgs,
} from "./options";
export type { Phase } from "./core/status";
export * from "./tasks/kps/public";
export * from "./tasks/csms/public";
export * from "./tasks/dcs/public";
export * from "./tasks/rocketmq/public";
export * from "./tasks/jobs/public";
export * from "./tasks/ecs/public";
export * from "./tasks/evs/public";
export * from "./tasks/ims/public";
export { waitForIdle, type IdleTarget, type IdleResult } from "./functions/idle";
export { awaitTaskById, type TaskByIdTarget, type AnyTask } from "./functions/by-id";
export { policies } from "./core/policies";
export { clockFromEnv } from "./core/clock";
export * from "./resources";
export { MIN_POLL_GAP_MS, type WaitEvent, type PollState } from "./waiter/poller";
export { JOB_ADAPTIVE, type Schedule, type PollContext, type AdaptiveOptions } from "./waiter/schedule";
export type { TimeInput, DurationInput } from "./util/time";
