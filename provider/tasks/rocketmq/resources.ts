/**
 * RocketMQ resources: await an instance task.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitingResource, type AfterInput, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of {@link RocketMqTaskWaiter}: a task of an instance by id, or by name when created after `after`. */
export type RocketMqTaskWaiterArgs = WaiterCommonArgs & { instanceId: pulumi.Input<string> } & (
    | { taskId: pulumi.Input<string> }
    | { name: pulumi.Input<string>; after: AfterInput }
  );

/**
 * Awaits a RocketMQ instance task (bind a public IP, restart, extend ...). While it waits, the deployment log shows
 * the task's progress where the service reports it (a scale-up: e.g. `extend 40 %, about 3 min left`).
 * @example new RocketMqTaskWaiter("eip", { instanceId, name: "bindInstancePublicIp", after: boundAt });
 */
export class RocketMqTaskWaiter extends WaitingResource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** Task parameters (JSON inside a string, as the service sends them). */
  declare readonly params: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: RocketMqTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("RocketMqTaskWaiter", ["taskId", "instanceId", "name", "params"], name, args, opts);
  }
}
