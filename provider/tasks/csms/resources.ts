/**
 * CSMS resources: await a rotation task, or start a rotation and await it.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitingResource, type AfterInput, type StartOnceArgs, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of {@link CsmsTaskWaiter}: a rotation task by id, or a secret's rotation started after `after`. */
export type CsmsTaskWaiterArgs = WaiterCommonArgs & ({ taskId: pulumi.Input<string> } | { secretName: pulumi.Input<string>; after?: AfterInput });

/**
 * Awaits a CSMS secret rotation; the deployment fails with `task_error_code` / `task_error_msg` when it fails.
 * @example new CsmsTaskWaiter("rotated", { secretName: "db-password", after: rotationStartedAt });
 */
export class CsmsTaskWaiter extends WaitingResource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly secretName: pulumi.Output<string>;
  declare readonly rotationFuncUrn: pulumi.Output<string | undefined>;
  declare readonly attemptNums: pulumi.Output<number | undefined>;
  declare readonly operateType: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: CsmsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("CsmsTaskWaiter", ["taskId", "secretName", "rotationFuncUrn", "attemptNums", "operateType"], name, args, opts);
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
export class CsmsSecretRotation extends WaitingResource {
  declare readonly secretName: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  /** True when the rotation was adopted (see `adoptionWindow`), not started by this create. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly rotationFuncUrn: pulumi.Output<string | undefined>;
  declare readonly attemptNums: pulumi.Output<number | undefined>;
  declare readonly operateType: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args the secret. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: CsmsSecretRotationArgs, opts?: pulumi.CustomResourceOptions) {
    super("CsmsSecretRotation", ["taskId", "rotationFuncUrn", "attemptNums", "operateType", "adopted"], name, args, opts);
  }
}
