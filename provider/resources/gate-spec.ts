/**
 * How the dynamic-provider host runs `TaskGate`: wait until a scope is idle, for any service.
 * @module
 */
import { z } from "zod";
import { defined, echo, type ResourceSpec } from "../core/spec";
import { waitForIdle, type IdleTarget } from "../functions/idle";
import { IdleTargetSchema } from "../functions/idle-schema";

/** `TaskGate`. */
export const taskGateSpec: ResourceSpec = {
  target: IdleTargetSchema,
  extra: { everyDeployment: z.boolean({ error: "must be true or false" }).optional() },
  identity: ["service", "instanceId", "serverId", "secretName", "triggers"],
  learned: [],
  alwaysReplace: (news) => news["everyDeployment"] === true,
  async create(inputs, opts) {
    const scope = defined({ service: inputs["service"], instanceId: inputs["instanceId"], serverId: inputs["serverId"], secretName: inputs["secretName"] });
    const r = await waitForIdle(scope as unknown as IdleTarget, opts);
    const checkedAt = new Date(r.finishedAt).toISOString();
    return {
      id: `${r.service}:${r.scope.replace(/ /g, ":")}:${r.finishedAt}`,
      outs: defined({ ...echo(inputs), idle: r.idle, scope: r.scope, polls: r.polls, elapsedMs: r.elapsedMs, checkedAt }),
    };
  },
  async read() {
    // A gate's state is what its last check saw.
    return undefined;
  },
};
