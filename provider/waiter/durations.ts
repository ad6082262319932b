/**
 * What the waiters know about how long tasks take: a prior per task type, sharpened by every duration the list APIs
 * show (DCS and RocketMQ `created_at`/`updated_at`), every finished job read (ECS, EVS, IMS `begin_time`/`end_time`)
 * and every completion a waiter observes (KPS, CSMS).
 * @module
 */
import { logNormal, type LogNormal } from "./lognormal";

/**
 * Priors per `service:name` (median seconds, log-space sigma); `service:*` applies to unknown names. DCS task names
 * and DCS job types share the `dcs:` keys (a job's type is its name: `masterStandbySwapJob` is both). No source
 * gives typical durations of the DCS job types or of `DeleteAcl` (the reference lists them as not confirmed): their
 * priors are assumptions, set from the nearest task type with a prior (a resize for `extendDCSInstance`, a replica
 * change for a creation) or from Terraform's polling (2 s for `DeleteAcl`), with a wider sigma where the guess is
 * rougher. The schedule's lag bound holds whatever a prior says, and every completion seen sharpens it.
 */
export const DURATION_PRIORS: Readonly<Record<string, readonly [number, number]>> = {
  "kps:*": [60, 0.8],
  "csms:*": [30, 0.8],
  "dcs:*": [90, 1.0],
  "dcs:EXTEND": [180, 0.9],
  "dcs:ChangeInstanceSpec": [180, 0.9],
  "dcs:AddReplica": [240, 0.9],
  "dcs:DelReplica": [120, 0.9],
  "dcs:BindEip": [30, 0.9],
  "dcs:UnBindEip": [30, 0.9],
  "dcs:AddWhitelist": [15, 0.9],
  "dcs:modify": [15, 0.9],
  "dcs:UpdatePort": [45, 0.9],
  "dcs:RemoveIpFromDns": [15, 0.9],
  "dcs:masterStandbySwapJob": [45, 0.9],
  "dcs:dcsExportJob": [120, 1.0],
  "dcs:DeleteAcl": [15, 1.0],
  "dcs:modifyClientIpTransJob": [30, 1.0],
  "dcs:modifyBandwidth": [30, 1.0],
  "dcs:createDCSInstance": [300, 1.0],
  "dcs:closeDCSInstance": [60, 1.0],
  "dcs:deleteDCSInstance": [60, 1.0],
  "dcs:backupDCSInstance": [120, 1.0],
  "dcs:restoreDCSInstance": [300, 1.0],
  "dcs:extendDCSInstance": [180, 1.0],
  "rocketmq:*": [60, 1.0],
  "rocketmq:restart": [120, 0.9],
  "rocketmq:extend": [300, 0.9],
  "rocketmq:bindInstancePublicIp": [45, 0.9],
  "rocketmq:unbindInstancePublicIp": [30, 0.9],
  // Jobs, by `job_type`. Power actions: "usually 15-35 s" (Terraform's ECS power-action comments): median
  // sqrt(15·35) ≈ 23 s, sigma widened from the 0.26 of a 90 % range to 0.5 ("usually"). The others are assumed
  // (no published durations; ordered by the work each does), with a wide sigma, so observed jobs soon outweigh
  // them; the schedule's lag bound holds whatever the prior.
  "ecs:*": [60, 1.0],
  "ecs:batchStartServers": [23, 0.5],
  "ecs:batchStopServers": [23, 0.5],
  "ecs:batchRebootServers": [30, 0.5],
  "ecs:createServer": [120, 0.8],
  "ecs:resizeServer": [90, 0.8],
  "ecs:changeOS": [180, 0.8],
  "ecs:reinstallOS": [180, 0.8],
  "ecs:attachVolume": [15, 0.8],
  "ecs:detachVolume": [15, 0.8],
  "ecs:deleteVMs": [60, 0.8],
  "evs:*": [30, 1.0],
  "evs:createVolume": [20, 0.8],
  "evs:batchCreateVolume": [30, 0.8],
  "evs:extendVolume": [15, 0.8],
  "evs:deleteVolume": [10, 0.8],
  "evs:retypeVolume": [300, 1.0],
  "ims:*": [300, 1.0],
  "ims:imsCreateImageByInstance": [600, 0.9],
  "ims:imsVolumeCreateImageJob": [420, 0.9],
  "ims:imsCopyImageInRegionJob": [300, 0.9],
  "ims:imsCrossRegionCopyImageJob": [900, 0.9],
  "ims:imsAddImageMembersJob": [10, 0.8],
  "*": [60, 1.0],
};

/** Weight of the prior, in samples. */
const PRIOR_WEIGHT = 2;
/** Samples kept per task type (most recent). */
const MAX_SAMPLES = 50;
/** Floor of the fitted sigma: durations are never perfectly regular, and observed ones are approximate. */
const MIN_SIGMA = 0.15;

/** Durations learned per task type, with priors. */
export class DurationBook {
  private readonly samples = new Map<string, number[]>();
  private readonly seen = new Set<string>();

  /** The key of a task type. */
  static key(service: string, name: string | undefined): string {
    return `${service}:${name ?? "*"}`;
  }

  /** The prior of a task type (its own, else its service's, else the global one). */
  prior(service: string, name: string | undefined): LogNormal {
    const p = (name !== undefined ? DURATION_PRIORS[`${service}:${name}`] : undefined) ?? DURATION_PRIORS[`${service}:*`] ?? DURATION_PRIORS["*"] ?? [60, 1];
    return logNormal(p[0] * 1000, p[1]);
  }

  /**
   * Records one duration (ms) of a task type. `taskId` deduplicates: the same task seen again is ignored.
   * Returns whether it was recorded.
   */
  record(service: string, name: string | undefined, durationMs: number, taskId?: string): boolean {
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) return false;
    if (taskId !== undefined) {
      const id = `${service}:${taskId}`;
      if (this.seen.has(id)) return false;
      this.seen.add(id);
      if (this.seen.size > 100_000) this.seen.clear();
    }
    const key = DurationBook.key(service, name);
    const list = this.samples.get(key) ?? [];
    list.push(durationMs);
    if (list.length > MAX_SAMPLES) list.shift();
    this.samples.set(key, list);
    return true;
  }

  /** Samples recorded for a task type. */
  count(service: string, name: string | undefined): number {
    return this.samples.get(DurationBook.key(service, name))?.length ?? 0;
  }

  /**
   * The duration model of a task type: the prior updated with the recorded samples (normal-normal update in log
   * space, prior weighted as {@link PRIOR_WEIGHT} samples). A type not known yet (`name` undefined, e.g. a KPS
   * wait before its first look names the operation) learns from every sample of its service.
   */
  model(service: string, name: string | undefined): LogNormal {
    const prior = this.prior(service, name);
    const samples = name !== undefined ? this.samples.get(DurationBook.key(service, name)) ?? [] : this.serviceSamples(service);
    const xs = samples.map(Math.log);
    const n = xs.length;
    if (n === 0) return prior;
    const meanLog = xs.reduce((a, b) => a + b, 0) / n;
    const ss = xs.reduce((a, y) => a + (y - meanLog) ** 2, 0);
    const mu = (PRIOR_WEIGHT * prior.mu + n * meanLog) / (PRIOR_WEIGHT + n);
    const shift = ((PRIOR_WEIGHT * n) / (PRIOR_WEIGHT + n)) * (meanLog - prior.mu) ** 2;
    const variance = (PRIOR_WEIGHT * prior.sigma ** 2 + ss + shift) / (PRIOR_WEIGHT + n);
    return { mu, sigma: Math.max(MIN_SIGMA, Math.sqrt(variance)) };
  }

  /** Every sample of a service's types (at most {@link MAX_SAMPLES} per type). */
  private serviceSamples(service: string): number[] {
    const out: number[] = [];
    for (const [key, list] of this.samples) if (key.startsWith(`${service}:`)) out.push(...list);
    return out;
  }

  /** Forgets everything learned (tests). */
  clear(): void {
    this.samples.clear();
    this.seen.clear();
  }
}
