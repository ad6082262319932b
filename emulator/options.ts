/**
 * The schema of the emulator's options (`startEmulator` and the CLI), with their defaults; it checks the shape of
 * {@link EmulatorOptions}.
 * @module
 */
import { z } from "zod";
import type { EmulatorOptions } from "./api";
import { DEFAULT_ACCESS_KEY, DEFAULT_AUTH_TOKEN, DEFAULT_PROJECT_ID, DEFAULT_REGION, DEFAULT_SECRET_KEY } from "./catalog";

export type { EmulatorOptions };

/** Options of {@link startEmulator} (and the matching CLI flags). */
export const EmulatorOptionsSchema = z.strictObject({
  /** Address to bind. Admin routes answer loopback peers only. @default "127.0.0.1" */
  host: z.string().default("127.0.0.1"),
  /** Port; 0 picks a free one. @default 0 */
  port: z.number().int().min(0).max(65535).default(0),
  /** Access key the gateway accepts. @default "HWCTASKSEMULATORAK01" */
  accessKey: z.string().min(1).default(DEFAULT_ACCESS_KEY),
  /** Secret key of `accessKey`. @default "hwc-tasks-emulator-secret-key" */
  secretKey: z.string().min(1).default(DEFAULT_SECRET_KEY),
  /** When set, requests must carry this `X-Security-Token` (temporary credentials). */
  securityToken: z.string().min(1).optional(),
  /** More credentials the gateway accepts (e.g. one per benchmark policy, to count calls by AK). */
  extraCredentials: z
    .array(z.strictObject({ accessKey: z.string().min(1), secretKey: z.string().min(1), securityToken: z.string().optional() }))
    .default([]),
  /** `X-Auth-Token` values KPS accepts. @default ["hwc-tasks-emulator-token"] */
  authTokens: z.array(z.string().min(1)).default([DEFAULT_AUTH_TOKEN]),
  /** The project id of the emulated account. @default "0f1e2d3c4b5a69788796a5b4c3d2e1f0" */
  projectId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default(DEFAULT_PROJECT_ID),
  /** The region IAM resolves the project for. @default "cn-north-4" */
  region: z.string().regex(/^[a-z]{2}(-[a-z0-9]+)+$/).default(DEFAULT_REGION),
  /** Seed of every random draw (ids, durations, outcomes, history). @default 1 */
  seed: z.number().int().default(1),
  /** Virtual ms per real ms: 1000 plays a 60 s task in 60 ms. @default 1 */
  timeScale: z.number().positive().max(1_000_000).default(1),
  /**
   * Virtual time jumps from one sleeper's wake-up to the next whenever the process is idle (`SteppedClock`): no time
   * scale, no distortion by load. Only for waiters in this process, sleeping on `emu.clock`; `timeScale` is then
   * ignored. @default false
   */
  stepped: z.boolean().default(false),
  /** Finished tasks seeded per task type, created over the past day (the history waiters learn from). @default 3 */
  history: z.number().int().min(0).max(1000).default(3),
  /** Largest accepted `X-Sdk-Date` skew, ms. @default 900000 (15 minutes) */
  maxSkewMs: z.number().int().min(0).default(15 * 60 * 1000),
  /**
   * Offset of the gateway's own clock from real time, ms, when it checks `X-Sdk-Date` (a gateway whose clock is off,
   * i.e. a client skewed by the opposite amount): beyond `maxSkewMs` every signed call is 401. @default 0
   */
  gatewayClockOffsetMs: z.number().int().default(0),
  /** Check every answer against the shared response schemas. @default true */
  validateResponses: z.boolean().default(true),
  /** Calls per second per access key and API before 429 `APIGW.0308`; unlimited when absent. */
  rateLimitPerSecond: z.number().positive().optional(),
});
