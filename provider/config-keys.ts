/**
 * Misspelt settings: the `huaweicloud:*` config namespace is shared with the bridged `pulumi-huaweicloud` provider,
 * so a key neither of them knows (`huaweicloud:regoin`) would otherwise be silently ignored. This module names such
 * keys, with the closest known key, once per key and process.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { SETTING_SOURCES } from "./settings";

/** The config namespace this package shares with the bridged provider. */
export const CONFIG_NAMESPACE = "huaweicloud";

/**
 * The bridged provider's config keys: the provider schema of terraform-provider-huaweicloud, camelCased as
 * pulumi-huaweicloud exposes them (`sdk/nodejs/config/vars.ts`).
 */
export const BRIDGED_PROVIDER_CONFIG_KEYS = [
  "region",
  "accessKey",
  "secretKey",
  "securityToken",
  "domainId",
  "domainName",
  "userName",
  "userId",
  "password",
  "assumeRole",
  "projectId",
  "projectName",
  "tenantId",
  "tenantName",
  "token",
  "insecure",
  "cacertFile",
  "cert",
  "key",
  "agencyName",
  "agencyDomainName",
  "delegatedProject",
  "authUrl",
  "cloud",
  "endpoints",
  "regional",
  "sharedConfigFile",
  "profile",
  "enterpriseProjectId",
  "maxRetries",
  "enableForceNew",
  "signingAlgorithm",
  "skipCheckWebsiteType",
  "skipCheckUpgrade",
] as const;

/** The config keys this package reads: those of its settings, plus the `endpoints` map. */
export const PACKAGE_CONFIG_KEYS: readonly string[] = [
  ...Object.values(SETTING_SOURCES)
    .map((s) => s.config)
    .filter((k) => k !== ""),
  "endpoints",
];

const KNOWN: readonly string[] = [...new Set([...PACKAGE_CONFIG_KEYS, ...BRIDGED_PROVIDER_CONFIG_KEYS])];

/** Levenshtein distance (insertions, deletions, substitutions), in O(|a|·|b|) time and O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = row;
  }
  return previous[b.length] as number;
}

/** Case and `_`/`-` do not count: `access_key` is closest to `accessKey`. */
const normal = (key: string) => key.toLowerCase().replace(/[_-]/g, "");

/** The known key closest to `key` (ties: the earlier in the known list, this package's keys first). */
export function closestKnownKey(key: string, known: readonly string[] = KNOWN): string {
  let best = known[0] ?? "";
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const score = editDistance(normal(key), normal(candidate)) * 100 + editDistance(key, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** One config key that neither this package nor the bridged provider knows. */
export interface UnknownConfigKey {
  /** The full key, e.g. `huaweicloud:regoin`. */
  key: string;
  /** The closest known full key, e.g. `huaweicloud:region`. */
  closest: string;
}

/**
 * The `huaweicloud:*` keys among `keys` (full keys, as `pulumi.runtime.allConfig()` gives them) that neither this
 * package nor the bridged provider knows, each with the closest known key. Keys of other namespaces are ignored.
 */
export function unknownConfigKeys(keys: Iterable<string>): UnknownConfigKey[] {
  const prefix = `${CONFIG_NAMESPACE}:`;
  const out: UnknownConfigKey[] = [];
  for (const full of keys) {
    if (!full.startsWith(prefix)) continue;
    const key = full.slice(prefix.length);
    if (KNOWN.includes(key)) continue;
    out.push({ key: full, closest: `${prefix}${closestKnownKey(key)}` });
  }
  return out;
}

/** The warning for one unknown key. */
export function unknownConfigKeyMessage(u: UnknownConfigKey): string {
  return (
    `config key ${u.key} is not a setting of pulumi-hwc-tasks nor of the huaweicloud provider, so it is ignored; ` +
    `did you mean ${u.closest}?`
  );
}

const warnedInProcess = new Set<string>();

/**
 * Warns once per process about each unknown `huaweicloud:*` key of the Pulumi config: through `pulumi.log.warn`
 * (the deployment's log in a Pulumi run, the console outside one). Never throws: a config that cannot be read is
 * left to the settings' own errors.
 * @param readKeys the full config keys. @default the keys of `pulumi.runtime.allConfig()`
 * @param warn where warnings go. @default `pulumi.log.warn`
 * @param warned the keys already warned about. @default one set per process
 */
export function warnUnknownConfigKeys(
  readKeys: () => Iterable<string> = () => Object.keys(pulumi.runtime.allConfig()),
  warn: (message: string) => void = (m) => void pulumi.log.warn(m),
  warned: Set<string> = warnedInProcess,
): void {
  let keys: Iterable<string>;
  try {
    keys = readKeys();
  } catch {
    return;
  }
  for (const u of unknownConfigKeys(keys)) {
    if (warned.has(u.key)) continue;
    warned.add(u.key);
    warn(unknownConfigKeyMessage(u));
  }
}
