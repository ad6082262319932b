/**
 * The wait runner: one loop for every service. It validates the options, joins the plan's shared scope, polls on a
 * duration-aware schedule (or the caller's), survives transient faults, honours a deadline and an `AbortSignal`, and
 * ends in the task or in the one typed error that describes what happened.
 * @module
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  AbortError,
  ApiError,
  HwcTasksError,
  TaskFailedError,
  TaskNotFoundError,
  WaitTimeoutError,
  isApiError,
  isHwcTasksError,
} from "../errors";
import { SERVICES } from "../endpoints";
import type { ExchangeEvent, WaitOptions, WaitResult } from "../options";
import { currentRuntime } from "../runtime";
import { PollHub, type Snapshot } from "../waiter/hub";
import { MIN_POLL_GAP_MS, poll, type CheckInfo, type Observation, type PollResult, type WaitEvent } from "../waiter/poller";
import { adaptiveSchedule, type AdaptiveOptions, type Schedule } from "../waiter/schedule";
import { durationArg, parseArgs, timeArg } from "./args";
import { defaultClock, isRealClock, type WaitClock } from "./clock";
import { connect, taskApiOptionsShape } from "./connect";
import type { TaskApiClient } from "../http/client";
import { FailureJudge } from "./failures";
import { observeRead, type WaitPlan } from "./plan";
import { progressTracker } from "./progress";
import { boundedRead, groupKey, joinScope, memberReadBound, type Member } from "./shared";
import { classifier } from "./status";
import { guardedProgress, projectIdWithin } from "./wait-bounds";
import { notify } from "../util/observe";

const fn = <T>(what: string) => z.custom<T>((v) => typeof v === "function", { error: `must be a ${what}` });

/** A poll gap of a policy's tuning: from the floor every gap keeps (1 s) to an hour. */
const gapMs = z
  .number()
  .min(MIN_POLL_GAP_MS, { error: `must be at least ${MIN_POLL_GAP_MS} ms (the poll gap floor)` })
  .max(3_600_000, { error: "must be at most 3600000 ms" });

/** Every option a wait accepts, checked before anything is sent. */
export const WaitOptionsSchema = z.strictObject({
  ...taskApiOptionsShape,
  onProgress: fn<(e: WaitEvent) => void>("function").optional(),
  clock: z
    .custom<WaitClock>((v) => typeof v === "object" && v !== null && typeof (v as WaitClock).now === "function" && typeof (v as WaitClock).sleep === "function", {
      error: "must be an object with now() and sleep(ms, signal)",
    })
    .optional(),
  random: fn<() => number>("function").optional(),
  timeout: durationArg.optional(),
  successStatuses: z.array(z.string().min(1)).min(1, { error: "must list at least one status" }).optional(),
  failureStatuses: z.array(z.string().min(1)).min(1, { error: "must list at least one status" }).optional(),
  share: z.boolean({ error: "must be true or false" }).optional(),
  startedAt: timeArg.optional(),
  notFoundGraceMs: z.number().int().min(0, { error: "must be a non-negative number of ms" }).optional(),
  waitInPreview: z.boolean({ error: "must be true or false" }).optional(),
  policy: z
    .union([
      fn<Schedule>("schedule function"),
      z
        .strictObject({
          intervalMs: z.number().positive().max(86_400_000, { error: "must be at most 86400000 ms" }).optional(),
          minGapMs: gapMs.optional(),
          maxGapMs: gapMs.optional(),
        })
        .refine((p) => p.minGapMs === undefined || p.maxGapMs === undefined || p.minGapMs <= p.maxGapMs, { path: ["maxGapMs"], error: "must not be below minGapMs" }),
    ], { error: "must be a schedule function or { intervalMs?, minGapMs?, maxGapMs? }" })
    .optional(),
});

/** The deadline of a wait when none is given: 30 minutes. */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** The status a preview reports for a task the service does not show yet. */
export const NOT_VISIBLE = "NOT_VISIBLE";

/**
 * Runs one wait.
 * @param context the public function, for messages (e.g. `waitForKpsTask`).
 * @throws TaskFailedError, TaskNotFoundError, WaitTimeoutError, AbortError, ApiError, InputError
 */
export async function runWait<S, I, T>(context: string, plan: WaitPlan<S, I, T>, opts: WaitOptions): Promise<WaitResult<T>> {
  const o = parseArgs(WaitOptionsSchema, opts, `${context}: options`);
  const client = connect(opts, context, true);
  try {
    return await waitWith(context, plan, opts, o, client);
  } catch (error) {
    // A shared poll reads through another caller's client: this caller's own secrets are masked here.
    throw client.redactor.scrub(error);
  }
}

async function waitWith<S, I, T>(
  context: string,
  plan: WaitPlan<S, I, T>,
  opts: WaitOptions,
  o: z.infer<typeof WaitOptionsSchema>,
  client: TaskApiClient,
): Promise<WaitResult<T>> {
  const clock = opts.clock ?? defaultClock();
  const classify = classifier(plan.statuses, o.successStatuses, o.failureStatuses);
  const fullTimeoutMs = o.timeout ?? DEFAULT_TIMEOUT_MS;
  // The deadline on the client's clock, when the wait runs in real time: a throttle past it ends the wait at once.
  const judge = new FailureJudge(isRealClock(clock) ? Date.now() + fullTimeoutMs : undefined);
  const host = new URL(client.settings.endpoints[SERVICES[plan.service].host]).host;
  const { projectId, remainingMs: timeoutMs, elapsedMs: lookupMs } = await projectIdWithin(client, plan.target, fullTimeoutMs, clock, opts.signal);
  const preview = !opts.waitInPreview && pulumi.runtime.isDryRun();
  const { hub, durations } = currentRuntime();
  const theHub = o.share === false ? new PollHub() : hub;
  const key = groupKey(plan.service, client.settings, projectId, plan.scope.key, clock);
  const { shared, release } = joinScope(theHub, key, plan.scope, client.settings, clock, durations);
  // The last exchange that failed among the reads this wait saw: the cause of a timeout whose last read never ended
  // (a read still retrying behind a throttle or a hung answer at the deadline).
  let lastFailed: ExchangeEvent | undefined;
  const onExchange = (e: ExchangeEvent) => {
    if (e.status === 0 || e.status >= 400) lastFailed = e;
    // Isolated under the caller's own observer, so a throw is reported once for that observer, whatever calls it.
    if (opts.onExchange) notify(opts.onExchange, e, "onExchange", (t) => client.redactor.text(t));
  };
  const member: Member = { onExchange, requestTimeoutMs: o.requestTimeoutMs, maxResponseBytes: o.maxResponseBytes };
  shared.members.add(member);
  let interest = plan.interest;
  shared.group.addInterest(interest.key, interest.value);
  const observe = plan.observe ?? ((read, c) => observeRead(read, c, plan.statuses));

  const startedAt = clock.now();
  const onEvent = guardedProgress(client, opts.onProgress);
  const progress = preview
    ? undefined
    : progressTracker({
        reader: plan.progress,
        observer: onEvent,
        client,
        onExchange: opts.onExchange,
        requestTimeoutMs: o.requestTimeoutMs,
        typeName: plan.typeName,
        elapsedMs: () => clock.now() - startedAt,
      });

  // Aborted when the wait has its outcome: a progress read still in flight then ends, and reports nothing.
  const ended = new AbortController();
  let progressRead: Promise<void> | undefined;
  let lastSeq = 0;
  const check = async (signal: AbortSignal, info: CheckInfo): Promise<Observation<T>> => {
    // Data fetched up to 30 % of the planned gap ago is fresh enough: waiters due at nearby times share one read.
    const notBefore = info.woken ? 0 : clock.now() - Math.min(10_000, info.delayMs * 0.3);
    let snap: Snapshot<S>;
    try {
      const bound = memberReadBound(member, shared.members, client.settings.maxRetries);
      // On real time, a fetch older than this member's own bound is not joined again (one that hung held it once).
      const stale = bound !== undefined && isRealClock(clock) ? bound : undefined;
      snap = await boundedRead((s) => shared.group.read(notBefore, lastSeq, s, stale), signal, plan.service, bound);
    } catch (error) {
      return { kind: "error", error, transient: judge.transient(error) };
    }
    judge.succeeded();
    lastSeq = snap.seq;
    const obs = observe(plan.read(snap.data, clock.now()), classify);
    const next = plan.focus?.();
    if (next && next.key !== interest.key) {
      shared.group.addInterest(next.key, next.value);
      shared.group.removeInterest(interest.key);
      interest = next;
    }
    // Progress is read beside the wait, one read at a time: a slow or hung progress endpoint never delays a look.
    if (progress && !progressRead) progressRead = progress(obs, ended.signal).finally(() => (progressRead = undefined));
    return obs;
  };
  const schedule: Schedule =
    typeof o.policy === "function"
      ? o.policy
      : adaptiveSchedule(() => durations.model(plan.service, plan.typeName()), { ...plan.tuning, ...((o.policy ?? {}) as Partial<AdaptiveOptions>) });
  let result: PollResult<T>;
  try {
    result = await poll<T>({
      check,
      schedule: preview ? () => 0 : schedule,
      timeoutMs: preview ? 0 : timeoutMs,
      now: () => clock.now(),
      sleep: (ms, signal) => clock.sleep(ms, signal),
      random: opts.random ?? Math.random,
      signal: opts.signal,
      notFoundGraceMs: o.notFoundGraceMs ?? 60_000,
      initialTaskAgeMs: o.startedAt === undefined ? undefined : Math.max(0, clock.now() - o.startedAt),
      sharers: () => shared.group.waiters(),
      wake: (listener) =>
        shared.group.subscribe((snap) => {
          if (snap.seq > lastSeq) listener();
        }),
      onProgress: (e) => {
        if (e.type === "done") ended.abort();
        onEvent?.(e);
      },
    });
  } finally {
    ended.abort();
    shared.group.removeInterest(interest.key);
    shared.members.delete(member);
    release();
  }
  const lastError = result.lastError ?? (result.state === "timeout" && lastFailed ? exchangeError(lastFailed, host) : undefined);
  // The wait's time counts from its call, the project id lookup included.
  return settle(plan, { ...result, elapsedMs: result.elapsedMs + lookupMs, lastError }, preview, context, host);
}

/** An exchange that failed, as the error a timeout names when the read it belonged to never ended. */
function exchangeError(e: ExchangeEvent, host: string): ApiError {
  const what = e.status === 429 ? "throttled (HTTP 429): the read was still waiting to try again at the deadline" : e.status === 0 ? `no answer (${e.failure ?? "transport"})` : `HTTP ${e.status}`;
  return new ApiError({ service: e.service, operation: e.operation, status: e.status, errorCode: e.status === 429 ? "THROTTLED" : "EXCHANGE_FAILED", errorMsg: what, attempts: e.attempt, requestId: e.requestId, host, transient: true });
}

/** Turns the poller's data into a value or the one error that describes it. */
function settle<S, I, T>(plan: WaitPlan<S, I, T>, r: PollResult<T>, preview: boolean, context: string, host: string): WaitResult<T> {
  const obs = r.observation;
  const done = (task: T, status: string): WaitResult<T> => ({ task, status, polls: r.polls, elapsedMs: r.elapsedMs, finishedAt: r.endedAt, preview });
  if (r.state === "succeeded" && obs?.kind === "succeeded") return done(obs.value, obs.status);
  if (r.state === "failed" && obs?.kind === "failed") {
    throw new TaskFailedError({
      service: plan.service,
      ...(plan.noun === undefined ? {} : { noun: plan.noun }),
      taskId: plan.taskId() ?? plan.target,
      status: obs.status,
      errorCode: obs.errorCode,
      errorMessage: obs.errorMessage,
      requestId: obs.requestId,
    });
  }
  // A preview answers with the task as it is now; one the service does not show yet is pending, NOT_VISIBLE.
  if (preview && (obs?.kind === "pending" || obs?.kind === "not-found")) {
    const value = obs.kind === "pending" ? obs.value : undefined;
    return done(value ?? plan.placeholder(), (obs.kind === "pending" ? obs.status : undefined) ?? NOT_VISIBLE);
  }
  if (r.state === "aborted") throw new AbortError(context);
  if (r.state === "timeout" || preview) {
    const lastError = r.lastError instanceof Error ? r.lastError : undefined;
    const from = isApiError(lastError) && lastError.host ? lastError.host : host;
    throw new WaitTimeoutError({ target: plan.target, lastStatus: r.lastStatus, polls: r.polls, elapsedMs: r.elapsedMs, lastError, host: from });
  }
  if (r.state === "not-found") {
    const cause = r.error;
    throw new TaskNotFoundError(
      {
        service: plan.service,
        target: plan.target,
        taskId: plan.taskId(),
        lookedForMs: r.elapsedMs,
        requestId: isApiError(cause) ? cause.requestId : undefined,
        errorCode: isApiError(cause) ? cause.errorCode : undefined,
      },
      cause === undefined ? undefined : { cause },
    );
  }
  if (isHwcTasksError(r.error)) throw r.error;
  throw new HwcTasksError(`${context}: ${r.error instanceof Error ? r.error.message : String(r.error)}`, { cause: r.error });
}
