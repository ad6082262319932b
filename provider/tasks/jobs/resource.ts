/**
 * What the job waiter classes share: their inputs, the outputs they declare, and their construction. Types and the
 * class only (no schemas), so a program's type check never loads zod.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Phase } from "../../core/status";
import { providerFor } from "../../core/provider-object";
import { RESOURCE_MODULE, props, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of `EcsJobWaiter`, `EvsJobWaiter` and `ImsJobWaiter`. */
export interface JobWaiterArgs extends WaiterCommonArgs {
  /**
   * The `job_id` the call that started the job answered: the output of a command, of another provider, or a
   * config value.
   */
  jobId: pulumi.Input<string>;
}

/** The outputs every job waiter declares besides the ids its job created. */
const JOB_OUTPUTS = ["jobType", "status", "phase", "beginTime", "endTime", "polls", "elapsedMs", "finishedAt"] as const;

/**
 * A job waiter: created when its job succeeds; the deployment fails with the job's `error_code` and `fail_reason`
 * (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one the service has purged (a day
 * after it ended) keeps its last state.
 */
export abstract class JobWaiterResource extends pulumi.dynamic.Resource {
  declare readonly jobId: pulumi.Output<string>;
  /** The service's job type, e.g. `createServer`, `extendVolume`. */
  declare readonly jobType: pulumi.Output<string | undefined>;
  /** The final status, `SUCCESS`. */
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  /** ISO times the service gives the job. */
  declare readonly beginTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  /** Looks at the job the wait made (shared looks included). */
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  /** ISO time the final state was seen. */
  declare readonly finishedAt: pulumi.Output<string>;

  /**
   * @param kind the resource kind (its type name). @param idsOutput the output of the ids the job names.
   * @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline.
   */
  protected constructor(kind: string, idsOutput: string, name: string, args: JobWaiterArgs, opts: pulumi.CustomResourceOptions | undefined) {
    super(providerFor(kind), name, props(args, [...JOB_OUTPUTS, idsOutput], opts), opts, RESOURCE_MODULE, kind);
  }
}
