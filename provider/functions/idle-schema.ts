/**
 * The schema of a gate's target, built from the task modules: each service accepts the scope fields its module
 * declares, with the module's own checks.
 * @module
 */
import { z } from "zod";
import type { IdleField, IdleSpec } from "../core/module";
import { TASK_SERVICE_NAMES, type GateServiceName } from "../names";
import { TASK_MODULES } from "../tasks";

/** The scope fields a gate may name. */
export const IDLE_FIELDS: readonly IdleField[] = ["instanceId", "serverId", "secretName"];

/** The services a gate can watch, in the registry's order. */
export const GATE_SERVICE_NAMES = TASK_SERVICE_NAMES.filter((s) => TASK_MODULES[s].idle !== undefined) as GateServiceName[];

/** The services whose work is read by id only (jobs), which no gate can watch. */
const UNGATED = TASK_SERVICE_NAMES.filter((s) => TASK_MODULES[s].idle === undefined);

/** The idle spec of a service a gate can watch. */
export function idleSpecOf(service: GateServiceName): IdleSpec {
  const spec = TASK_MODULES[service].idle;
  if (!spec) throw new Error(`${service} lists no work a gate could watch`);
  return spec;
}

/** Validates an idle-scope target: the scope fields each service accepts, as its task module declares them. */
export const IdleTargetSchema = z
  .looseObject({
    service: z.enum(GATE_SERVICE_NAMES as [GateServiceName, ...GateServiceName[]], {
      error: `must be ${GATE_SERVICE_NAMES.map((s) => `"${s}"`).join(", ")} (${UNGATED.join(", ")} list no work to gate on: await their jobs by id)`,
    }),
  })
  .superRefine((v, ctx) => {
    const fields = idleSpecOf(v.service).fields;
    for (const [key, value] of Object.entries(v)) {
      if (key === "service") continue;
      if (!(IDLE_FIELDS as readonly string[]).includes(key)) {
        ctx.addIssue({ code: "custom", path: [key], message: `is not an argument of waitForIdle (accepted: service, ${IDLE_FIELDS.join(", ")})` });
        continue;
      }
      const spec = fields[key as IdleField];
      if (!spec) {
        if (value !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `does not apply to ${v.service}` });
        continue;
      }
      if (value === undefined) continue;
      const r = spec.schema.safeParse(value);
      if (!r.success) for (const i of r.error.issues) ctx.addIssue({ code: "custom", path: [key, ...i.path.map(String)], message: i.message });
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (spec?.required && v[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `is required for ${v.service}` });
    }
  });

