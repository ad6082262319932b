/**
 * A stack's life for `local-run`, kept in a state file, so that tests can play `pulumi up`, `pulumi refresh` and
 * `pulumi destroy` through the real dynamic-provider host without the Pulumi CLI.
 *
 * This is a test harness, not an engine. It plays the engine's rules for dynamic resources that the lifecycle
 * tests need, and nothing more:
 * - up: Check (olds = the previous inputs), then Create when the resource is new; else Diff (olds = the previous
 *   outputs): a replacement creates the new one and deletes the old one at the end of the run, a change without
 *   replacement is an Update, no change keeps the previous outputs (and records the new inputs); resources the
 *   program no longer registers are deleted at the end;
 * - a Create that never answered (the host died) stays a pending create; the next up warns and creates it again,
 *   as `pulumi up` does after an interrupted run;
 * - refresh reads every resource (Read with the previous outputs); destroy deletes every one, last first.
 * No preview, no parallelism limits, no dependency graph for deletes, no protect/ignoreChanges/aliases, no
 * imports. Secret inputs are written to the file as `[secret]` (the real engine encrypts them; these resources
 * never read secret olds); outputs are written as the host returned them, with the names of the secret ones.
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { HwcTasksError } from "../provider/errors";
import type { Host, HostError } from "./host-client";

/** A resource in the state. */
export interface StateResource {
  urn: string;
  type: string;
  name: string;
  id: string;
  /** The checked inputs, secret ones as `[secret]`. */
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** Outputs the engine would hold as secrets (same name as a secret input, or `additionalSecretOutputs`). */
  secretOutputs: string[];
}

/** The state file. */
export interface StackState {
  version: 1;
  resources: StateResource[];
  /** Creates that were sent but never answered. */
  pendingCreates: { urn: string; type: string; name: string }[];
  /** Replaced resources whose delete has not run yet. */
  pendingDeletes: StateResource[];
}

/** What the deployment did to a resource. */
export type StepOp = "create" | "same" | "update" | "replace" | "delete" | "refresh";

/** Events of a deployment. */
export type DeploymentEvent = { type: "step"; op: StepOp; resourceType: string; name: string; id: string } | { type: "warning"; message: string };

/** A resource's own failure (as the engine reports it), not the harness's. */
export class ResourceFailure extends Error {
  override readonly name = "ResourceFailure";
}

/** One registration, as the routing monitor hands it over. */
export interface Registered {
  type: string;
  name: string;
  urn: string;
  /** Inputs with secrets unwrapped (what the host gets). */
  inputs: Record<string, unknown>;
  /** Names of the inputs that were secret, and of `additionalSecretOutputs`. */
  secretNames: string[];
}

const DIFF_SOME = 2;
const DIFF_UNKNOWN = 0;
/** gRPC UNKNOWN: what the host answers when the provider itself failed (any other code: the host did not answer). */
const PROVIDER_ERROR = 2;

const short = (type: string) => type.replace(/^pulumi-nodejs:dynamic\/(hwc-tasks:)?/, "");

/** A stack's state and the steps that change it. */
export class Deployment {
  /** The first resource failure of the run. */
  failure: ResourceFailure | undefined;
  private readonly current = new Map<string, StateResource>();
  private readonly pending = new Map<string, StackState["pendingCreates"][number]>();
  private readonly doomed: StateResource[] = [];
  private readonly seen = new Set<string>();

  /**
   * @param file the state file (created when missing); `undefined` keeps the state in memory (every up creates).
   * @param emit receives steps and warnings.
   */
  constructor(
    private readonly host: Host,
    private readonly file: string | undefined,
    private readonly emit: (e: DeploymentEvent) => void,
  ) {
    const state: StackState | undefined = file && existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StackState) : undefined;
    if (state && state.version !== 1) throw new HwcTasksError(`${file}: not a local-run state file (version ${String(state.version)})`);
    for (const r of state?.resources ?? []) this.current.set(r.urn, r);
    this.doomed.push(...(state?.pendingDeletes ?? []));
    for (const p of state?.pendingCreates ?? [])
      emit({ type: "warning", message: `${short(p.type)} "${p.name}" has a pending create from an interrupted run; it is created again if the program still declares it` });
  }

  /** Up: one resource the program registered. Resolves with its id and outputs. */
  async register(r: Registered): Promise<{ id: string; outputs: Record<string, unknown> }> {
    this.seen.add(r.urn);
    const old = this.current.get(r.urn);
    const checked = await this.call(r, () => this.host.check(old?.inputs ?? {}, r.inputs));
    if (checked.failures.length > 0) throw this.fail(r, checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    let entry: StateResource;
    if (!old) entry = await this.create(r, checked.inputs, "create");
    else {
      const d = await this.call(r, () => this.host.diff(old.id, old.outputs, checked.inputs));
      const changed = d.changes === DIFF_SOME || (d.changes === DIFF_UNKNOWN && JSON.stringify(old.inputs) !== JSON.stringify(this.stored(r, checked.inputs)));
      if (d.replaces.length > 0) {
        entry = await this.create(r, checked.inputs, "replace");
        this.doomed.push(old);
      } else if (changed) {
        const u = await this.call(r, () => this.host.update(r.urn, old.id, old.outputs, checked.inputs));
        entry = { ...old, inputs: this.stored(r, checked.inputs), outputs: u.properties, secretOutputs: r.secretNames };
        this.emit({ type: "step", op: "update", resourceType: r.type, name: r.name, id: old.id });
      } else {
        entry = { ...old, inputs: this.stored(r, checked.inputs), secretOutputs: r.secretNames };
        this.emit({ type: "step", op: "same", resourceType: r.type, name: r.name, id: old.id });
      }
    }
    this.current.set(r.urn, entry);
    this.save();
    return { id: entry.id, outputs: entry.outputs };
  }

  /** End of a successful up: deletes what was replaced and what the program no longer declares. */
  async finish(): Promise<void> {
    for (const r of [...this.current.values()].filter((x) => !this.seen.has(x.urn))) {
      await this.remove(r);
      this.current.delete(r.urn);
      this.save();
    }
    await this.deleteDoomed();
  }

  /** Refresh: reads every resource; the outputs become what the provider read. */
  async refresh(): Promise<void> {
    for (const r of [...this.current.values()]) {
      const read = await this.call(r, () => this.host.read(r.urn, r.id, r.outputs));
      this.current.set(r.urn, { ...r, id: read.id, outputs: read.properties });
      this.emit({ type: "step", op: "refresh", resourceType: r.type, name: r.name, id: read.id });
      this.save();
    }
  }

  /** Destroy: deletes every resource, the last registered first. */
  async destroy(): Promise<void> {
    await this.deleteDoomed();
    for (const r of [...this.current.values()].reverse()) {
      await this.remove(r);
      this.current.delete(r.urn);
      this.save();
    }
  }

  private async create(r: Registered, inputs: Record<string, unknown>, op: "create" | "replace"): Promise<StateResource> {
    this.pending.set(r.urn, { urn: r.urn, type: r.type, name: r.name });
    this.save();
    let answered = true;
    try {
      const created = await this.host.create(r.urn, inputs);
      this.emit({ type: "step", op, resourceType: r.type, name: r.name, id: created.id });
      return { urn: r.urn, type: r.type, name: r.name, id: created.id, inputs: this.stored(r, inputs), outputs: created.properties, secretOutputs: r.secretNames };
    } catch (err) {
      answered = (err as Partial<HostError>).code === PROVIDER_ERROR;
      throw this.failureOf(r, err);
    } finally {
      // A create the host answered (even with an error) is over; one it never answered stays pending.
      if (answered) this.pending.delete(r.urn);
      this.save();
    }
  }

  private async deleteDoomed(): Promise<void> {
    while (this.doomed.length > 0) {
      await this.remove(this.doomed[0] as StateResource);
      this.doomed.shift();
      this.save();
    }
  }

  private async remove(r: StateResource): Promise<void> {
    await this.call(r, () => this.host.delete(r.urn, r.id, r.outputs));
    this.emit({ type: "step", op: "delete", resourceType: r.type, name: r.name, id: r.id });
  }

  /** Runs a host call; its failure becomes the resource's {@link ResourceFailure}. */
  private async call<T>(r: { type: string; name: string }, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.failureOf(r, err);
    }
  }

  /** A host call's error as the resource's failure: the provider's own message, or the host's silence. */
  private failureOf(r: { type: string; name: string }, err: unknown): ResourceFailure {
    const e = err as Partial<HostError>;
    const details = e.details ?? (err instanceof Error ? err.message : String(err));
    return this.fail(r, e.code === PROVIDER_ERROR ? details : `the dynamic-provider host stopped answering (${details})`);
  }

  private fail(r: { type: string; name: string }, message: string): ResourceFailure {
    const failure = new ResourceFailure(`${short(r.type)} "${r.name}": ${message}`);
    this.failure ??= failure;
    return failure;
  }

  /** Inputs as the state file keeps them: secret ones as `[secret]`. */
  private stored(r: Registered, inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, r.secretNames.includes(k) ? "[secret]" : v]));
  }

  private save(): void {
    if (!this.file) return;
    const state: StackState = { version: 1, resources: [...this.current.values()], pendingCreates: [...this.pending.values()], pendingDeletes: this.doomed };
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
