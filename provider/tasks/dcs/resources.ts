/**
 * DCS resources: await a task (of the task center, or of one instance), or a job.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitingResource, type AfterInput, type WaiterCommonArgs } from "../../core/resource";

/**
 * Inputs of {@link DcsTaskWaiter}: a task by id, by job id, or by name when created after `after`; with
 * `instanceId`, read from that instance's task list (which also reports progress to the deployment log).
 */
export type DcsTaskWaiterArgs = WaiterCommonArgs & { instanceId?: pulumi.Input<string> } & (
    | { taskId: pulumi.Input<string> }
    | { jobId: pulumi.Input<string> }
    | { name: pulumi.Input<string>; after: AfterInput }
  );

/**
 * Awaits a DCS task; the deployment fails with the task's `error_code` when it fails. While it waits, the
 * deployment log shows the task's progress (e.g. `EXTEND 40 %, about 3 min left`) where DCS reports it.
 * @example new DcsTaskWaiter("resized", { instanceId, name: "EXTEND", after: resizeStartedAt });
 */
export class DcsTaskWaiter extends WaitingResource {
  declare readonly instanceId: pulumi.Output<string | undefined>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly errorCode: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: DcsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("DcsTaskWaiter", ["taskId", "instanceId", "jobId", "name", "errorCode"], name, args, opts);
  }
}

/** Inputs of {@link DcsJobWaiter}. */
export interface DcsJobWaiterArgs extends WaiterCommonArgs {
  /** The `job_id` a DCS operation returned (a master/standby switch, a bandwidth change, a node restart ...). */
  jobId: pulumi.Input<string>;
}

/**
 * Awaits a DCS job (`GET /v2/{project_id}/jobs/{job_id}`): created when the job succeeds; the deployment fails
 * with the job's `fail_reason` when it fails. Refresh re-reads the job; one the service no longer shows keeps its
 * last known state.
 * @example new DcsJobWaiter("switched", { jobId: switchJobId });
 */
export class DcsJobWaiter extends WaitingResource {
  declare readonly jobId: pulumi.Output<string>;
  /** E.g. `masterStandbySwapJob`. */
  declare readonly jobType: pulumi.Output<string | undefined>;
  /** ISO time the job began. */
  declare readonly beginTime: pulumi.Output<string | undefined>;
  /** ISO time the job ended. */
  declare readonly endTime: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args the job. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: DcsJobWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("DcsJobWaiter", ["jobId", "jobType", "beginTime", "endTime"], name, args, opts);
  }
}
