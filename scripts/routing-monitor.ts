/**
 * A mock monitor for running a Pulumi program in-process whose dynamic resources are created for real: every
 * `pulumi-nodejs:dynamic*` registration goes to the dynamic-provider host's Check + Create (as the engine would
 * send it), every other resource echoes its inputs. Registrations are recorded with their dependencies.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Host } from "./host-client";

/* eslint-disable @typescript-eslint/no-require-imports */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: new (mocks: pulumi.runtime.Mocks) => object };
const settings = require("@pulumi/pulumi/runtime/settings") as { setMockOptions(m: object, project: string, stack: string, preview: boolean): void };
const rpc = require("@pulumi/pulumi/runtime/rpc") as { specialSigKey: string; specialSecretSig: string };
/* eslint-enable @typescript-eslint/no-require-imports */

/** One registration the monitor saw. */
export interface Registration {
  type: string;
  name: string;
  /** Clock time (the caller's `now`) the registration arrived. */
  at: number;
  /** URNs it declared as dependencies. */
  dependencies: string[];
  /** Inputs as the host got them (secrets unwrapped). */
  inputs: Record<string, unknown>;
}

/** Secrets come wrapped; the host, like the engine for a provider that does not accept secrets, gets plain values. */
function unwrapSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[rpc.specialSigKey] === rpc.specialSecretSig) return unwrapSecrets(o["value"]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}

/**
 * Installs the monitor; returns the registrations it records.
 * @param onRegister called as each registration arrives.
 */
export async function routeDynamicResourcesTo(
  host: Host,
  now: () => number,
  onRegister?: (r: Registration) => void,
  project = "hwc-tasks-test",
  stack = "test",
): Promise<Registration[]> {
  const registrations: Registration[] = [];
  const mocks: pulumi.runtime.Mocks = {
    newResource: async (args) => {
      const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
      const reg = registrations.find((r) => r.name === args.name && r.type === args.type);
      if (reg) reg.inputs = inputs;
      if (!args.type.startsWith("pulumi-nodejs:dynamic")) return { id: `${args.name}-id`, state: args.inputs };
      const checked = await host.check({}, inputs);
      if (checked.failures.length > 0) throw new Error(checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
      const created = await host.create(`urn:pulumi:${stack}::${project}::${args.type}::${args.name}`, checked.inputs);
      return { id: created.id, state: created.properties };
    },
    call: (args) => args.inputs,
  };
  // setMocks turns on the features mocks support; then swap in the recording subclass.
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  class RoutingMonitor extends (MockMonitor as new (m: pulumi.runtime.Mocks) => { registerResource(req: unknown, cb: unknown): Promise<void> }) {
    override async registerResource(req: unknown, callback: unknown): Promise<void> {
      const r = req as { getType(): string; getName(): string; getDependenciesList(): string[] };
      const reg: Registration = { type: r.getType(), name: r.getName(), at: now(), dependencies: r.getDependenciesList(), inputs: {} };
      registrations.push(reg);
      onRegister?.(reg);
      return super.registerResource(req, callback);
    }
  }
  settings.setMockOptions(new RoutingMonitor(mocks), project, stack, false);
  return registrations;
}
