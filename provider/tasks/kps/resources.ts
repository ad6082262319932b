/**
 * KPS resources: await a key-pair task, or start an association (or reset) and await it.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { WaitingResource, type StartOnceArgs, type WaiterCommonArgs } from "../../core/resource";

/** Inputs of {@link KpsTaskWaiter}. */
export interface KpsTaskWaiterArgs extends WaiterCommonArgs {
  /** The id `AssociateKeypair` / `DisassociateKeypair` returned. */
  taskId: pulumi.Input<string>;
}

/**
 * Awaits a KPS key-pair task: created when the task succeeds; the deployment fails with `task_error_code` /
 * `task_error_msg` when it fails.
 * @example new KpsTaskWaiter("reset", { taskId }, { dependsOn: [server] });
 */
export class KpsTaskWaiter extends WaitingResource {
  declare readonly taskId: pulumi.Output<string>;
  /** `RESET`, `REPLACE`, `BIND`, `UNBIND` ... */
  declare readonly operation: pulumi.Output<string | undefined>;
  declare readonly serverId: pulumi.Output<string | undefined>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: KpsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super("KpsTaskWaiter", ["taskId", "operation", "serverId"], name, args, opts);
  }
}

/** Inputs of {@link KpsKeypairAssociation}. */
export interface KpsKeypairAssociationArgs extends WaiterCommonArgs, StartOnceArgs {
  /** The key pair to bind or to reset the server to. */
  keypairName: pulumi.Input<string>;
  /** The ECS server. A reset (no `auth`) needs it stopped. */
  serverId: pulumi.Input<string>;
  /**
   * How KPS logs in to change the key: a password or the current private key. Without it the associate is a
   * *reset*, as the API defines. Stored as a secret; never an output.
   */
  auth?: pulumi.Input<{ type: pulumi.Input<"password" | "keypair">; key: pulumi.Input<string> }>;
  /** Disable password login after binding. */
  disablePassword?: pulumi.Input<boolean>;
  /** SSH port, when not 22. */
  port?: pulumi.Input<number>;
  /**
   * When the task fails: delete its record from KPS's failed tasks (`DELETE /v3/{project_id}/failed-tasks/{task_id}`)
   * once the failure has been read. The deployment still fails with the task's own error; a failed deletion is
   * only logged. @default false
   */
  clearFailedTaskRecord?: pulumi.Input<boolean>;
}

/**
 * Starts a KPS associate — a key-pair *reset* when no `auth` is given — and finishes creating only when its task
 * has succeeded. Resources that `dependsOn` it run after the key is in place. Changing `auth` alone does not run
 * it again; deleting it leaves the key pair bound. Run again after an interruption, it adopts the task the
 * interrupted run started instead of starting a second one (see `adoptionWindow`); change `triggers` to run again.
 * @example new KpsKeypairAssociation("reset", { keypairName: "KeyPair-demo", serverId });
 */
export class KpsKeypairAssociation extends WaitingResource {
  declare readonly keypairName: pulumi.Output<string>;
  declare readonly serverId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  /** `RESET`, `BIND` or `REPLACE`. */
  declare readonly operation: pulumi.Output<string>;
  /** True when the task was one an interrupted run had started (adopted), not started by this create. */
  declare readonly adopted: pulumi.Output<boolean>;

  /** @param name resource name. @param args the association. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: KpsKeypairAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const withSecretAuth = args.auth === undefined ? args : { ...args, auth: pulumi.secret(args.auth) };
    super("KpsKeypairAssociation", ["taskId", "operation", "adopted"], name, withSecretAuth, opts);
  }
}
