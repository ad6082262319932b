/**
 * EVS as a task module: jobs read and awaited by id, and one resource kind.
 * @module
 */
import { jobModule } from "../jobs/module";
import { awaitEvsJob, getEvsJob } from "./functions";
import { EVS_JOBS } from "./model";

/** EVS in the registry. */
export const EVS_MODULE = jobModule(EVS_JOBS, { get: getEvsJob, await: awaitEvsJob });
