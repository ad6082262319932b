/**
 * The functions of a job family, generically: read a job (`getXJob`) and await it (`awaitXJob`). Each service's
 * public functions delegate here.
 * @module
 */
import { parseArgs } from "../../core/args";
import { runDataSource, type DataSource } from "../../core/source";
import { runWait } from "../../core/wait";
import type { TaskApiOptions, WaitOptions, WaitResult } from "../../options";
import { readJob, type JobKind } from "./kind";
import type { JobAnswerWire } from "./model";
import { GetJobArgsSchema, JobTargetSchema } from "./schemas";
import type { GetJobArgs, JobCommon, JobWaitTarget } from "./types";
import { jobWaitPlan } from "./waits";

/** A service's job functions. */
export interface JobFunctions<J> {
  get(args: GetJobArgs, opts?: TaskApiOptions): Promise<J>;
  await(target: JobWaitTarget, opts?: WaitOptions): Promise<WaitResult<J>>;
}

/** The job functions of `kind`'s service. */
export function jobFunctions<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>): JobFunctions<J> {
  const source: DataSource<typeof GetJobArgsSchema, J> = {
    name: kind.names.get,
    args: GetJobArgsSchema,
    run: async (client, a, opts) => (await readJob(kind, client, a.jobId, opts)).job,
  };
  return {
    get: (args, opts = {}) => runDataSource(source, args, opts),
    await: async (target, opts = {}) => {
      const t = parseArgs(JobTargetSchema, target, kind.names.wait);
      return runWait(kind.names.wait, jobWaitPlan(kind, t.jobId), opts);
    },
  };
}
