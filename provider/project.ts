/**
 * The project id of a region, as the SDKs find it when none is configured: IAM `GET /v3/projects?name={region}`,
 * once per credential, region and IAM endpoint, shared by concurrent callers through the runtime's
 * {@link SharedLookup}. Each caller waits under its own signal (and deadline, when it has one); one caller giving
 * up never affects another, and the lookup stops only when no caller is left.
 * @module
 */
import type { z } from "zod";
import { InputError } from "./errors";
import type { CallInput, CallOptions, CallResult } from "./http/types";
import type { Runtime } from "./runtime";
import type { ResolvedSettings } from "./settings";
import { iamListProjects } from "./endpoints/iam";
import type { EndpointDef } from "./endpoints/table";
import { credentialTag } from "./util/fingerprint";

/** What the lookup needs from a client: its settings and a call that needs no project id. */
export interface ProjectLookupClient {
  readonly settings: ResolvedSettings;
  call<E extends EndpointDef>(ep: E, input?: CallInput, options?: CallOptions): Promise<CallResult<z.output<E["response"]>>>;
}

/**
 * Resolves a client's project id: `(client, signal, alone) => id`; `alone` runs this client's own lookup instead of
 * joining one in progress.
 */
export type ProjectIdSource = (client: ProjectLookupClient, signal: AbortSignal | undefined, alone?: boolean) => Promise<string>;

/** The lookup's key: every credential part (hashed, never kept), the region and the IAM endpoint. */
export function projectKey(settings: ResolvedSettings): string {
  return `${credentialTag(settings.credentials)}\u0000${settings.region}\u0000${settings.endpoints.iam}`;
}

async function lookup(client: ProjectLookupClient, signal: AbortSignal): Promise<string> {
  const region = client.settings.region;
  const result = await client.call(iamListProjects, { query: { name: region } }, { signal });
  const matches = result.data.projects.filter((p) => p.name === region);
  if (matches.length !== 1 || !matches[0]) {
    throw new InputError("settings", [
      {
        field: "projectId",
        message: `could not be resolved: IAM lists ${matches.length} projects named ${region}; set huaweicloud:projectId or HW_PROJECT_ID`,
      },
    ]);
  }
  return matches[0].id;
}

/**
 * The project-id source of `runtime`: the settings' project id when they carry one, else the IAM lookup shared
 * through `runtime.projectIds`.
 */
export function projectIdSource(runtime: Runtime): ProjectIdSource {
  return async (client, signal, alone = false) => {
    if (client.settings.projectId) return client.settings.projectId;
    const what = "the project id lookup (IAM)";
    const key = projectKey(client.settings);
    const run = (s: AbortSignal) => lookup(client, s);
    return alone ? runtime.projectIds.alone(key, run, signal, what) : runtime.projectIds.get(key, run, signal, what);
  };
}
