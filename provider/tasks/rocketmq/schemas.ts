/**
 * The arguments RocketMQ's functions and resources accept, checked before any request.
 * @module
 */
import { z } from "zod";
import { orderedWindow, pagingArgs, timeArg, windowArgs } from "../../core/args";
import { idString } from "../../endpoints/kit";
import { taskName } from "../dcs/schemas";

/** `getRocketMqTasks` arguments. */
export const GetRocketMqTasksArgsSchema = z
  .strictObject({ instanceId: idString(), ...windowArgs("beginTime", "endTime"), ...pagingArgs })
  .superRefine(orderedWindow("beginTime", "endTime"));

/** `getRocketMqTask` arguments. */
export const GetRocketMqTaskArgsSchema = z.strictObject({ instanceId: idString(), taskId: idString() });

/** A RocketMQ wait target (instance id plus task id, or name with `after`). */
export const RocketMqTargetSchema = z
  .strictObject({
    instanceId: idString(),
    taskId: idString().optional(),
    name: taskName().optional(),
    after: timeArg.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.taskId === undefined) === (v.name === undefined)) ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId or name (with after)" });
    if (v.name !== undefined && v.after === undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "is required with name: the time the operation was started" });
    if (v.name === undefined && v.after !== undefined) ctx.addIssue({ code: "custom", path: ["after"], message: "applies to name only" });
  });
