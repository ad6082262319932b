/**
 * What the job waiter classes share: their inputs and the outputs they declare. Types only besides
 * {@link jobWaiterProps} (no schemas), so a program's type check never loads zod.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { props, type WaiterCommonArgs } from "../../core/resource";

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

/** The properties of a job waiter: its inputs, and its outputs declared (`idsOutput` among them). */
export function jobWaiterProps(args: JobWaiterArgs, idsOutput: string, opts: pulumi.CustomResourceOptions | undefined): Record<string, unknown> {
  return props(args, [...JOB_OUTPUTS, idsOutput], opts);
}
