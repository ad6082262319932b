/**
 * The arguments KPS's functions and resources accept, checked before any request.
 * @module
 */
import { z } from "zod";
import { pagingArgs } from "../../core/args";
import { idString } from "../../endpoints/kit";
import { kpsAuthSchema } from "../../endpoints/kps";

/** `getKpsTask` arguments. */
export const GetKpsTaskArgsSchema = z.strictObject({ taskId: idString() });

/** `getKpsRunningTasks` / `getKpsFailedTasks` arguments. */
export const GetKpsTasksArgsSchema = z.strictObject({
  /** Only this server's tasks (filtered after reading). */
  serverId: idString().optional(),
  ...pagingArgs,
});

/** `deleteKpsFailedTask` arguments. */
export const DeleteKpsFailedTaskArgsSchema = z.strictObject({ taskId: idString() });

/** `deleteAllKpsFailedTasks` takes no arguments. */
export const DeleteAllKpsFailedTasksArgsSchema = z.strictObject({});

/** A KPS wait target. */
export const KpsTargetSchema = z.strictObject({ taskId: idString() });

/** `KpsKeypairAssociation` inputs (besides the common ones). */
export const AssociationSchema = z.strictObject({
  keypairName: idString(64),
  serverId: idString(),
  auth: kpsAuthSchema.optional(),
  disablePassword: z.boolean({ error: "must be true or false" }).optional(),
  port: z
    .number()
    .int()
    .min(1, { error: "must be a port from 1 to 65535" })
    .max(65535, { error: "must be a port from 1 to 65535" })
    .optional(),
});
