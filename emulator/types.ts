/**
 * The emulator's server-side records and settings: the request log's entries, the credentials the gateway accepts,
 * and the settings of a running server.
 * @module
 */
import type { ServiceName } from "../provider/names";
import type { Fault } from "./api";

/** One logged request. */
export interface RequestRecord {
  seq: number;
  /** Real epoch ms when it arrived. */
  at: number;
  method: string;
  /** Raw path, without the query. */
  path: string;
  /** Decoded query. */
  query: Record<string, string>;
  /** Route it was dispatched to (`kps ListRunningTask`), or `unrouted`. */
  service: ServiceName | "unrouted";
  operation: string;
  /** Decoded path parameters of the route. */
  params: Record<string, string>;
  status: number;
  accessKey: string | undefined;
  /** Fault applied, if any. */
  fault: Fault["kind"] | undefined;
}

/** A credential the gateway accepts. */
export interface EmulatorCredential {
  accessKey: string;
  secretKey: string;
  /** When set, requests with this AK must carry this `X-Security-Token`. */
  securityToken?: string | undefined;
}

/** Settings of a running server. */
export interface ServerConfig {
  projectId: string;
  region: string;
  credentials: readonly EmulatorCredential[];
  authTokens: readonly string[];
  maxSkewMs: number;
  /** Offset of the gateway's clock from real time when checking `X-Sdk-Date`, ms. */
  gatewayClockOffsetMs: number;
  validateResponses: boolean;
  /** Calls per second per access key and operation before 429 (undefined: unlimited). */
  rateLimitPerSecond: number | undefined;
}
