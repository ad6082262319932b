// Export DCS task-center and CSMS task summaries as stack outputs: read-only, nothing waits.
//
// The data-source functions read every page of a task API (up to `maxItems`) with the stack's credentials, and
// return camelCase results with numbers as numbers and a `phase` (pending / succeeded / failed) per task.
import * as pulumi from "@pulumi/pulumi";
import * as tasks from "pulumi-hwc-tasks";

const config = new pulumi.Config();
const days = config.getNumber("days") ?? 7;
const secretName = config.get("secretName") ?? "db-password";

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

// A window is a Date, epoch ms, ISO text or yyyyMMddHHmmss (sent in UTC). Inside Outputs, use ms or text.
const dcs = tasks.getDcsTasksOutput({ startTime: Date.now() - days * 24 * 3600 * 1000 });
const csms = tasks.getCsmsTasksOutput({ secretName });
const failedRotations = tasks.getCsmsTasksOutput({ status: "FAILED" });

export const dcsSummary = dcs.apply((r) => ({
  tasks: r.taskCount,
  byName: countBy(r.tasks, (t) => t.name),
  byPhase: countBy(r.tasks, (t) => t.phase),
  inProgress: r.tasks.filter((t) => t.phase === "pending").map((t) => `${t.name} ${t.id}`),
  failed: r.tasks.filter((t) => t.phase === "failed").map((t) => `${t.name} ${t.errorCode ?? ""}`.trim()),
}));

export const csmsSummary = pulumi.all([csms, failedRotations]).apply(([mine, failed]) => ({
  secret: secretName,
  rotations: mine.total,
  byStatus: countBy(mine.tasks, (t) => t.taskStatus),
  lastRotation: mine.tasks[0] ? new Date(mine.tasks[0].taskTime ?? 0).toISOString() : null,
  failedAcrossSecrets: failed.tasks.map((t) => `${t.secretName}: ${t.taskErrorCode ?? ""} ${t.taskErrorMsg ?? ""}`.trim()),
}));
