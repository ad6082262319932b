/**
 * How the dynamic-provider host runs a job waiter (`EcsJobWaiter`, `EvsJobWaiter`, `ImsJobWaiter`): await the job
 * by id; refresh re-reads it (a job the service purged, a day after it ended, keeps its last state).
 * @module
 */
import { defined, echo, type Outs, type ResourceSpec } from "../../core/spec";
import type { JobFunctions } from "./functions";
import type { JobKind } from "./kind";
import type { JobAnswerWire } from "./model";
import { JobTargetSchema } from "./schemas";
import type { JobCommon } from "./types";

/** What a job waiter outputs about its job. */
function jobState<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, job: J): Outs {
  return defined({
    jobType: job.jobType,
    status: job.status,
    phase: job.phase,
    beginTime: job.beginTime,
    endTime: job.endTime,
    [kind.ids.output]: kind.ids.of(job),
  });
}

/** The resource spec of `kind`'s job waiter. */
export function jobWaiterSpec<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, fns: JobFunctions<J>): ResourceSpec {
  return {
    target: JobTargetSchema,
    identity: ["jobId", "triggers"],
    learned: [],
    async create(inputs, opts) {
      const jobId = String(inputs["jobId"]);
      const r = await fns.await({ jobId }, opts);
      const outs = { ...echo(inputs), ...jobState(kind, r.task), polls: r.polls, elapsedMs: r.elapsedMs, finishedAt: new Date(r.finishedAt).toISOString() };
      return { id: jobId, outs };
    },
    async read(id, props, opts) {
      // A 404 (the job was purged) reaches the host, which keeps the last known state.
      return { ...props, ...jobState(kind, await fns.get({ jobId: id }, opts)) };
    },
  };
}
