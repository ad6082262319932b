/**
 * IAM: just enough to resolve a region's project id, as the SDKs do when none is configured.
 * @module
 */
import { z } from "zod";
import { endpoint, type ServiceDef } from "./table";
import { loose, wireOptString } from "./kit";

/** IAM as a service (no tasks). */
export const IAM: ServiceDef = {
  name: "iam",
  title: "IAM",
  host: "iam",
  errorStyle: "flat",
  codes: { badParameter: "IAM.0001", notFound: "IAM.0004", forbidden: "IAM.0002", internal: "IAM.0006" },
};

/** `GET /v3/projects?name={region}`: the projects named after a region (normally exactly one). */
export const iamListProjects = endpoint({
  service: "iam",
  operation: "KeystoneListProjects",
  method: "GET",
  host: "iam",
  path: "/v3/projects",
  pathParams: z.strictObject({}),
  query: z.strictObject({
    name: z
      .string()
      .regex(/^[a-z]{2}(-[a-z0-9]+)+$/, { error: "must be a region name such as cn-north-4" })
      .optional(),
  }),
  response: loose({
    projects: z.array(loose({ id: z.string(), name: z.string(), domain_id: wireOptString, enabled: z.boolean().optional() })),
  }),
  successStatus: 200,
  docs: "https://support.huaweicloud.com/intl/en-us/api-iam/iam_06_0001.html",
});
