/**
 * The arguments DCS's functions and resources accept, checked before any request.
 * @module
 */
import { z } from "zod";
import { orderedWindow, pagingArgs, timeArg, windowArgs } from "../../core/args";
import { idString } from "../../endpoints/kit";

/** `getDcsTasks` arguments. */
export const GetDcsTasksArgsSchema = z
  .strictObject({ ...windowArgs("startTime", "endTime"), ...pagingArgs })
  .superRefine(orderedWindow("startTime", "endTime"));

/** `getDcsInstanceTasks` arguments. */
export const GetDcsInstanceTasksArgsSchema = z
  .strictObject({ instanceId: idString(), ...windowArgs("startTime", "endTime"), ...pagingArgs })
  .superRefine(orderedWindow("startTime", "endTime"));

/** `getDcsJob` arguments and `waitForDcsJob` targets. */
export const DcsJobTargetSchema = z.strictObject({ jobId: idString() });

/** `getDcsInstanceStatusCounts` arguments. */
export const GetDcsInstanceStatusCountsArgsSchema = z.strictObject({
  includeFailure: z.boolean({ error: "must be true or false" }).optional(),
});

/** A task name as DCS and RocketMQ give them. */
export const taskName = () => z.string().min(1, { error: "must not be empty" }).max(64, { error: "must be at most 64 characters" });

/** A DCS wait target (task id, job id, or name with `after`; optionally the instance whose task list to read). */
export const DcsTargetSchema = z
  .strictObject({
    instanceId: idString().optional(),
    taskId: idString().optional(),
    jobId: idString().optional(),
    name: taskName().optional(),
    after: timeArg.optional(),
  })
  .superRefine((v, ctx) => {
    const given = [v.taskId, v.jobId, v.name].filter((x) => x !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId, jobId, or name (with after)" });
    if (v.name !== undefined && v.after === undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "is required with name: the time the operation was started" });
    if (v.name === undefined && v.after !== undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "applies to name only" });
  });
