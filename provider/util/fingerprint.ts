/**
 * A fingerprint of a whole credential (access key, secret key and security token): equal for equal credentials,
 * useless to anyone who reads it (an HMAC under a key made for this process). Poll groups, throttle gates and
 * project-id lookups are keyed by it, so no map ever holds a credential.
 * @module
 */
import { createHmac, randomBytes } from "node:crypto";

const processKey = randomBytes(32);

/** The fingerprint of `credentials` (32 hex characters). */
export function credentialTag(credentials: { accessKey: string; secretKey: string; securityToken?: string | undefined }): string {
  return createHmac("sha256", processKey)
    .update([credentials.accessKey, credentials.secretKey, credentials.securityToken ?? ""].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}
