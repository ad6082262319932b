/**
 * Ready-made schedules: the package's own, and the anchors' (for comparison and for callers who want them).
 * @module
 */
import { awsWaiterSchedule, doublingSchedule, fixedSchedule, type AdaptiveOptions, type Schedule } from "../waiter/schedule";

/** Ready-made schedules for the `policy` option of every wait. */
export const policies = {
  /** The package's duration-aware schedule (the default). */
  adaptive: (options: Partial<AdaptiveOptions> = {}): Partial<AdaptiveOptions> => options,
  /** First look after `firstMs`, then every `everyMs`. */
  fixed: fixedSchedule,
  /** Terraform's KPS waiter: 10 s, then every 20 s. */
  terraformKps: (): Schedule => fixedSchedule(10_000, 20_000),
  /** Terraform's DCS job waiter (`checkDcsInstanceJobFinish`): 2 s, then every 10 s. */
  terraformDcsJob: (): Schedule => fixedSchedule(2_000, 10_000),
  /** Terraform's RocketMQ task waiter (`refreshInstanceTaskStatus`, a read by id): 10 s, then every 20 s. */
  terraformRocketMq: (): Schedule => fixedSchedule(10_000, 20_000),
  /** Terraform's ECS job waiter (`WaitForJobSuccess`: sleep 5 s, read, sleep 5 s): 5 s, then every 10 s. */
  terraformEcsJob: (): Schedule => fixedSchedule(5_000, 10_000),
  /** Terraform's CSMS rotation waiter: 5 s, then every 5 s. */
  terraformCsms: (): Schedule => fixedSchedule(5_000, 5_000),
  /** Terraform plugin SDK `StateChangeConf` defaults: 100 ms doubling up to 10 s. */
  stateChangeConf: (): Schedule => doublingSchedule(100, 10_000),
  /** AWS SDK v3 waiter: immediate, then jittered exponential 2 s .. 120 s. */
  awsWaiter: (minMs = 2000, maxMs = 120_000): Schedule => awsWaiterSchedule(minMs, maxMs),
};
