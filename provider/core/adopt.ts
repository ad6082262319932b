/**
 * Starting a task once. Deployments get interrupted (a cancelled CI job, a sleeping laptop, a killed host); Pulumi
 * then records a pending create and the next `pulumi up` runs `create` again. The two resources that start work
 * (a KPS association or reset, a CSMS rotation) must not start it a second time, so before starting they look for
 * the task an interrupted run of the same resource may have started, and adopt it:
 *
 * 1. the local journal's record of this very resource (same kind, account, target and `triggers`): its task, read
 *    by id, is adopted while it runs, or when it succeeded and started within the adoption window, or when the
 *    service does not show it yet and it started at most 5 minutes ago (a list that lags is no reason to start
 *    another);
 * 2. a task in progress on the same target and operation (KPS `running-tasks` for the server with the same key
 *    pair and RESET, or BIND/REPLACE; a CSMS rotation of the secret that is `PROCESSING`);
 * 3. CSMS only: the newest rotation of the secret that succeeded and started within the adoption window, unless
 *    the journal shows it belongs to another identity of the resource (earlier `triggers`).
 *
 * Otherwise the task is started, recorded in the journal just before and just after the start call. The adoption
 * window defaults to the resource's timeout; `adoptionWindow: 0` turns adoption off. This module holds the rule; each
 * task module that starts tasks gives it a {@link StartPlan} (`tasks/kps/adopt.ts`, `tasks/csms/adopt.ts`).
 *
 * Limits: KPS lists running and failed tasks only, so a reset that already succeeded is found through the journal
 * alone, i.e. only on the machine that started it. A start interrupted after the request left but before the
 * answer came leaves no task id: if that task already finished, it cannot be told apart and a second one starts
 * (with a warning). On another machine, a CSMS rotation of the secret that succeeded within the window is adopted
 * even when it was an earlier `triggers` value's; `adoptionWindow: 0` forces a new rotation there.
 * @module
 */
import { z } from "zod";
import { isApiError } from "../errors";
import type { TaskApiClient } from "../http/client";
import type { TaskApiOptions, WaitOptions } from "../options";
import { parseDuration } from "../util/time";
import { defaultClock } from "./clock";
import { Journal, journalDir, journalKey } from "./journal";
import { log } from "./log";
import type { Phase } from "./status";

const MAX_WINDOW_MS = 7 * 24 * 3_600_000;
/**
 * How long a task the journal says this resource started is adopted while the service does not show it (a lagging
 * list, a task not visible yet): past that, it is taken for one that never started.
 */
const UNSEEN_ADOPTION_MS = 5 * 60_000;
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/** The `adoptionWindow` input: ms or text (`"30m"`), from 0 (adoption off) to 7 days. */
export const adoptionWindowArg = z.union([z.number(), z.string()], { error: 'must be milliseconds or text like "30m" (0 turns adoption off)' }).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined || ms > MAX_WINDOW_MS) {
    ctx.addIssue({ code: "custom", message: 'must be a duration from 0 (adoption off) to 7 days: milliseconds or text like "30m"' });
    return z.NEVER;
  }
  return ms;
});

/** The task a create awaits: started now, or adopted. */
export interface Started {
  taskId: string;
  /** When it started (the wait clock's epoch ms), as far as known. */
  startedAt: number;
  adopted: boolean;
}

/** A task seen on the service. */
export interface Found {
  taskId: string;
  phase: Phase;
  startedAt: number | undefined;
}

/** What {@link startOnce} needs to know about one kind of start (each task module that starts tasks gives one). */
export interface StartPlan {
  /** The resource kind, e.g. `CsmsSecretRotation`. */
  kind: string;
  /** E.g. `reset of KeyPair-1 on server ...`. */
  what: string;
  /** The ids the task acts on. */
  target: Record<string, unknown>;
  /** Every input whose change replaces the resource. */
  identity: Record<string, unknown>;
  byId(taskId: string): Promise<Found | undefined>;
  running(): Promise<Found | undefined>;
  /** Tasks that succeeded and started at or after `since`, newest first. */
  succeededSince?(since: number): Promise<Found[]>;
  start(): Promise<string>;
}

/** The adoption window: the `adoptionWindow` input, else the resource's timeout (30 minutes by default). */
function windowOf(inputs: Record<string, unknown>, opts: WaitOptions): number {
  if (inputs["adoptionWindow"] !== undefined) return adoptionWindowArg.parse(inputs["adoptionWindow"]);
  const timeout = opts.timeout !== undefined ? parseDuration(opts.timeout) : undefined;
  return Math.min(timeout ?? DEFAULT_TIMEOUT_MS, MAX_WINDOW_MS);
}

/** The connection options of a wait's options (data sources refuse the wait-only ones). */
export function apiOptions(opts: WaitOptions): TaskApiOptions {
  const { timeout: _t, onProgress: _o, policy: _p, successStatuses: _s, failureStatuses: _f, share: _h, startedAt: _a, notFoundGraceMs: _n, waitInPreview: _w, clock: _c, random: _r, ...api } = opts;
  return api;
}

const spoken = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** `undefined` for a task the service says does not exist. */
export async function unless404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (isApiError(err) && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * Adopts what an interrupted run of the same resource started (see the module comment), else starts the task.
 * @param inputs the resource's inputs (`adoptionWindow`, `triggers` through the plan's identity).
 * @param account where the task lives: see {@link accountOf}.
 */
export async function startOnce(plan: StartPlan, inputs: Record<string, unknown>, opts: WaitOptions, account: Record<string, unknown>): Promise<Started> {
  const clock = opts.clock ?? defaultClock();
  const now = clock.now();
  const windowMs = windowOf(inputs, opts);
  const journal = new Journal(journalDir(), (m) => log("warn", `${plan.kind}: ${m}`));
  const key = journalKey(plan.kind, account, plan.target, plan.identity);
  const say = (m: string) => log("info", `${plan.kind}: ${plan.what}: ${m}`);
  const adopt = async (found: Found, why: string): Promise<Started> => {
    const startedAt = found.startedAt ?? now;
    say(`adopting task ${found.taskId}, ${why}; starting no other`);
    await journal.put(key, { kind: plan.kind, target: plan.what, taskId: found.taskId, startedAt });
    return { taskId: found.taskId, startedAt, adopted: true };
  };

  let startInterrupted = false;
  if (windowMs > 0) {
    const mine = await journal.get(key);
    if (mine?.taskId) {
      const found = await plan.byId(mine.taskId);
      const withStart = found && { ...found, startedAt: found.startedAt ?? mine.startedAt };
      if (withStart?.phase === "pending") return adopt(withStart, "which an earlier run of this resource started and is still running");
      if (withStart?.phase === "succeeded" && mine.startedAt >= now - windowMs)
        return adopt(withStart, `which an earlier run of this resource started ${spoken(now - mine.startedAt)} ago and which succeeded`);
      if (withStart?.phase === "failed") say(`task ${mine.taskId} of an earlier run failed; starting a new one`);
      // Not shown yet: a list that lags, or a task just started. A young one is awaited, not started a second time.
      if (!found && mine.startedAt >= now - Math.min(windowMs, UNSEEN_ADOPTION_MS))
        return adopt({ taskId: mine.taskId, phase: "pending", startedAt: mine.startedAt }, `which an earlier run of this resource started ${spoken(now - mine.startedAt)} ago and the service does not show yet`);
    } else if (mine && mine.startedAt >= now - windowMs) startInterrupted = true;
    const running = await plan.running();
    if (running) return adopt(running, "already in progress on the same target");
    if (plan.succeededSince) {
      const others = new Set((await journal.others(key)).map((e) => e.taskId));
      const done = (await plan.succeededSince(now - windowMs)).find((t) => !others.has(t.taskId));
      if (done) {
        const ago = done.startedAt === undefined ? "" : ` ${spoken(now - done.startedAt)} ago`;
        return adopt(done, `which started${ago} and succeeded, within the adoption window of ${spoken(windowMs)} (change triggers to start another)`);
      }
    }
  }
  if (startInterrupted)
    log("warn", `${plan.kind}: ${plan.what}: an earlier run was interrupted while starting its task, before the service answered, and no such task is in progress; starting one now (if the earlier one was started and has already finished, this is a second one)`);
  await journal.put(key, { kind: plan.kind, target: plan.what, startedAt: now });
  let taskId: string;
  try {
    taskId = await plan.start();
  } catch (err) {
    // Refused (4xx): nothing started, so nothing for a re-run to look for. Otherwise it may have started: keep the record.
    if (isApiError(err) && err.status >= 400 && err.status < 500) await journal.remove(key);
    throw err;
  }
  await journal.put(key, { kind: plan.kind, target: plan.what, taskId, startedAt: now });
  log("info", `${plan.kind}: ${plan.what} started as task ${taskId}`);
  return { taskId, startedAt: now, adopted: false };
}

/** Where the task lives: region, project and endpoint (resolving the project id if it must). */
export async function accountOf(client: TaskApiClient, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
  return { region: client.settings.region, projectId: await client.projectId({ signal }), endpoint: client.settings.endpoints.kms };
}
