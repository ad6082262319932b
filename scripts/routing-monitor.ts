/**
 * A mock monitor for running a Pulumi program in-process whose dynamic resources are deployed for real: every
 * `pulumi-nodejs:dynamic*` registration goes to a {@link Deployment} (the dynamic-provider host's Check, then Create,
 * Diff, Update as the state asks), every other resource echoes its inputs. Registrations are recorded with their
 * dependencies. Outputs the engine would hold as secrets (named like a secret input, or `additionalSecretOutputs`)
 * come back to the program as secrets.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { Deployment } from "./deployment";

/* eslint-disable @typescript-eslint/no-require-imports */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: new (mocks: pulumi.runtime.Mocks) => object };
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions(m: object, project: string, stack: string, preview: boolean): void;
  waitForRPCs(): Promise<void>;
};
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
  /** The registration's `additionalSecretOutputs`. */
  additionalSecretOutputs: string[];
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

/** Whether a value holds a secret anywhere. */
function holdsSecret(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(holdsSecret);
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return o[rpc.specialSigKey] === rpc.specialSecretSig || Object.values(o).some(holdsSecret);
  }
  return false;
}

const asSecret = (value: unknown) => ({ [rpc.specialSigKey]: rpc.specialSecretSig, value });

/**
 * Installs the monitor; returns the registrations it records.
 * @param onRegister called as each registration arrives.
 */
export async function routeDynamicResourcesTo(
  deployment: Deployment,
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
      const urn = `urn:pulumi:${stack}::${project}::${args.type}::${args.name}`;
      const raw = (args.inputs ?? {}) as Record<string, unknown>;
      const secretNames = [...new Set([...Object.keys(raw).filter((k) => holdsSecret(raw[k])), ...(reg?.additionalSecretOutputs ?? [])])];
      const { id, outputs } = await deployment.register({ type: args.type, name: args.name, urn, inputs, secretNames });
      const state = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, secretNames.includes(k) ? asSecret(v) : v]));
      return { id, state };
    },
    call: (args) => args.inputs,
  };
  // setMocks turns on the features mocks support; then swap in the recording subclass.
  await pulumi.runtime.setMocks(mocks, project, stack, false);
  class RoutingMonitor extends (MockMonitor as new (m: pulumi.runtime.Mocks) => { registerResource(req: unknown, cb: unknown): Promise<void> }) {
    override async registerResource(req: unknown, callback: unknown): Promise<void> {
      const r = req as { getType(): string; getName(): string; getDependenciesList(): string[]; getAdditionalsecretoutputsList(): string[] };
      const reg: Registration = {
        type: r.getType(),
        name: r.getName(),
        at: now(),
        dependencies: r.getDependenciesList(),
        inputs: {},
        additionalSecretOutputs: r.getAdditionalsecretoutputsList(),
      };
      registrations.push(reg);
      onRegister?.(reg);
      return super.registerResource(req, callback);
    }
  }
  settings.setMockOptions(new RoutingMonitor(mocks), project, stack, false);
  return registrations;
}

/** Resolves when every registration the program made has been answered (as the engine waits for the program). */
export function registrationsSettled(): Promise<void> {
  return settings.waitForRPCs();
}
