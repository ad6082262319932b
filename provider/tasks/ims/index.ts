/**
 * IMS as a task module: jobs read and awaited by id, and one resource kind.
 * @module
 */
import { jobModule } from "../jobs/module";
import { awaitImsJob, getImsJob } from "./functions";
import { IMS_JOBS } from "./model";

/** IMS in the registry. */
export const IMS_MODULE = jobModule(IMS_JOBS, { get: getImsJob, await: awaitImsJob });
