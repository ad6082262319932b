/**
 * The provider objects the dynamic resources hand to Pulumi. Pulumi serializes each into the `__provider`
 * property of every resource's state, so they are as small as a provider can be: one function used as
 * `configure`, `check`, `diff`, `create` and `read`, and one for `update`, each loading this package by name
 * inside the host and delegating (see `resources/host.ts`). They capture nothing but the resource kind: no client, no schema,
 * no credential. There is no `delete`: nothing exists in the cloud to delete, and the host's default succeeds.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import { warnUnknownConfigKeys } from "../config-keys";

/** What `pulumi-hwc-tasks/host` offers the provider objects. */
interface HostEntry {
  dispatch(kind: string, args: readonly unknown[]): Promise<unknown>;
  update(kind: string, args: readonly unknown[]): Promise<unknown>;
}

const cache = new Map<string, pulumi.dynamic.ResourceProvider>();

/**
 * The (cached, so serialized once per process) provider object of a resource kind. Called by every resource's
 * constructor, in the program: unknown `huaweicloud:*` config keys are warned about here, once.
 */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  warnUnknownConfigKeys();
  let provider = cache.get(kind);
  if (!provider) {
    // `require` by package name, at call time, inside the host: the serializer keeps this as code, not a value.
    const f = (...args: unknown[]) => (require("pulumi-hwc-tasks/host") as HostEntry).dispatch(kind, args);
    const u = (...args: unknown[]) => (require("pulumi-hwc-tasks/host") as HostEntry).update(kind, args);
    provider = { configure: f, check: f, diff: f, create: f, read: f, update: u } as unknown as pulumi.dynamic.ResourceProvider;
    cache.set(kind, provider);
  }
  return provider;
}
