/**
 * ECS (Elastic Cloud Server): its jobs, and the calls the emulator plays that start one (batch start, stop and
 * reboot; resize). Served from the `ecs.{region}` host. Errors of the calls that start work are
 * `{ "error": { "code", "message" } }`; a failed job query answers `{ "code", "message" }`.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { idString, loose, wireOptInt, wireOptString } from "./kit";
import { jobEnvelopeFields, jobStarted, showJobEndpoint } from "./jobs";

/** ECS as a service on the wire. Its error codes for the common cases are the emulator's choice (assumed). */
export const ECS: ServiceDef = {
  name: "ecs",
  title: "ECS",
  host: "ecs",
  errorStyle: "nested-code",
  codes: { badParameter: "Ecs.0005", notFound: "Ecs.0114", forbidden: "Ecs.0013", internal: "Ecs.0000" },
};

const DOCS = "https://support.huaweicloud.com/intl/en-us/api-ecs/";

/** `entities` of an ECS sub-job. */
const subJobEntities = loose({ server_id: wireOptString, nic_id: wireOptString, errorcode_message: wireOptString });

/** `entities` of an ECS job: the server (or NIC) it concerns, and the sub-jobs of a batch. */
export const ecsJobEntities = loose({
  server_id: wireOptString,
  nic_id: wireOptString,
  sub_jobs_total: wireOptInt,
  sub_jobs: z.array(loose({ ...jobEnvelopeFields, entities: subJobEntities.nullish() })).nullish(),
});

/** `GET /v1/{project_id}/jobs/{job_id}`: one ECS job (create, resize, power actions, OS change, volumes ...). */
export const ecsShowJob = showJobEndpoint({
  service: "ecs",
  host: "ecs",
  entities: ecsJobEntities,
  errorStyle: "flat-code",
  docs: `${DOCS}ShowJob.html`,
});

/** The servers of a batch action: 1 to 1000 ids. */
const servers = z.array(z.strictObject({ id: idString() })).min(1, { error: "must list at least one server" }).max(1000, { error: "must list at most 1000 servers" });
const stopType = z.enum(["SOFT", "HARD"], { error: 'must be "SOFT" or "HARD"' });

/**
 * `POST /v1/{project_id}/cloudservers/action`: starts, stops or reboots servers in one job (the SDKs' BatchStartServers,
 * BatchStopServers and BatchRebootServers: one route, told apart by the body's key).
 */
export const ecsBatchServerAction = endpoint({
  service: "ecs",
  operation: "BatchServerAction",
  method: "POST",
  host: "ecs",
  path: "/v1/{project_id}/cloudservers/action",
  pathParams: z.strictObject({}),
  query: z.strictObject({}),
  body: z.union(
    [
      z.strictObject({ "os-start": z.strictObject({ servers }) }),
      z.strictObject({ "os-stop": z.strictObject({ servers, type: stopType.optional() }) }),
      z.strictObject({ reboot: z.strictObject({ servers, type: stopType }) }),
    ],
    { error: 'must be { "os-start": { servers } }, { "os-stop": { servers, type? } } or { "reboot": { servers, type } }' },
  ),
  response: jobStarted,
  successStatus: 200,
  docs: `${DOCS}BatchStartServers.html`,
});

/** `POST /v1.1/{project_id}/cloudservers/{server_id}/resize`: changes a server's flavor in a job. */
export const ecsResizeServer = endpoint({
  service: "ecs",
  operation: "ResizeServer",
  method: "POST",
  host: "ecs",
  path: "/v1.1/{project_id}/cloudservers/{server_id}/resize",
  pathParams: z.strictObject({ server_id: idString() }),
  query: z.strictObject({}),
  body: z.strictObject({
    resize: z.strictObject({
      flavorRef: idString(64),
      dedicated_host_id: idString().optional(),
      /** `isAutoPay: "true"` pays a yearly/monthly server's order at once; otherwise its job waits for payment. */
      extendparam: z.strictObject({ isAutoPay: z.enum(["true", "false"]).optional() }).optional(),
      mode: z.string().max(64).optional(),
      cpu_options: z.looseObject({}).optional(),
    }),
    dry_run: z.boolean().optional(),
  }),
  response: jobStarted,
  successStatus: 200,
  docs: `${DOCS}ResizeServer.html`,
});
