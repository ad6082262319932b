/**
 * Data-source functions, generically: arguments checked with the source's schema (an `InputError` costs no request),
 * settings resolved, one client, one read. Each comes as `getX(args, opts?)` returning a promise and, through
 * {@link outputOf}, `getXOutput(args, opts?)` taking `pulumi.Input`s and returning a `pulumi.Output`, as Pulumi's
 * generated SDKs do.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { TaskApiClient } from "../http/client";
import type { InputArgs, TaskApiOptions } from "../options";
import { parseArgs } from "./args";
import { connect } from "./connect";

export type { InputArgs };

/** One data source: its public name, its argument schema, and the read it makes. */
export interface DataSource<S extends z.ZodType, R> {
  /** The public function's name, for messages (e.g. `getKpsTask`). */
  name: string;
  args: S;
  run: (client: TaskApiClient, args: z.output<S>, opts: TaskApiOptions) => Promise<R>;
}

/** Runs a data source: arguments and settings are checked first, then the read is made. */
export async function runDataSource<S extends z.ZodType, R>(source: DataSource<S, R>, args: unknown, opts: TaskApiOptions = {}): Promise<R> {
  const a = parseArgs(source.args, args, source.name);
  const client = connect(opts, source.name);
  return source.run(client, a, opts);
}

/**
 * The `...Output` twin of a function. `Date` arguments are turned into epoch ms first: `pulumi.output` would turn a
 * `Date` into `{}` (an `Output<Date>` is already `{}`; give times as epoch ms or text inside Outputs).
 */
export function outputOf<A, R>(fn: (args: A, opts?: TaskApiOptions) => Promise<R>): (args: InputArgs<A>, opts?: TaskApiOptions) => pulumi.Output<R> {
  return (args, opts) => {
    const prepared: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((args ?? {}) as Record<string, unknown>)) {
      prepared[k] = v instanceof Date ? v.getTime() : v instanceof Promise ? v.then((x: unknown) => (x instanceof Date ? x.getTime() : x)) : v;
    }
    return pulumi.output(prepared).apply((plain) => fn(plain as A, opts)) as pulumi.Output<R>;
  };
}
