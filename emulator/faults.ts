/**
 * Faults on demand. A rule matches requests (by service, operation, method) or one task, and is scoped by a count
 * of affected responses and/or a real-time window, so a test can script exactly what goes wrong and when.
 * @module
 */
import { z } from "zod";
import type { Fault, FaultMatch, FaultRuleInput, FaultRuleView } from "./api";
import { EmulatedServiceSchema } from "./task-spec";

const statusFault = z.strictObject({
  kind: z.literal("status"),
  status: z.number().int().min(400).max(599),
  errorCode: z.string().optional(),
  errorMsg: z.string().optional(),
  /** `Retry-After` header value to send. */
  retryAfter: z.string().optional(),
});

/** Every fault kind and its parameters. */
export const FaultSchema = z.discriminatedUnion("kind", [
  statusFault,
  /** 429 `APIGW.0308`, the gateway's throttling answer. */
  z.strictObject({ kind: z.literal("throttle"), retryAfter: z.string().optional() }),
  /** Extra real latency before the answer. */
  z.strictObject({ kind: z.literal("latency"), ms: z.number().int().min(0).max(600_000) }),
  /** No answer at all until the client gives up (or the emulator closes). */
  z.strictObject({ kind: z.literal("hang") }),
  /** The connection is destroyed without an answer. */
  z.strictObject({ kind: z.literal("reset") }),
  /** Headers promise more body than is sent, then the connection closes. */
  z.strictObject({ kind: z.literal("truncate") }),
  /** An HTML error page, as a load balancer in front of the API would send. */
  z.strictObject({ kind: z.literal("html"), status: z.number().int().min(200).max(599).default(502) }),
  /** A well-formed but surprising JSON body. */
  z.strictObject({
    kind: z.literal("mutate"),
    mutation: z.enum(["extra-fields", "drop-optional", "numbers-as-strings"]),
  }),
  /** The task disappears: 404 by id, absent from lists. */
  z.strictObject({ kind: z.literal("vanish"), taskId: z.string().min(1) }),
  /** The task shows a status no client has seen. */
  z.strictObject({ kind: z.literal("unknown-status"), taskId: z.string().min(1), status: z.string().min(1) }),
  /** The task is absent from list answers (a list that lags); a read by id still shows it. */
  z.strictObject({ kind: z.literal("omit"), taskId: z.string().min(1) }),
  /** A read by id of the task answers an error in the service's shape (a 4xx that concerns that task only). */
  z.strictObject({
    kind: z.literal("task-error"),
    taskId: z.string().min(1),
    status: z.number().int().min(400).max(599),
    errorCode: z.string().optional(),
    errorMsg: z.string().optional(),
  }),
]);

/** Faults that concern one task rather than requests. */
const TASK_FAULTS = new Set(["vanish", "unknown-status", "omit", "task-error"]);

/** How a task is read: in a list, or by id. */
export type ReadVia = "list" | "byId";

/** How a task looks through the live task-level faults. */
export interface TaskLook {
  hidden: boolean;
  status?: string;
  error?: { status: number; errorCode?: string | undefined; errorMsg?: string | undefined };
}

export type { Fault, FaultRuleInput, FaultRuleView };

/** Which requests a rule applies to (all when empty). */
export const FaultMatchSchema = z.strictObject({
  service: z.enum([...EmulatedServiceSchema.options, "iam"]).optional(),
  operation: z.string().optional(),
  method: z.enum(["GET", "POST", "DELETE"]).optional(),
});

/** A fault rule as the admin API and `emulator.fault()` take it. */
export const FaultRuleSchema = z
  .strictObject({
    fault: FaultSchema,
    match: FaultMatchSchema.default({}),
    /** Affected responses. @default 1 when no window is given */
    count: z.number().int().min(1).optional(),
    /** Active for this many real ms (after `afterMs`). */
    forMs: z.number().int().min(1).optional(),
    /** Becomes active after this many real ms. @default 0 */
    afterMs: z.number().int().min(0).default(0),
  })
  .transform((r) => ({ ...r, count: r.count ?? (r.forMs === undefined ? 1 : undefined) }));



interface ActiveRule {
  id: string;
  fault: Fault;
  match: FaultMatch;
  remaining: number | undefined;
  from: number;
  until: number | undefined;
  hits: number;
}

/** What a request is about, for matching. */
export interface RequestFacts {
  service: string;
  operation: string;
  method: string;
}

/** The set of rules in force. */
export class FaultSet {
  private rules: ActiveRule[] = [];
  private seq = 0;

  /** @param realNow real clock (windows are real time so they do not depend on the time scale). */
  constructor(private readonly realNow: () => number = Date.now) {}

  /** Adds a rule; returns its id. @throws ZodError for a malformed rule. */
  add(input: FaultRuleInput): string {
    const rule = FaultRuleSchema.parse(input);
    const from = this.realNow() + rule.afterMs;
    this.seq += 1;
    const id = `fault-${this.seq}`;
    this.rules.push({
      id,
      fault: rule.fault,
      match: rule.match,
      remaining: rule.count,
      from,
      until: rule.forMs === undefined ? undefined : from + rule.forMs,
      hits: 0,
    });
    return id;
  }

  /** Removes one rule, or all. */
  clear(id?: string): void {
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
  }

  /** Every rule, with its remaining count and hits. */
  list(): FaultRuleView[] {
    const now = this.realNow();
    return this.rules.map((r) => ({
      id: r.id,
      fault: r.fault,
      match: r.match,
      remaining: r.remaining,
      hits: r.hits,
      active: this.live(r, now),
    }));
  }

  private live(r: ActiveRule, now: number): boolean {
    return now >= r.from && (r.until === undefined || now < r.until) && (r.remaining === undefined || r.remaining > 0);
  }

  private consume(r: ActiveRule): void {
    r.hits += 1;
    if (r.remaining !== undefined) r.remaining -= 1;
  }

  /** The first live request-level fault for this request; consumes one of its count. */
  forRequest(facts: RequestFacts): Fault | undefined {
    const now = this.realNow();
    for (const r of this.rules) {
      if (TASK_FAULTS.has(r.fault.kind)) continue;
      if (!this.live(r, now)) continue;
      if (r.match.service && r.match.service !== facts.service) continue;
      if (r.match.operation && r.match.operation !== facts.operation) continue;
      if (r.match.method && r.match.method !== facts.method) continue;
      this.consume(r);
      return r.fault;
    }
    return undefined;
  }

  /**
   * How a task looks through the live task-level faults when read `via` a list or by id: hidden, with a replaced
   * status, or (by id) answering an error. Consumes one of a rule's count per answer it changes.
   */
  forTask(taskId: string, via: ReadVia): TaskLook {
    const now = this.realNow();
    for (const r of this.rules) {
      const f = r.fault;
      if (!TASK_FAULTS.has(f.kind) || !("taskId" in f) || f.taskId !== taskId || !this.live(r, now)) continue;
      if (f.kind === "omit" && via !== "list") continue;
      if (f.kind === "task-error" && via !== "byId") continue;
      this.consume(r);
      if (f.kind === "unknown-status") return { hidden: false, status: f.status };
      if (f.kind === "task-error") return { hidden: false, error: { status: f.status, errorCode: f.errorCode, errorMsg: f.errorMsg } };
      return { hidden: true };
    }
    return { hidden: false };
  }
}
