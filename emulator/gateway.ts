/**
 * The emulated API gateway: SDK-HMAC-SHA256 signatures verified (with the gateway's own clock and its 15-minute
 * window), `X-Security-Token` and `X-Auth-Token` checked, and a token-bucket rate limit per access key and API.
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { EndpointDef } from "../provider/endpoints";
import { verifySignature } from "../provider/http/signer";
import { GATEWAY } from "./catalog";
import { ServiceError } from "./services/context";
import type { ServerConfig } from "./types";

function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The gateway in front of every service. */
export class Gateway {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** @param config credentials, clock offset, skew and rate limit (read at each call, so tests may change them). */
  constructor(private readonly config: ServerConfig) {}

  /** Verifies the request's signature (or `X-Auth-Token`) and security token; returns the access key. */
  authenticate(req: IncomingMessage, ep: EndpointDef, path: string, rawQuery: string, body: Buffer): string | undefined {
    const headers = req.headers;
    const authToken = firstValue(headers["x-auth-token"]);
    if (authToken !== undefined && !headers["authorization"]) {
      if (ep.service === "kps" && this.config.authTokens.includes(authToken)) return undefined;
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: the token is invalid", "gateway");
    }
    const result = verifySignature(
      { method: req.method ?? "GET", path, rawQuery, headers, body },
      (ak) => this.config.credentials.find((c) => c.accessKey === ak)?.secretKey,
      new Date(Date.now() + this.config.gatewayClockOffsetMs),
      this.config.maxSkewMs,
    );
    if (!result.ok) {
      const why =
        result.problem === "clock-skew"
          ? "the request has expired: X-Sdk-Date is more than 15 minutes from the gateway's clock"
          : result.problem === "unknown-access-key"
            ? "the access key does not exist"
            : `verify aksk signature fail (${result.problem})`;
      throw new ServiceError(401, GATEWAY.auth, `Incorrect IAM authentication information: ${why}`, "gateway");
    }
    const cred = this.config.credentials.find((c) => c.accessKey === result.accessKey);
    const token = firstValue(headers["x-security-token"]);
    if (cred?.securityToken !== undefined && token !== cred.securityToken) {
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: the security token is invalid or missing", "gateway");
    }
    if (token !== undefined && !result.signedHeaders.includes("x-security-token")) {
      throw new ServiceError(401, GATEWAY.auth, "Incorrect IAM authentication information: X-Security-Token must be signed", "gateway");
    }
    return result.accessKey;
  }

  /** Counts a call against the per-key, per-operation rate limit; throws 429 `APIGW.0308` beyond it. */
  rateLimit(accessKey: string | undefined, operation: string): void {
    const perSecond = this.config.rateLimitPerSecond;
    if (perSecond === undefined) return;
    const key = `${accessKey ?? "token"}:${operation}`;
    const now = Date.now();
    const b = this.buckets.get(key) ?? { tokens: perSecond, at: now };
    b.tokens = Math.min(perSecond, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      throw new ServiceError(
        429,
        GATEWAY.throttled,
        `The throttling threshold has been reached: policy user over ratelimit,limit:${perSecond},time:1 second`,
        "gateway",
      );
    }
    b.tokens -= 1;
  }
}
