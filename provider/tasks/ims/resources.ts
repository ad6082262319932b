/**
 * IMS resources: await a job.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Phase } from "../../core/status";
import { providerFor } from "../../core/provider-object";
import { RESOURCE_MODULE } from "../../core/resource";
import { jobWaiterProps, type JobWaiterArgs } from "../jobs/resource";

/** Inputs of {@link ImsJobWaiter}. */
export type ImsJobWaiterArgs = JobWaiterArgs;

/**
 * Awaits an IMS job: created when the job succeeds; the deployment fails with the job's `error_code` and
 * `fail_reason` (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one IMS has purged (a
 * day after it ended) keeps its last state.
 * @example new ImsJobWaiter("image", { jobId: create.stdout }, { dependsOn: [create] });
 */
export class ImsJobWaiter extends pulumi.dynamic.Resource {
  declare readonly jobId: pulumi.Output<string>;
  /** e.g. `imsCreateImageByInstance`, `imsCopyImageInRegionJob`. */
  declare readonly jobType: pulumi.Output<string | undefined>;
  /** The final status, `SUCCESS`. */
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  /** The images the job names (a create's new images included). */
  declare readonly imageIds: pulumi.Output<string[]>;
  /** ISO times the service gives the job. */
  declare readonly beginTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  /** Looks at the job the wait made (shared looks included). */
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  /** ISO time the final state was seen. */
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: ImsJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("ImsJobWaiter"), name, jobWaiterProps(args, "imageIds", opts), opts, RESOURCE_MODULE, "ImsJobWaiter");
  }
}
