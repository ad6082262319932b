/**
 * ECS as a task module: jobs read and awaited by id, and one resource kind.
 * @module
 */
import { jobModule } from "../jobs/module";
import { awaitEcsJob, getEcsJob } from "./functions";
import { ECS_JOBS } from "./model";

/** ECS in the registry. */
export const ECS_MODULE = jobModule(ECS_JOBS, { get: getEcsJob, await: awaitEcsJob });
