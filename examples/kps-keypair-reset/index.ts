// Reset an ECS server's key pair, and continue only when the reset task has succeeded.
//
// A KPS associate without login credentials is a *reset*: the API answers at once with a task id, and the key is
// only in place minutes later. `KpsKeypairAssociation` starts it and finishes creating when the task succeeds (or
// fails the deployment with KPS's own error). Everything that needs the new key `dependsOn` it.
import * as pulumi from "@pulumi/pulumi";
import * as tasks from "pulumi-hwc-tasks";

const config = new pulumi.Config();
// Defaults are the emulator's demo server and key pair (`npm run demo`); set your own with `pulumi config set`.
const serverId = config.get("serverId") ?? "c9aa197b-a6b6-4c33-b3a6-fa0b4ec50006";
const keypairName = config.get("keypairName") ?? "KeyPair-rotated";

const reset = new tasks.KpsKeypairAssociation(
  "reset-key",
  { keypairName, serverId },
  // The default deadline of the wait; a `timeout` input overrides it.
  { customTimeouts: { create: "20m" } },
);

// Hold what comes next until no other key-pair task runs on the server either.
const serverIdle = new tasks.TaskGate("server-idle", { service: "kps", serverId }, { dependsOn: [reset] });

// Your resources that need the new key go here, with `dependsOn: [reset, serverIdle]`.

export const resetTaskId = reset.taskId;
export const resetStatus = reset.status;
export const operation = reset.operation;
export const resetSeconds = reset.elapsedMs.apply((ms) => Math.round(ms / 1000));
export const polls = reset.polls;
export const serverIdleAt = serverIdle.checkedAt;
