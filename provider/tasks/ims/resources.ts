/**
 * IMS resources: await a job.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { JobWaiterResource, type JobWaiterArgs } from "../jobs/resource";

/** Inputs of {@link ImsJobWaiter}. */
export type ImsJobWaiterArgs = JobWaiterArgs;

/**
 * Awaits an IMS job: created when the job succeeds; the deployment fails with the job's `error_code` and
 * `fail_reason` (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one IMS has purged (a
 * day after it ended) keeps its last state.
 * @example new ImsJobWaiter("image", { jobId: create.stdout }, { dependsOn: [create] });
 */
export class ImsJobWaiter extends JobWaiterResource {
  /** The images the job names (its own, each result's and each sub-job's). */
  declare readonly imageIds: pulumi.Output<string[]>;

  /** @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: ImsJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("ImsJobWaiter", "imageIds", name, args, opts);
  }
}
