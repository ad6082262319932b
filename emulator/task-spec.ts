/**
 * The schema of a task to create (admin API and `emulator.createTask`), checking the shape of {@link TaskSpec}.
 * @module
 */
import { z } from "zod";

/** The queued statuses a job may show, by service. */
const QUEUED: Readonly<Record<string, readonly string[]>> = {
  ecs: ["INIT", "PENDING_PAYMENT"],
  evs: ["INIT", "WAITING_EXECUTE", "LISTENING"],
  ims: ["INIT"],
};

/** ECS, EVS and IMS job fields. */
const JobSpecSchema = z.strictObject({
  /** Sub-jobs of a batch. */
  subJobs: z.number().int().min(1).max(1000).optional(),
  /** How many of the sub-jobs fail. */
  failedSubJobs: z.number().int().min(0).max(1000).optional(),
  /** The status of the queued stage. */
  queuedStatus: z.enum(["INIT", "PENDING_PAYMENT", "WAITING_EXECUTE", "LISTENING"]).optional(),
});

/** The services the emulator plays tasks or jobs of. */
export const EmulatedServiceSchema = z.enum(["kps", "csms", "dcs", "rocketmq", "ecs", "evs", "ims"]);

/** The fields of a task spec (without the cross-field checks). */
const TaskSpecFields = z.strictObject({
  service: EmulatedServiceSchema,
  /** Task name (DCS/RocketMQ), operation (KPS), job type (ECS/EVS/IMS). @default a type of the service */
  name: z.string().min(1).max(64).optional(),
  /** Server id, secret name, instance id, volume id (EVS) or image id (IMS). @default the first of the world */
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
  /** ECS, EVS and IMS jobs only. */
  job: JobSpecSchema.optional(),
});

type Fields = z.output<typeof TaskSpecFields>;

/** The checks across fields: job fields on jobs only, failing sub-jobs among the sub-jobs, a queued status of the service. */
function consistent(v: Partial<Fields>, ctx: z.RefinementCtx): void {
  const job = v.job;
  if (!job) return;
  const allowed = v.service === undefined ? undefined : QUEUED[v.service];
  if (v.service !== undefined && !allowed) ctx.addIssue({ code: "custom", path: ["job"], message: `applies to ECS, EVS and IMS jobs only, not ${v.service}` });
  if (allowed && job.queuedStatus && !allowed.includes(job.queuedStatus))
    ctx.addIssue({ code: "custom", path: ["job", "queuedStatus"], message: `must be one of ${allowed.join(", ")} for ${v.service}` });
  const failing = job.failedSubJobs ?? 0;
  if (failing > (job.subJobs ?? 0)) ctx.addIssue({ code: "custom", path: ["job", "failedSubJobs"], message: "must not exceed subJobs" });
  if (failing > 0 && v.outcome === "success") ctx.addIssue({ code: "custom", path: ["job", "failedSubJobs"], message: 'fails the job: it contradicts outcome "success"' });
}

/** What a caller may fix when a task is created (everything else is drawn from the seeded distributions). */
export const TaskSpecSchema = TaskSpecFields.superRefine(consistent);

/** Body of `POST /_admin/next-task`: overrides for the next task a public start API creates. */
export const NextTaskSchema = TaskSpecFields.omit({ name: true, scope: true }).superRefine(consistent);
