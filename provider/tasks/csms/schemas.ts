/**
 * The arguments CSMS's functions and resources accept, checked before any request.
 * @module
 */
import { z } from "zod";
import { pagingArgs, timeArg } from "../../core/args";
import { idString } from "../../endpoints/kit";
import { csmsStatusFilter, secretName } from "../../endpoints/csms";

/** `getCsmsTasks` arguments; `taskId` excludes the other filters, as the API requires. */
export const GetCsmsTasksArgsSchema = z
  .strictObject({
    secretName: secretName().optional(),
    status: csmsStatusFilter.optional(),
    taskId: idString().optional(),
    ...pagingArgs,
  })
  .superRefine((v, ctx) => {
    if (v.taskId !== undefined && (v.secretName !== undefined || v.status !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["taskId"],
        message: "cannot be combined with secretName or status (the API refuses it): give the task id alone",
      });
    }
  });

/** A CSMS wait target (task id, or secret name with an optional `after`). */
export const CsmsTargetSchema = z
  .strictObject({ taskId: idString().optional(), secretName: secretName().optional(), after: timeArg.optional() })
  .superRefine((v, ctx) => {
    if ((v.taskId === undefined) === (v.secretName === undefined))
      ctx.addIssue({ code: "custom", path: ["taskId"], message: "give exactly one of taskId or secretName (with an optional after)" });
    if (v.taskId !== undefined && v.after !== undefined)
      ctx.addIssue({ code: "custom", path: ["after"], message: "applies to secretName only, not to taskId" });
  });

/** `CsmsSecretRotation` inputs (besides the common ones). */
export const RotationSchema = z.strictObject({ secretName: secretName() });
