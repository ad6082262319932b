/**
 * From the options a caller gives to a ready client: settings resolved (explicit > Pulumi config > environment),
 * then a {@link TaskApiClient} on the shared dispatcher.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { TaskApiClient, type ExchangeEvent } from "../http/client";
import { resolveSettings, type ConfigLookup, type SettingsArgs, type SettingsSources } from "../settings";

/** Connection settings and per-call controls, accepted by every function of the package. */
export interface TaskApiOptions extends SettingsArgs {
  /** Aborts the call (and its retries) when it fires. */
  signal?: AbortSignal;
  /** Deadline of one HTTP attempt, ms. @default 30000 */
  requestTimeoutMs?: number;
  /** Observer of every HTTP exchange (method, path, status, request id; never headers or credentials). */
  onExchange?: (event: ExchangeEvent) => void;
  /**
   * Where settings not given explicitly come from.
   * @default Pulumi config namespace `huaweicloud` and `process.env`
   */
  sources?: SettingsSources;
}

/** Reads the `huaweicloud` Pulumi config namespace (outside a Pulumi run: the `PULUMI_CONFIG` variable). */
export function pulumiConfigLookup(): ConfigLookup {
  const config = new pulumi.Config("huaweicloud");
  return (key) => config.get(key);
}

/** The default sources: Pulumi config, then the process environment. */
export function defaultSources(): SettingsSources {
  return { config: pulumiConfigLookup(), env: process.env };
}

/** Builds a client for one call. Throws `InputError` for missing or malformed settings, before any request. */
export function connect(options: TaskApiOptions = {}, context = "settings"): TaskApiClient {
  const settings = resolveSettings(options, options.sources ?? defaultSources(), `${context}: settings`);
  return new TaskApiClient({
    settings,
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
}
