/**
 * DCS resources: await a task-center task.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Phase } from "../../core/status";
import { providerFor } from "../../core/provider-object";
import { RESOURCE_MODULE, WAIT_OUTPUTS, props, type AfterInput, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of {@link DcsTaskWaiter}: a task by id, by job id, or by name when created after `after`. */
export type DcsTaskWaiterArgs = WaiterCommonArgs &
  ({ taskId: pulumi.Input<string> } | { jobId: pulumi.Input<string> } | { name: pulumi.Input<string>; after: AfterInput });

/**
 * Awaits a DCS task-center task; the deployment fails with the task's `error_code` when it fails.
 * @example new DcsTaskWaiter("resized", { name: "EXTEND", after: resizeStartedAt });
 */
export class DcsTaskWaiter extends pulumi.dynamic.Resource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string | undefined>;
  declare readonly name: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  declare readonly errorCode: pulumi.Output<string | undefined>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: DcsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("DcsTaskWaiter"), name, props(args, [...WAIT_OUTPUTS, "jobId", "name", "errorCode"], opts), opts, RESOURCE_MODULE, "DcsTaskWaiter");
  }
}
