/**
 * `TaskGate`: holds a deployment until a scope has no task in progress.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../core/provider-object";
import { RESOURCE_MODULE, props, type WaiterCommonArgs } from "../core/resource";

/** Inputs of {@link TaskGate}. */
export interface TaskGateArgs extends WaiterCommonArgs {
  service: pulumi.Input<"kps" | "csms" | "dcs" | "rocketmq">;
  /** RocketMQ (required) or DCS (optional) instance. */
  instanceId?: pulumi.Input<string>;
  /** KPS: only this server (else the whole project). */
  serverId?: pulumi.Input<string>;
  /** CSMS (required): the secret. */
  secretName?: pulumi.Input<string>;
  /** Check again on every `pulumi up` (the gate is replaced each time), not only when first created. */
  everyDeployment?: pulumi.Input<boolean>;
}

/**
 * Holds the deployment until a scope has no task in progress: resources that `dependsOn` the gate start only then.
 * @example const gate = new TaskGate("mq-idle", { service: "rocketmq", instanceId, everyDeployment: true });
 */
export class TaskGate extends pulumi.dynamic.Resource {
  declare readonly service: pulumi.Output<string>;
  /** The scope checked, e.g. `instance 0f8a...`. */
  declare readonly scope: pulumi.Output<string>;
  declare readonly idle: pulumi.Output<boolean>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  /** ISO time the scope was seen idle. */
  declare readonly checkedAt: pulumi.Output<string>;

  /** @param name resource name. @param args the scope. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: TaskGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("TaskGate"), name, props(args, ["scope", "idle", "polls", "elapsedMs", "checkedAt"], opts), opts, RESOURCE_MODULE, "TaskGate");
  }
}
