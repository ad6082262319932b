/**
 * Pulumi helpers for tests that run outside a Pulumi program.
 *
 * Outside a Pulumi run (no engine, `isDryRun()` false) `Output.apply` runs its callback, so an Output's value can be
 * read from its internal `promise()` (what Pulumi's own SDK tests do). `pulumi.runtime.setMocks` is not needed for
 * that; it matters only for registering resources.
 */
import * as pulumi from "@pulumi/pulumi";

interface OutputInternals<T> {
  promise(withUnknowns?: boolean): Promise<T>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}

/**
 * Resolves an Output to its value, or rejects with the error its apply threw. The Output's other internal promises
 * (`isKnown`, `isSecret`) reject too when the apply fails; they are observed here so they do not surface as
 * unhandled rejections.
 */
export function resolveOutput<T>(output: pulumi.Output<T>): Promise<T> {
  const o = output as unknown as OutputInternals<T>;
  o.isKnown.catch(() => undefined);
  o.isSecret.catch(() => undefined);
  return o.promise();
}

/**
 * Runs `fn` with the given `huaweicloud:*`-style Pulumi config installed (the same store `new pulumi.Config()`
 * reads), then restores the previous config. Keys are full (`huaweicloud:region`).
 */
export async function withPulumiConfig<T>(config: Record<string, string>, fn: () => Promise<T> | T): Promise<T> {
  const previous = pulumi.runtime.allConfig();
  pulumi.runtime.setAllConfig({ ...previous, ...config });
  try {
    return await fn();
  } finally {
    pulumi.runtime.setAllConfig(previous);
  }
}

/**
 * Observes every Output of a resource (its urn and id included) so that a failed registration surfaces only where
 * a test awaits it, not as unhandled rejections. (A real Pulumi run turns those rejections into a failed program.)
 */
export function absorbFailures(resource: pulumi.Resource): void {
  for (const value of Object.values(resource)) {
    if (pulumi.Output.isInstance(value)) {
      const o = value as unknown as OutputInternals<unknown>;
      o.promise().catch(() => undefined);
      o.isKnown.catch(() => undefined);
      o.isSecret.catch(() => undefined);
    }
  }
}
