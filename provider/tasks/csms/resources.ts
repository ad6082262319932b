/**
 * CSMS resources: await a rotation task, or start a rotation and await it.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Phase } from "../../core/status";
import { providerFor } from "../../core/provider-object";
import { RESOURCE_MODULE, WAIT_OUTPUTS, props, type AfterInput, type StartOnceArgs, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of {@link CsmsTaskWaiter}: a rotation task by id, or a secret's rotation started after `after`. */
export type CsmsTaskWaiterArgs = WaiterCommonArgs & ({ taskId: pulumi.Input<string> } | { secretName: pulumi.Input<string>; after?: AfterInput });

/**
 * Awaits a CSMS secret rotation; the deployment fails with `task_error_code` / `task_error_msg` when it fails.
 * @example new CsmsTaskWaiter("rotated", { secretName: "db-password", after: rotationStartedAt });
 */
export class CsmsTaskWaiter extends pulumi.dynamic.Resource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly secretName: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  declare readonly rotationFuncUrn: pulumi.Output<string | undefined>;
  declare readonly attemptNums: pulumi.Output<number | undefined>;
  declare readonly operateType: pulumi.Output<string | undefined>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: CsmsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("CsmsTaskWaiter"),
      name,
      props(args, [...WAIT_OUTPUTS, "secretName", "rotationFuncUrn", "attemptNums", "operateType"], opts),
      opts,
      RESOURCE_MODULE,
      "CsmsTaskWaiter",
    );
  }
}

/** Inputs of {@link CsmsSecretRotation}. */
export interface CsmsSecretRotationArgs extends WaiterCommonArgs, StartOnceArgs {
  /** The secret to rotate (its rotation function must be set up). */
  secretName: pulumi.Input<string>;
}

/**
 * Starts a CSMS secret rotation and finishes creating only when its rotation task has succeeded; the deployment
 * fails with `task_error_code` / `task_error_msg` when it fails. Change `triggers` to rotate again. Run again after
 * an interruption, it adopts the rotation in progress on the secret, or one that succeeded within `adoptionWindow`,
 * instead of rotating twice.
 * @example new CsmsSecretRotation("rotate-db", { secretName: "db-password", triggers: [rotationVersion] });
 */
export class CsmsSecretRotation extends pulumi.dynamic.Resource {
  declare readonly secretName: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  /** True when the rotation was adopted (see `adoptionWindow`), not started by this create. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  declare readonly rotationFuncUrn: pulumi.Output<string | undefined>;
  declare readonly attemptNums: pulumi.Output<number | undefined>;
  declare readonly operateType: pulumi.Output<string | undefined>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args the secret. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: CsmsSecretRotationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("CsmsSecretRotation"),
      name,
      props(args, [...WAIT_OUTPUTS, "rotationFuncUrn", "attemptNums", "operateType", "adopted"], opts),
      opts,
      RESOURCE_MODULE,
      "CsmsSecretRotation",
    );
  }
}
