/**
 * A job service in the registry: statuses, awaiting by id, and its waiter resource. Jobs list nothing, so there is
 * no gate on them.
 * @module
 */
import type { TaskModule } from "../../core/module";
import type { JobFunctions } from "./functions";
import type { JobKind } from "./kind";
import type { JobAnswerWire } from "./model";
import { jobWaiterSpec } from "./specs";
import type { JobCommon, JobWaitTarget } from "./types";

/** The task module of `kind`'s service. */
export function jobModule<W extends JobAnswerWire, J extends JobCommon>(kind: JobKind<W, J>, fns: JobFunctions<J>): TaskModule<J> {
  return {
    service: kind.service,
    statuses: kind.statuses,
    awaitById: (target, opts) => fns.await(target as JobWaitTarget, opts),
    resources: { [kind.resource]: jobWaiterSpec(kind, fns) },
  };
}
