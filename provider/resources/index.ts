/**
 * Declarative watchers: dynamic resources that finish creating only when a task has succeeded (and fail the
 * deployment with the service's own error when it fails), a gate that holds a deployment until a scope is idle,
 * and two that start a task and await it: a KPS key-pair association (or reset) and a CSMS secret rotation.
 *
 * Types are `pulumi-nodejs:dynamic/hwc-tasks:<Class>`. A change of what is awaited (or of `triggers`) replaces the
 * resource, i.e. waits again; a `timeout` change alone does not. Refresh re-reads the task. Deleting one deletes
 * nothing in the cloud. Previews never wait. The two that start a task adopt, when run again after an
 * interruption, the task the interrupted run started (see {@link StartOnceArgs}).
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Phase } from "../functions/model";
import type { DurationInput } from "../util/time";
import { providerFor } from "./provider";

/** The module of every resource type token. */
export const RESOURCE_MODULE = "hwc-tasks";

/** Inputs every watcher accepts. */
export interface WaiterCommonArgs {
  /**
   * Deadline of the wait: ms or text (`"30m"`, `"1h30m"`).
   * @default the resource's `customTimeouts.create`, else `"30m"`
   */
  timeout?: pulumi.Input<DurationInput>;
  /** Any values: when they change, the resource is replaced and waits again. */
  triggers?: pulumi.Input<unknown>;
}

/** A point in time for `after` inputs: a `Date`, epoch ms, ISO 8601 text or `yyyyMMddHHmmss` (UTC). */
export type AfterInput = pulumi.Input<string | number> | Date;

/**
 * The resource's properties: its outputs declared (as `undefined`, so Pulumi creates them), its inputs (a `Date`
 * as ISO text), and `customTimeouts.create` passed in, since the host does not see resource options.
 */
function props(args: object, outputs: readonly string[], opts: pulumi.CustomResourceOptions | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of outputs) out[key] = undefined;
  for (const [k, v] of Object.entries(args)) out[k] = v instanceof Date ? v.toISOString() : v;
  const createTimeout = opts?.customTimeouts?.create;
  if (createTimeout !== undefined) out["createTimeout"] = createTimeout;
  return out;
}

const WAIT_OUTPUTS = ["taskId", "status", "phase", "polls", "elapsedMs", "finishedAt"] as const;

// ---------------------------------------------------------------------------------------------------------- KPS

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
export class KpsTaskWaiter extends pulumi.dynamic.Resource {
  declare readonly taskId: pulumi.Output<string>;
  /** The final status, e.g. `SUCCESS_RESET`. */
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  /** `RESET`, `REPLACE`, `BIND`, `UNBIND` ... */
  declare readonly operation: pulumi.Output<string | undefined>;
  declare readonly serverId: pulumi.Output<string | undefined>;
  /** Looks at the task the wait made (shared looks included). */
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  /** ISO time the final state was seen. */
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: KpsTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("KpsTaskWaiter"), name, props(args, [...WAIT_OUTPUTS, "operation", "serverId"], opts), opts, RESOURCE_MODULE, "KpsTaskWaiter");
  }
}

/** Inputs of the resources that start a task ({@link KpsKeypairAssociation}, {@link CsmsSecretRotation}). */
export interface StartOnceArgs {
  /**
   * Adoption: before starting, the resource adopts the task an interrupted run of it started instead of starting
   * another: one still in progress on the same target, or one that succeeded and started at most this long ago
   * (for CSMS, any rotation of the secret). `0` turns adoption off. Ms or text (`"30m"`), at most 7 days.
   * @default the resource's timeout
   */
  adoptionWindow?: pulumi.Input<DurationInput>;
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
}

/**
 * Starts a KPS associate — a key-pair *reset* when no `auth` is given — and finishes creating only when its task
 * has succeeded. Resources that `dependsOn` it run after the key is in place. Changing `auth` alone does not run
 * it again; deleting it leaves the key pair bound. Run again after an interruption, it adopts the task the
 * interrupted run started instead of starting a second one (see `adoptionWindow`); change `triggers` to run again.
 * @example new KpsKeypairAssociation("reset", { keypairName: "KeyPair-demo", serverId });
 */
export class KpsKeypairAssociation extends pulumi.dynamic.Resource {
  declare readonly keypairName: pulumi.Output<string>;
  declare readonly serverId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  /** `RESET`, `BIND` or `REPLACE`. */
  declare readonly operation: pulumi.Output<string>;
  /** True when the task was one an interrupted run had started (adopted), not started by this create. */
  declare readonly adopted: pulumi.Output<boolean>;
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args the association. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: KpsKeypairAssociationArgs, opts?: pulumi.CustomResourceOptions) {
    const withSecretAuth = args.auth === undefined ? args : { ...args, auth: pulumi.secret(args.auth) };
    super(providerFor("KpsKeypairAssociation"), name, props(withSecretAuth, [...WAIT_OUTPUTS, "operation", "adopted"], opts), opts, RESOURCE_MODULE, "KpsKeypairAssociation");
  }
}

// --------------------------------------------------------------------------------------------------------- CSMS

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

// ---------------------------------------------------------------------------------------------------------- DCS

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

// ----------------------------------------------------------------------------------------------------- RocketMQ

/** Inputs of {@link RocketMqTaskWaiter}: a task of an instance by id, or by name when created after `after`. */
export type RocketMqTaskWaiterArgs = WaiterCommonArgs & { instanceId: pulumi.Input<string> } & (
    | { taskId: pulumi.Input<string> }
    | { name: pulumi.Input<string>; after: AfterInput }
  );

/**
 * Awaits a RocketMQ instance task (bind a public IP, restart, extend ...).
 * @example new RocketMqTaskWaiter("eip", { instanceId, name: "bindInstancePublicIp", after: boundAt });
 */
export class RocketMqTaskWaiter extends pulumi.dynamic.Resource {
  declare readonly instanceId: pulumi.Output<string>;
  declare readonly taskId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly phase: pulumi.Output<Phase>;
  /** Task parameters (JSON inside a string, as the service sends them). */
  declare readonly params: pulumi.Output<string | undefined>;
  declare readonly polls: pulumi.Output<number>;
  declare readonly elapsedMs: pulumi.Output<number>;
  declare readonly finishedAt: pulumi.Output<string>;

  /** @param name resource name. @param args what to await. @param opts `customTimeouts.create` sets the default deadline. */
  constructor(name: string, args: RocketMqTaskWaiterArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("RocketMqTaskWaiter"),
      name,
      props(args, [...WAIT_OUTPUTS, "instanceId", "name", "params"], opts),
      opts,
      RESOURCE_MODULE,
      "RocketMqTaskWaiter",
    );
  }
}

// --------------------------------------------------------------------------------------------------------- gate

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
