/**
 * What the job waiter classes share: their inputs, the outputs they declare, and their construction. Types and the
 * class only (no schemas), so a program's type check never loads zod.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { WaitingResource, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of `EcsJobWaiter`, `EvsJobWaiter` and `ImsJobWaiter`. */
export interface JobWaiterArgs extends WaiterCommonArgs {
  /**
   * The `job_id` the call that started the job answered: the output of a command, of another provider, or a
   * config value.
   */
  jobId: pulumi.Input<string>;
}

/** The outputs every job waiter declares besides the common ones and the ids its job created. */
const JOB_OUTPUTS = ["jobType", "beginTime", "endTime"] as const;

/**
 * A job waiter: created when its job succeeds; the deployment fails with the job's `error_code` and `fail_reason`
 * (and those of its failed sub-jobs) when it fails. Refresh re-reads the job; one the service has purged (a day
 * after it ended) keeps its last state.
 */
export abstract class JobWaiterResource extends WaitingResource {
  declare readonly jobId: pulumi.Output<string>;
  /** The service's job type, e.g. `createServer`, `extendVolume`. */
  declare readonly jobType: pulumi.Output<string | undefined>;
  /** ISO times the service gives the job. */
  declare readonly beginTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;

  /**
   * @param kind the resource kind (its type name). @param idsOutput the output of the ids the job names.
   * @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline.
   */
  protected constructor(kind: string, idsOutput: string, name: string, args: JobWaiterArgs, opts: pulumi.CustomResourceOptions | undefined) {
    super(kind, [...JOB_OUTPUTS, idsOutput], name, args, opts);
  }
}
