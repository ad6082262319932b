/**
 * The emulator's world: servers, key pairs, secrets, instances and their tasks. A task's status is computed from
 * the virtual clock (no timers): it was created at `createdAt`, leaves its queued state at `startedAt` and ends at
 * `finishAt` with its outcome. Finished tasks stay listed; running lists show only unfinished tasks.
 * @module
 */
import { DEFAULT_WORLD, TASK_FAILURES, TASK_TYPES, taskType, type TaskService } from "./catalog";
import type { SeededRandom } from "./random";
import type { TaskBehaviour } from "./services/context";
import type { Instance, Secret, Server, Task, TaskSpec, Volume, World } from "./world";

export { DEFAULT_WORLD };
export type { Instance, Outcome, Secret, Server, Task, TaskExtra, TaskSpec, Volume } from "./world";

/** A record of one value per service. */
function perService<T>(make: () => T): Record<TaskService, T> {
  return Object.fromEntries(Object.keys(TASK_TYPES).map((s) => [s, make()])) as Record<TaskService, T>;
}

/** The world and its tasks. */
export class Store implements World {
  readonly servers = new Map<string, Server>();
  readonly keypairs = new Set<string>();
  readonly secrets = new Map<string, Secret>();
  readonly dcsInstances = new Map<string, Instance>();
  readonly rocketmqInstances = new Map<string, Instance>();
  readonly volumes = new Map<string, Volume>();
  private readonly tasks: Record<TaskService, Task[]> = perService(() => []);
  private readonly byId = new Map<string, Task>();
  /** Overrides for the next task each service starts through its public API. */
  private readonly nextSpecs: Record<TaskService, Partial<TaskSpec>[]> = perService(() => []);

  /**
   * @param random seeded randomness for ids and durations.
   * @param now virtual clock.
   * @param projectId used in URNs.
   * @param region used in URNs.
   * @param behaviours what each service plays (statuses, ids, fields).
   */
  constructor(
    private readonly random: SeededRandom,
    private readonly now: () => number,
    private readonly projectId: string,
    private readonly region: string,
    private readonly behaviours: Readonly<Record<TaskService, TaskBehaviour>>,
  ) {}

  /** Fills the default world and `historyPerType` finished tasks per task type, created over the past day. */
  seedDefaultWorld(historyPerType: number): void {
    for (const s of DEFAULT_WORLD.servers) this.servers.set(s.id, { ...s, status: "SHUTOFF" });
    for (const k of DEFAULT_WORLD.keypairs) this.keypairs.add(k);
    for (const name of DEFAULT_WORLD.secrets) this.addSecret(name);
    for (const i of DEFAULT_WORLD.dcsInstances) this.dcsInstances.set(i.id, { ...i });
    for (const i of DEFAULT_WORLD.rocketmqInstances) this.rocketmqInstances.set(i.id, { ...i });
    for (const v of DEFAULT_WORLD.volumes) this.volumes.set(v.id, { ...v });
    const day = 24 * 3600 * 1000;
    const types: [TaskService, string[], string[]][] = [
      ["kps", ["RESET", "REPLACE", "BIND", "UNBIND"], DEFAULT_WORLD.servers.map((s) => s.id)],
      ["csms", ["ROTATE"], [...DEFAULT_WORLD.secrets]],
      ["dcs", Object.keys(TASK_TYPES.dcs), DEFAULT_WORLD.dcsInstances.map((i) => i.id)],
      ["rocketmq", Object.keys(TASK_TYPES.rocketmq), DEFAULT_WORLD.rocketmqInstances.map((i) => i.id)],
    ];
    for (const [service, names, scopes] of types) {
      for (const name of names) {
        for (let k = 0; k < historyPerType; k += 1) {
          this.createTask({ service, name, scope: this.random.pick(scopes), startInMs: -Math.round(this.random.next() * day) - 3_600_000 });
        }
      }
    }
  }

  /** Adds (or replaces) a secret with a FunctionGraph rotation function. */
  addSecret(name: string, operateType = "MULTI_USER"): Secret {
    const secret = {
      name,
      operateType,
      rotationFuncUrn: `urn:fss:${this.region}:${this.projectId}:function:default:rotate-${name}:latest`,
    };
    this.secrets.set(name, secret);
    return secret;
  }

  /** Queues overrides for the next task `service` starts through its public API. */
  queueNext(service: TaskService, spec: Partial<TaskSpec>): void {
    this.nextSpecs[service].push(spec);
  }

  /** Takes the queued overrides for the next public start of `service`. */
  takeNext(service: TaskService): Partial<TaskSpec> {
    return this.nextSpecs[service].shift() ?? {};
  }

  /** Creates a task; unspecified fields are drawn from the seeded distributions. */
  createTask(spec: TaskSpec): Task {
    const service = spec.service;
    const behaviour = this.behaviours[service];
    const name = spec.name ?? behaviour.defaultName(this.random);
    const type = taskType(service, name);
    const drawn = Math.max(1000, Math.round(this.random.logNormal(type.medianMs, type.sigma)));
    const duration = spec.durationMs ?? drawn;
    // Failing sub-jobs fail their job (no draw, so other services' draws are unchanged).
    const failed = spec.outcome ? spec.outcome === "failure" : (spec.job?.failedSubJobs ?? 0) > 0 || this.random.next() < type.failureRate;
    const failure = this.random.pick(TASK_FAILURES[service]);
    const createdAt = this.now() + (spec.startInMs ?? 0);
    const scope = spec.scope ?? behaviour.defaultScope(this);
    const id = behaviour.newId(this.random);
    const extra = { ...behaviour.extra(this, name, scope, failed, this.random, spec), ...spec.extra };
    const queued = behaviour.queuedFraction?.(extra) ?? type.queuedFraction;
    const task: Task = {
      service,
      id,
      name,
      scope,
      createdAt,
      startedAt: createdAt + Math.round(duration * queued),
      finishAt: createdAt + duration,
      visibleAt: createdAt + (spec.visibleAfterMs ?? 0),
      outcome: failed ? "failure" : "success",
      errorCode: failed ? (spec.errorCode ?? failure.code) : undefined,
      errorMsg: failed ? (spec.errorMsg ?? failure.msg) : undefined,
      extra,
      settled: false,
    };
    this.tasks[service].push(task);
    this.tasks[service].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    this.byId.set(`${service}:${task.id}`, task);
    return task;
  }

  /** Applies the effects of tasks that have ended (key pairs bound or removed). */
  settle(): void {
    const now = this.now();
    for (const service of Object.keys(this.tasks) as TaskService[]) {
      const settle = this.behaviours[service].settle;
      for (const task of this.tasks[service]) {
        if (task.settled || task.finishAt > now) continue;
        task.settled = true;
        settle?.(this, task);
      }
    }
  }

  /** A visible task by id (not one its service has purged). */
  get(service: TaskService, id: string): Task | undefined {
    const task = this.byId.get(`${service}:${id}`);
    const now = this.now();
    const purge = this.behaviours[service].purgeAfterMs;
    if (task && purge !== undefined && task.finishAt + purge <= now) return undefined;
    return task && task.visibleAt <= now ? task : undefined;
  }

  /** A task by id whether visible or not (admin). */
  peek(service: TaskService, id: string): Task | undefined {
    return this.byId.get(`${service}:${id}`);
  }

  /** Visible tasks of a service, newest first. */
  list(service: TaskService): Task[] {
    const now = this.now();
    return this.tasks[service].filter((t) => t.visibleAt <= now);
  }

  /** All tasks of a service, visible or not (admin). */
  all(service: TaskService): readonly Task[] {
    return this.tasks[service];
  }

  /** A task in progress on `scope`, if any. */
  busy(service: TaskService, scope: string): Task | undefined {
    const now = this.now();
    return this.tasks[service].find((t) => t.scope === scope && t.finishAt > now);
  }

  /** The task's status at virtual time `now`, in its service's own words. */
  status(task: Task, now = this.now()): string {
    return this.behaviours[task.service].status(task, now);
  }
}
