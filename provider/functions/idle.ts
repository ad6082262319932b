/**
 * Waiting until a scope is idle, for every service: a KPS project or server, a CSMS secret, the DCS task center (or
 * one instance's tasks), a RocketMQ instance. The scope fields each service accepts come from its task module.
 * @module
 */
import { parseArgs } from "../core/args";
import type { IdleScope } from "../core/module";
import type { WaitOptions } from "../options";
import type { GateServiceName } from "../names";
import { IDLE_FIELDS, IdleTargetSchema, idleSpecOf } from "./idle-schema";

/** A scope to wait on until no task is in progress. */
export interface IdleTarget {
  service: GateServiceName;
  /** RocketMQ (required) or DCS (optional: tasks whose parameters name it) instance. */
  instanceId?: string;
  /** KPS: only this server's tasks (else the whole project's). */
  serverId?: string;
  /** CSMS (required): the secret. */
  secretName?: string;
}

/** What an idle wait saw. */
export interface IdleResult {
  service: GateServiceName;
  /** The scope, e.g. `instance 0f8a...` or `project`. */
  scope: string;
  /** Whether the scope is idle (always true unless this is a preview). */
  idle: boolean;
  /** Ids of the tasks still in progress at the last look (empty when idle). */
  busyTaskIds: string[];
  polls: number;
  elapsedMs: number;
  finishedAt: number;
  preview: boolean;
}

/**
 * Waits until a scope has no task in progress. In a preview it returns the current state at once.
 * @example await waitForIdle({ service: "rocketmq", instanceId });
 */
export async function waitForIdle(target: IdleTarget, opts: WaitOptions = {}): Promise<IdleResult> {
  const t = parseArgs(IdleTargetSchema, target, "waitForIdle") as IdleTarget;
  const scope: IdleScope = {};
  for (const f of IDLE_FIELDS) if (t[f] !== undefined) scope[f] = t[f];
  const idle = idleSpecOf(t.service);
  const r = await idle.wait(scope, opts);
  return {
    service: t.service,
    scope: idle.describe(scope),
    idle: r.status === "IDLE",
    busyTaskIds: r.task.ids,
    polls: r.polls,
    elapsedMs: r.elapsedMs,
    finishedAt: r.finishedAt,
    preview: r.preview,
  };
}
