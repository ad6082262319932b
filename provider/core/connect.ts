/**
 * From the options a caller gives to a ready client: settings resolved (explicit > Pulumi config > environment),
 * then a {@link TaskApiClient} on the shared dispatcher.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { TaskApiClient } from "../http/client";
import type { TaskApiOptions } from "../options";
import { resolveSettings, type ConfigLookup, type SettingsSources } from "../settings";
import { warnUnknownConfigKeys } from "../config-keys";
import { parseArgs } from "./args";

export type { TaskApiOptions };

/** Reads the `huaweicloud` Pulumi config namespace (outside a Pulumi run: the `PULUMI_CONFIG` variable). */
export function pulumiConfigLookup(): ConfigLookup {
  const config = new pulumi.Config("huaweicloud");
  return (key) => config.get(key);
}

/** The default sources: Pulumi config (its unknown `huaweicloud:*` keys warned about once), then the process environment. */
export function defaultSources(): SettingsSources {
  warnUnknownConfigKeys();
  return { config: pulumiConfigLookup(), env: process.env };
}

const fn = (what: string) => z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", { error: `must be a ${what} function` });

/**
 * The accepted option names of every function, with the checks that are not the settings' own (those run in
 * `resolveSettings`). Unknown names are refused, so a misspelt option is an error rather than silently ignored.
 */
export const taskApiOptionsShape = {
  region: z.unknown().optional(),
  projectId: z.unknown().optional(),
  accessKey: z.unknown().optional(),
  secretKey: z.unknown().optional(),
  securityToken: z.unknown().optional(),
  endpoints: z.unknown().optional(),
  endpoint: z.unknown().optional(),
  cloud: z.unknown().optional(),
  maxRetries: z.unknown().optional(),
  signal: z.instanceof(AbortSignal, { error: "must be an AbortSignal" }).optional(),
  requestTimeoutMs: z.number().int().min(1, { error: "must be a positive number of ms" }).max(600_000, { error: "must be at most 600000 ms" }).optional(),
  maxResponseBytes: z
    .number()
    .int({ error: "must be a whole number of bytes from 1024 to 1073741824" })
    .min(1024, { error: "must be a whole number of bytes from 1024 to 1073741824" })
    .max(2 ** 30, { error: "must be a whole number of bytes from 1024 to 1073741824" })
    .optional(),
  onExchange: fn("callback").optional(),
  secrets: z
    .array(z.string({ error: "must be text" }).max(65_536, { error: "must be at most 65536 characters" }), { error: "must be a list of texts" })
    .max(32, { error: "must hold at most 32 texts" })
    .optional(),
  sources: z.unknown().optional(),
};

const TaskApiOptionsSchema = z.strictObject(taskApiOptionsShape);

/** Builds a client for one call. Throws `InputError` for bad options or settings, before any request. */
export function connect(options: TaskApiOptions = {}, context = "settings", checked = false): TaskApiClient {
  if (!checked) parseArgs(TaskApiOptionsSchema, options, `${context}: options`);
  const settings = resolveSettings(options, options.sources ?? defaultSources(), `${context}: settings`);
  return new TaskApiClient({
    settings,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
}
