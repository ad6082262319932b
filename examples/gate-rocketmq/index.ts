// Hold a deployment until a RocketMQ instance has no background task running.
//
// Changing an instance while it restarts, extends or binds a public IP fails with DMS.00400026 ("the instance
// status does not allow this operation"). A `TaskGate` on the instance holds every resource that `dependsOn` it
// until the instance's task list shows nothing in progress; with `everyDeployment` it checks again on every
// `pulumi up`, not only the first.
import * as pulumi from "@pulumi/pulumi";
import * as tasks from "pulumi-hwc-tasks";

const config = new pulumi.Config();
// Default: the emulator's demo instance (`npm run demo`).
const instanceId = config.get("instanceId") ?? "0f8a6a36-5b1c-4d2e-8f9a-1b2c3d4e5f60";

const idle = new tasks.TaskGate("rocketmq-idle", {
  service: "rocketmq",
  instanceId,
  everyDeployment: true,
  timeout: "45m",
});

// Your changes to the instance (topics, consumer groups, specs) go here, with `dependsOn: [idle]`.

// The instance's recent tasks, read once the gate has opened (an `apply` on its output sequences the read).
const recent = idle.checkedAt.apply(() => tasks.getRocketMqTasks({ instanceId, maxItems: 20 }));

export const idleSince = idle.checkedAt;
export const gatePolls = idle.polls;
export const waitedSeconds = idle.elapsedMs.apply((ms) => Math.round(ms / 1000));
export const lastTasks = recent.apply((r) => r.tasks.slice(0, 5).map((t) => `${t.name} ${t.status} ${t.createdAt ?? ""}`));
