/**
 * The spec a resource kind gives the dynamic-provider host: its schemas, its identity, and its create and read; and
 * the small helpers every spec uses to shape outputs.
 * @module
 */
import type { z } from "zod";
import type { TaskApiOptions, WaitOptions, WaitResult } from "../options";

/** Inputs as the host gets them. */
export type Inputs = Record<string, unknown>;
/** Outputs as the host returns them. */
export type Outs = Record<string, unknown>;

/** What one resource kind gives the host. */
export interface ResourceSpec {
  /** Validates the kind's own inputs (target fields). */
  target: z.ZodType;
  /** Inputs of this kind that steer the resource rather than name its target. */
  extra?: Record<string, z.ZodType>;
  /** Inputs whose change replaces the resource. */
  identity: readonly string[];
  /**
   * Identity fields the resource also learns as outputs (a CSMS task's secret, a DCS task's name ...): absent from
   * the new inputs, they were learned, not removed, so they do not count as a change.
   */
  learned: readonly string[];
  /** Replaced on every deployment when this returns true (a gate with `everyDeployment`). */
  alwaysReplace?: (news: Inputs) => boolean;
  create(inputs: Inputs, opts: WaitOptions): Promise<{ id: string; outs: Outs }>;
  /** Refresh: the current state, or `undefined` to keep the last known one. */
  read(id: string, props: Outs, opts: TaskApiOptions): Promise<Outs | undefined>;
}

/** Drops `undefined` (a protobuf Struct cannot hold it). */
export function defined(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

/** The common outputs of a finished wait. */
export function waitOuts(r: WaitResult<unknown>, taskId: string, phase: string): Outs {
  return { taskId, status: r.status, phase, polls: r.polls, elapsedMs: r.elapsedMs, finishedAt: new Date(r.finishedAt).toISOString() };
}

/** Inputs the outputs repeat (so refresh and diff see them), minus anything secret. */
export function echo(inputs: Inputs): Outs {
  const { __provider: _p, auth: _a, ...rest } = inputs;
  return rest;
}

/** The target fields of an input object (without the steering inputs and `__provider`). */
export function targetInputs(inputs: Inputs): Inputs {
  const { __provider: _p, timeout: _t, createTimeout: _c, triggers: _g, adoptionWindow: _w, ...rest } = inputs;
  return rest;
}

/** A string input, or `undefined`. */
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
