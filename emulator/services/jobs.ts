/**
 * What the emulator's ECS, EVS and IMS jobs share: the lifecycle (the queued status, `INIT` unless the job waits for
 * payment or execution, then `RUNNING`, then `SUCCESS`/`FAIL`), sub-jobs that end one by one within their job's
 * running stage, the envelope with ISO times, purging a day after the end, and the read by id that answers a job
 * only in its own service's shape.
 * @module
 */
import { toIsoMillis } from "../../provider/util/time";
import { JOB_PURGE_MS, SUB_JOB_TYPES, TASK_TYPES, type TaskService } from "../catalog";
import type { SubJobRecord } from "../api";
import type { SeededRandom } from "../random";
import type { Task, TaskExtra, TaskSpec, World } from "../world";
import { ServiceError, type Codes, type EmuContext, type TaskBehaviour, type TaskView } from "./context";

/** A job's status at virtual time `now`. */
export function jobStatus(task: Task, now: number): string {
  if (now >= task.finishAt) return task.outcome === "success" ? "SUCCESS" : "FAIL";
  return now < task.startedAt ? (task.extra.queuedStatus ?? "INIT") : "RUNNING";
}

/** What a job service tells the shared behaviour. */
export interface JobService {
  service: TaskService;
  /** The scope a job gets when none is given. */
  defaultScope(store: World): string;
  /** Fields of a new job (entities), given its spec. */
  extra(store: World, name: string, scope: string, random: SeededRandom, spec: TaskSpec): TaskExtra;
  /** Ids of the entities of a job's `n` sub-jobs (servers acted on, volumes made ...), given its fields. */
  subJobEntities(store: World, name: string, extra: TaskExtra, scope: string, n: number, random: SeededRandom): string[];
  settle?(store: World, task: Task): void;
}

/**
 * The sub-jobs of a new job: one per entity, the last `failing` ones failing, each ending at a seeded fraction of
 * the running stage (from half to 95 %; the last at its end).
 */
export function makeSubJobs(name: string, entities: readonly string[], failing: number, random: SeededRandom): SubJobRecord[] {
  const type = SUB_JOB_TYPES[name] ?? name;
  return entities.map((entityId, i) => ({
    id: random.hex(32),
    type,
    entityId,
    finishFraction: i === entities.length - 1 ? 1 : 0.5 + random.next() * 0.45,
    failed: i >= entities.length - failing,
  }));
}

/** The behaviour of a job service. */
export function jobBehaviour(s: JobService): TaskBehaviour {
  return {
    status: jobStatus,
    newId: (random) => random.hex(32),
    defaultScope: s.defaultScope,
    defaultName: (random) => random.pick(Object.keys(TASK_TYPES[s.service])),
    extra(store, name, scope, failed, random, spec) {
      const extra = { ...s.extra(store, name, scope, random, spec), ...spec.extra };
      // Batches have sub-jobs: as many as asked, or one per server acted on, or one for a batch type.
      const n = spec.job?.subJobs ?? extra.serverIds?.length ?? (name in SUB_JOB_TYPES ? 1 : 0);
      const failing = failed ? Math.min(n, spec.job?.failedSubJobs ?? 1) : 0;
      const subJobs = n > 0 ? makeSubJobs(name, s.subJobEntities(store, name, extra, scope, n, random), failing, random) : undefined;
      return { ...extra, ...(spec.job?.queuedStatus ? { queuedStatus: spec.job.queuedStatus } : {}), ...(subJobs ? { subJobs } : {}) };
    },
    settle: s.settle,
    // A job waiting for its order to be paid (by a person) spends most of its time there (assumed).
    queuedFraction: (extra) => (extra.queuedStatus === "PENDING_PAYMENT" ? 0.8 : undefined),
    purgeAfterMs: JOB_PURGE_MS,
  };
}

/** A sub-job's status at `now`. */
function subJobStatus(task: Task, sub: SubJobRecord, now: number): { status: string; endAt: number | undefined } {
  const endAt = task.startedAt + Math.round((task.finishAt - task.startedAt) * sub.finishFraction);
  if (now < task.startedAt) return { status: "INIT", endAt: undefined };
  if (now < endAt) return { status: "RUNNING", endAt: undefined };
  return { status: sub.failed ? "FAIL" : "SUCCESS", endAt };
}

/** A job's (or sub-job's) envelope fields. */
function envelope(id: string, type: string, status: string, begin: number, endAt: number | undefined, error: { code?: string | undefined; msg?: string | undefined }) {
  const failed = status === "FAIL";
  return {
    status,
    job_id: id,
    job_type: type,
    begin_time: toIsoMillis(begin),
    end_time: endAt === undefined ? null : toIsoMillis(endAt),
    error_code: failed ? (error.code ?? null) : null,
    fail_reason: failed ? (error.msg ?? null) : null,
  };
}

/** The sub-jobs of a job as the services list them, with `entities` built by the service. */
export function subJobsOf<E>(task: Task, now: number, entities: (sub: SubJobRecord) => E) {
  return (task.extra.subJobs ?? []).map((sub) => {
    const s = subJobStatus(task, sub, now);
    return { ...envelope(sub.id, sub.type, s.status, task.createdAt, s.endAt, { code: task.errorCode, msg: task.errorMsg }), entities: entities(sub) };
  });
}

/**
 * A job's envelope. When its sub-jobs failed, they carry the error and the job's own `error_code`/`fail_reason` are
 * empty (assumed), so a reader must look at the sub-jobs.
 */
export function jobEnvelope(view: TaskView) {
  const task = view.task;
  const bySubJobs = (task.extra.subJobs ?? []).some((s) => s.failed);
  const ended = view.status === "SUCCESS" || view.status === "FAIL";
  return envelope(task.id, task.name, view.status, task.createdAt, ended ? task.finishAt : undefined, bySubJobs ? {} : { code: task.errorCode, msg: task.errorMsg });
}

/** A job read by id through the task-level faults, or the service's 404 for a job it does not have (or purged). */
export function jobById(ctx: EmuContext, service: TaskService, codes: Codes, jobId: string): TaskView {
  const seen = ctx.byId(service, jobId);
  if (!seen) throw new ServiceError(404, codes.notFound, `The job ${jobId} does not exist`);
  return seen;
}
