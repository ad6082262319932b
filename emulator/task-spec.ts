/**
 * The schema of a task to create (admin API and `emulator.createTask`), checking the shape of {@link TaskSpec}.
 * @module
 */
import { z } from "zod";

/** What a caller may fix when a task is created (everything else is drawn from the seeded distributions). */
export const TaskSpecSchema = z.strictObject({
  service: z.enum(["kps", "csms", "dcs", "rocketmq"]),
  /** Task name (DCS/RocketMQ), operation (KPS). @default a type of the service */
  name: z.string().min(1).max(64).optional(),
  /** Server id, secret name or instance id. @default the first of the world */
  scope: z.string().min(1).max(128).optional(),
  /** Total duration, virtual ms. @default drawn from the task type's distribution */
  durationMs: z.number().int().min(0).optional(),
  /** @default drawn from the task type's failure rate */
  outcome: z.enum(["success", "failure"]).optional(),
  errorCode: z.string().optional(),
  errorMsg: z.string().optional(),
  /** Created this many virtual ms from now (negative: in the past). @default 0 */
  startInMs: z.number().int().optional(),
  /** Invisible for this many virtual ms after creation. @default 0 */
  visibleAfterMs: z.number().int().min(0).optional(),
});
