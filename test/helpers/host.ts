/**
 * Test helpers around the dynamic-provider host: capturing the `__provider` the SDK serializes for a resource.
 */
import * as pulumi from "@pulumi/pulumi";

export { startHost, type Host, type HostError } from "../../scripts/host-client";

/** Constructs resources under Pulumi's mocks and returns the inputs each registration carried (`__provider` included). */
export async function captureRegistrations(build: () => pulumi.Resource[]): Promise<Map<string, Record<string, unknown>>> {
  const seen = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        seen.set(args.name, args.inputs as Record<string, unknown>);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "hwc-tasks-test",
    "test",
    false,
  );
  const resources = build();
  await Promise.all(resources.map((r) => new Promise<void>((resolve) => r.urn.apply(() => resolve()))));
  return seen;
}

/** The URN of a resource of this package's `type` named `name`, in the test stack. */
export const urn = (type: string, name: string): string => `urn:pulumi:test::hwc-tasks-test::pulumi-nodejs:dynamic/hwc-tasks:${type}::${name}`;

/** The inputs a resource registers (with the SDK-serialized `__provider`), minus the declared outputs. */
export async function registered(build: () => pulumi.Resource): Promise<Record<string, unknown>> {
  const seen = await captureRegistrations(() => [build()]);
  const [inputs] = [...seen.values()];
  if (!inputs) throw new Error("nothing registered");
  return Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined && v !== null));
}
