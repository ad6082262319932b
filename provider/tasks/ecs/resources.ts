/**
 * ECS resources: await a job.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { JobWaiterResource, type JobWaiterArgs } from "../jobs/resource";

/** Inputs of {@link EcsJobWaiter}. */
export type EcsJobWaiterArgs = JobWaiterArgs;

/**
 * Awaits an ECS job: created when the job succeeds; the deployment fails with the job's `error_code` and
 * `fail_reason` (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one ECS has purged (a
 * day after it ended) keeps its last state.
 * @example new EcsJobWaiter("stopped", { jobId: stop.stdout }, { dependsOn: [stop] });
 */
export class EcsJobWaiter extends JobWaiterResource {
  /** The servers the job names (a create's new servers included). */
  declare readonly serverIds: pulumi.Output<string[]>;

  /** @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: EcsJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("EcsJobWaiter", "serverIds", name, args, opts);
  }
}
