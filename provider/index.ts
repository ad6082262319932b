/**
 * pulumi-hwc-tasks: Huawei Cloud background tasks (KPS, CSMS, DCS, RocketMQ) in Pulumi programs.
 *
 * - data sources: `getKpsTask`, `getKpsRunningTasks`, `getKpsFailedTasks`, `getCsmsTasks`, `getDcsTasks`,
 *   `getRocketMqTasks`, each with its `...Output` twin;
 * - waits: `waitForKpsTask`, `waitForCsmsTask`, `waitForDcsTask`, `waitForRocketMqTask`, `waitForIdle`;
 * - dynamic resources: `KpsTaskWaiter`, `CsmsTaskWaiter`, `DcsTaskWaiter`, `RocketMqTaskWaiter`, `TaskGate`,
 *   `KpsKeypairAssociation`, `CsmsSecretRotation`;
 * - the signed client's building blocks: `signRequest`, `resolveSettings`;
 * - the error taxonomy.
 * @packageDocumentation
 */
export {
  HwcTasksError,
  InputError,
  ApiError,
  ResponseShapeError,
  TaskFailedError,
  WaitTimeoutError,
  AbortError,
  type InputIssue,
  type ApiErrorDetails,
  type TaskFailure,
  type WaitTimeoutDetails,
  type ServiceName,
} from "./errors";
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
export { closeDefaultDispatcher, type ExchangeEvent } from "./http/client";
export type { HostKey } from "./services/table";
export { type TaskApiOptions } from "./functions/connect";
export {
  getKpsTask,
  getKpsTaskOutput,
  getKpsRunningTasks,
  getKpsRunningTasksOutput,
  getKpsFailedTasks,
  getKpsFailedTasksOutput,
  getCsmsTasks,
  getCsmsTasksOutput,
  getDcsTasks,
  getDcsTasksOutput,
  getRocketMqTasks,
  getRocketMqTasksOutput,
  type GetKpsTaskArgs,
  type GetKpsTasksArgs,
  type GetKpsTasksResult,
  type GetCsmsTasksArgs,
  type GetCsmsTasksResult,
  type GetDcsTasksArgs,
  type GetDcsTasksResult,
  type GetRocketMqTasksArgs,
  type GetRocketMqTasksResult,
  type PagingArgs,
  type ListMeta,
  type InputArgs,
} from "./functions/datasources";
export type {
  Phase,
  KpsTask,
  KpsListedTask,
  CsmsTask,
  DcsTask,
  DcsTaskDetails,
  RocketMqTask,
} from "./functions/model";
export {
  waitForKpsTask,
  awaitKpsTask,
  waitForCsmsTask,
  awaitCsmsTask,
  waitForDcsTask,
  awaitDcsTask,
  waitForRocketMqTask,
  awaitRocketMqTask,
  waitForIdle,
  awaitTaskById,
  policies,
  clockFromEnv,
  type WaitOptions,
  type WaitResult,
  type WaitClock,
  type KpsWaitTarget,
  type CsmsWaitTarget,
  type DcsWaitTarget,
  type RocketMqWaitTarget,
  type IdleTarget,
  type IdleResult,
  type TaskByIdTarget,
  type AnyTask,
} from "./functions/waits";
export {
  KpsTaskWaiter,
  KpsKeypairAssociation,
  CsmsSecretRotation,
  CsmsTaskWaiter,
  DcsTaskWaiter,
  RocketMqTaskWaiter,
  TaskGate,
  RESOURCE_MODULE,
  type KpsTaskWaiterArgs,
  type KpsKeypairAssociationArgs,
  type CsmsSecretRotationArgs,
  type CsmsTaskWaiterArgs,
  type DcsTaskWaiterArgs,
  type RocketMqTaskWaiterArgs,
  type TaskGateArgs,
  type WaiterCommonArgs,
  type StartOnceArgs,
  type AfterInput,
} from "./resources";
export type { WaitEvent, PollState } from "./waiter/poller";
export type { Schedule, PollContext, AdaptiveOptions } from "./waiter/schedule";
export type { TimeInput, DurationInput } from "./util/time";
