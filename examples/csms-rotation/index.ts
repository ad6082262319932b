// Rotate a CSMS secret and continue only when its rotation task has succeeded.
//
// `CsmsSecretRotation` calls RotateSecret (which answers with a rotation task id at once) and finishes creating
// when the rotation function has run; a failed rotation fails the deployment with CSMS's task_error_code and
// task_error_msg. Bump `rotation` in the config to rotate again on the next `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import * as tasks from "pulumi-hwc-tasks";

const config = new pulumi.Config();
// Default: the emulator's demo secret (`npm run demo`).
const secretName = config.get("secretName") ?? "db-password";
const rotation = config.get("rotation") ?? "1";

const rotated = new tasks.CsmsSecretRotation("rotate", { secretName, triggers: [rotation], timeout: "15m" });

// Also await whatever rotation of this secret another system starts after this one (a scheduled rotation, say):
// `new tasks.CsmsTaskWaiter("next", { secretName, after: someTime })`.

// Applications that read the secret go here, with `dependsOn: [rotated]`, so they restart with the new value.

export const rotationTaskId = rotated.taskId;
export const rotationStatus = rotated.status;
export const attempts = rotated.attemptNums;
export const rotationFunction = rotated.rotationFuncUrn;
