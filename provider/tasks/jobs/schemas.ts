/**
 * The arguments the job functions and resources accept, checked before any request.
 * @module
 */
import { z } from "zod";
import { jobIdSchema } from "../../endpoints/jobs";

/** `getEcsJob` / `getEvsJob` / `getImsJob` arguments. */
export const GetJobArgsSchema = z.strictObject({ jobId: jobIdSchema });

/** A job wait target, and the target inputs of the job waiters. */
export const JobTargetSchema = z.strictObject({ jobId: jobIdSchema });
