/**
 * EVS resources: await a job.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { JobWaiterResource, type JobWaiterArgs } from "../jobs/resource";

/** Inputs of {@link EvsJobWaiter}. */
export type EvsJobWaiterArgs = JobWaiterArgs;

/**
 * Awaits an EVS job: created when the job succeeds; the deployment fails with the job's `error_code` and
 * `fail_reason` (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one EVS has purged (a
 * day after it ended) keeps its last state.
 * @example new EvsJobWaiter("extended", { jobId: extend.stdout }, { dependsOn: [extend] });
 */
export class EvsJobWaiter extends JobWaiterResource {
  /** The volumes the job names (a create's new volumes included). */
  declare readonly volumeIds: pulumi.Output<string[]>;

  /** @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: EvsJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("EvsJobWaiter", "volumeIds", name, args, opts);
  }
}
