/**
 * Connection settings: region, project, credentials, endpoints. Resolved per call, field by field, from
 * explicit arguments, then Pulumi config (`huaweicloud:*`, the bridged provider's keys), then the environment
 * (Terraform's, the SDK's and the API docs' variable names). Pure: the config and environment are arguments.
 * @module
 */
import { z } from "zod";
import { InputError, type InputIssue } from "./errors";
import type { SigningCredentials } from "./http/signer";
import { HOST_KEYS, type HostKey } from "./names";

/** Connection settings a caller may give explicitly. Every field is optional; the rest comes from config/env. */
export interface SettingsArgs {
  /** Region, e.g. `cn-north-4`. Config `huaweicloud:region`, env `HW_REGION_NAME`. */
  region?: string;
  /** Project id; resolved through IAM (`GET /v3/projects?name={region}`) when absent everywhere. */
  projectId?: string;
  /** Access key (AK). Config `huaweicloud:accessKey`, env `HW_ACCESS_KEY`, `HUAWEICLOUD_SDK_AK`, `CLOUD_SDK_AK`. */
  accessKey?: string;
  /** Secret key (SK). Config `huaweicloud:secretKey`, env `HW_SECRET_KEY`, `HUAWEICLOUD_SDK_SK`, `CLOUD_SDK_SK`. */
  secretKey?: string;
  /** Security token of temporary credentials. Config `huaweicloud:securityToken`, env `HW_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`. */
  securityToken?: string;
  /**
   * Base URL per endpoint key this package calls ({@link HostKey}: `kms`, `dcs`, `dms`, `iam`); other keys are
   * refused here. Config `huaweicloud:endpoints`, which may also hold the bridged provider's other keys (`ecs`,
   * `vpc` ...): those are ignored.
   */
  endpoints?: Partial<Record<HostKey, string>>;
  /** One base URL for every service (e.g. the emulator). Env `HWC_TASKS_ENDPOINT`. */
  endpoint?: string;
  /** Cloud domain. Config `huaweicloud:cloud`, env `HW_CLOUD`. @default "myhuaweicloud.com" ("myhuaweicloud.eu" for eu-west-1xx) */
  cloud?: string;
  /** Retries of throttled or failed calls. Config `huaweicloud:maxRetries`, env `HW_MAX_RETRIES`. @default 4 */
  maxRetries?: number;
}

/** Settings after resolution. Credentials are held here and nowhere else; never log this object. */
export interface ResolvedSettings {
  region: string;
  /** `undefined` until resolved through IAM. */
  projectId: string | undefined;
  credentials: SigningCredentials;
  /** Base URL (origin, optionally with a path prefix) per endpoint key. */
  endpoints: Record<HostKey, string>;
  maxRetries: number;
}

/** Reads one key of the `huaweicloud` config namespace (without the namespace), e.g. `region`. */
export type ConfigLookup = (key: string) => string | undefined;

/** Where settings may come from besides explicit arguments. */
export interface SettingsSources {
  /** Pulumi config lookup; `undefined` when there is none. */
  config?: ConfigLookup | undefined;
  /** The environment. */
  env?: Readonly<Record<string, string | undefined>>;
}

interface FieldSource {
  arg: keyof SettingsArgs;
  config: string;
  env: readonly string[];
}

/** Every place each setting may come from, in precedence order. Documented in the README's configuration table. */
export const SETTING_SOURCES = {
  region: { arg: "region", config: "region", env: ["HW_REGION_NAME"] },
  projectId: { arg: "projectId", config: "projectId", env: ["HW_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"] },
  accessKey: { arg: "accessKey", config: "accessKey", env: ["HW_ACCESS_KEY", "HUAWEICLOUD_SDK_AK", "CLOUD_SDK_AK"] },
  secretKey: { arg: "secretKey", config: "secretKey", env: ["HW_SECRET_KEY", "HUAWEICLOUD_SDK_SK", "CLOUD_SDK_SK"] },
  securityToken: {
    arg: "securityToken",
    config: "securityToken",
    env: ["HW_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
  },
  cloud: { arg: "cloud", config: "cloud", env: ["HW_CLOUD"] },
  endpoint: { arg: "endpoint", config: "", env: ["HWC_TASKS_ENDPOINT"] },
  maxRetries: { arg: "maxRetries", config: "maxRetries", env: ["HW_MAX_RETRIES"] },
} as const satisfies Record<string, FieldSource>;

function describeSources(s: FieldSource): string {
  return `the ${String(s.arg)} argument, Pulumi config huaweicloud:${s.config}, or ${s.env.join(" / ")}`;
}

function pick(
  s: FieldSource,
  args: SettingsArgs,
  sources: SettingsSources,
): { value: string; from: string } | undefined {
  const explicit = args[s.arg];
  if (typeof explicit === "string" && explicit !== "") return { value: explicit, from: String(s.arg) };
  if (typeof explicit === "number") return { value: String(explicit), from: String(s.arg) };
  const fromConfig = s.config ? sources.config?.(s.config) : undefined;
  if (fromConfig !== undefined && fromConfig !== "") return { value: fromConfig, from: `huaweicloud:${s.config}` };
  for (const name of s.env) {
    const v = sources.env?.[name];
    if (v !== undefined && v !== "") return { value: v, from: name };
  }
  return undefined;
}

const REGION_RE = /^[a-z]{2}(-[a-z0-9]+)+$/;
const PROJECT_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Credentials may hold any printable ASCII except whitespace; their values are never echoed. */
const CREDENTIAL_RE = /^[\x21-\x7e]+$/;
const CLOUD_RE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Is this host a loopback address, where plain `http` is acceptable? */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function checkBaseUrl(value: string, field: string, issues: InputIssue[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ field, message: `must be an absolute URL such as https://kms.cn-north-4.myhuaweicloud.com` });
    return undefined;
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    issues.push({ field, message: "must use https (plain http is accepted only for loopback addresses)" });
    return undefined;
  }
  if (url.search || url.hash || url.username || url.password) {
    issues.push({ field, message: "must not carry a query, fragment or user info" });
    return undefined;
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** The default cloud domain for a region, as Terraform picks it. */
export function defaultCloud(region: string): string {
  return region.startsWith("eu-west-1") ? "myhuaweicloud.eu" : "myhuaweicloud.com";
}

const endpointsObject = z.record(z.string(), z.string());

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Resolves settings field by field: explicit args, then Pulumi config, then the environment.
 * @throws InputError listing every missing or malformed setting and every place it could have come from.
 */
export function resolveSettings(
  args: SettingsArgs = {},
  sources: SettingsSources = {},
  context = "settings",
): ResolvedSettings {
  const issues: InputIssue[] = [];
  const region = pick(SETTING_SOURCES.region, args, sources);
  const accessKey = pick(SETTING_SOURCES.accessKey, args, sources);
  const secretKey = pick(SETTING_SOURCES.secretKey, args, sources);
  const token = pick(SETTING_SOURCES.securityToken, args, sources);
  const projectId = pick(SETTING_SOURCES.projectId, args, sources);
  const cloudPick = pick(SETTING_SOURCES.cloud, args, sources);
  const single = pick(SETTING_SOURCES.endpoint, args, sources);
  const retries = pick(SETTING_SOURCES.maxRetries, args, sources);

  if (!region) issues.push({ field: "region", message: `is missing: set ${describeSources(SETTING_SOURCES.region)}` });
  else if (!REGION_RE.test(region.value))
    issues.push({ field: "region", message: `(from ${region.from}) must be a region name such as cn-north-4` });
  for (const [name, picked] of [
    ["accessKey", accessKey],
    ["secretKey", secretKey],
  ] as const) {
    if (!picked) issues.push({ field: name, message: `is missing: set ${describeSources(SETTING_SOURCES[name])}` });
    else if (!CREDENTIAL_RE.test(picked.value))
      issues.push({ field: name, message: `(from ${picked.from}) must be printable ASCII without spaces (value not shown)` });
  }
  if (token && !CREDENTIAL_RE.test(token.value))
    issues.push({
      field: "securityToken",
      message: `(from ${token.from}) must be printable ASCII without spaces (value not shown)`,
    });
  if (projectId && !PROJECT_RE.test(projectId.value))
    issues.push({ field: "projectId", message: `(from ${projectId.from}) must be 1-64 letters, digits, '_' or '-'` });
  if (cloudPick && !CLOUD_RE.test(cloudPick.value))
    issues.push({ field: "cloud", message: `(from ${cloudPick.from}) must be a domain such as myhuaweicloud.com` });
  let maxRetries = 4;
  if (retries) {
    const n = Number(retries.value);
    if (!Number.isInteger(n) || n < 0 || n > 10)
      issues.push({ field: "maxRetries", message: `(from ${retries.from}) must be an integer from 0 to 10` });
    else maxRetries = n;
  }

  let configEndpoints: Record<string, string> = {};
  const rawConfigEndpoints = sources.config?.("endpoints");
  if (rawConfigEndpoints) {
    const parsed = endpointsObject.safeParse(safeJson(rawConfigEndpoints));
    // The map is shared with the bridged provider (`ecs`, `vpc`, `obs` ...): keys this package does not call are
    // that provider's business, so they are neither refused nor checked here.
    if (parsed.success) configEndpoints = parsed.data;
    else
      issues.push({
        field: "huaweicloud:endpoints",
        message: 'must be an object of endpoint key to base URL, e.g. {"kms":"https://kms.example.com"}',
      });
  }
  const cloud = cloudPick?.value ?? (region ? defaultCloud(region.value) : "myhuaweicloud.com");
  const endpoints = {} as Record<HostKey, string>;
  for (const key of HOST_KEYS) {
    const candidates: [string | undefined, string][] = [
      [args.endpoints?.[key], `endpoints.${key}`],
      [args.endpoint, "endpoint"],
      [configEndpoints[key], `huaweicloud:endpoints.${key}`],
      [single?.value, single?.from ?? ""],
    ];
    const chosen = candidates.find(([value]) => value !== undefined && value !== "");
    if (chosen) {
      const url = checkBaseUrl(chosen[0] as string, chosen[1], issues);
      if (url) endpoints[key] = url;
    } else if (region) {
      endpoints[key] = `https://${key}.${region.value}.${cloud}`;
    }
  }
  for (const key of Object.keys(args.endpoints ?? {})) {
    if (!(HOST_KEYS as readonly string[]).includes(key))
      issues.push({ field: `endpoints.${key}`, message: `is not an endpoint key; use one of ${HOST_KEYS.join(", ")}` });
  }

  if (issues.length > 0 || !region || !accessKey || !secretKey) throw new InputError(context, issues);
  return {
    region: region.value,
    projectId: projectId?.value,
    credentials: { accessKey: accessKey.value, secretKey: secretKey.value, securityToken: token?.value },
    endpoints,
    maxRetries,
  };
}
