/**
 * The options and results every function of the package shares: connection settings and per-call controls, the
 * options of a wait and what a wait returns. Types only (no schemas), so a program's type check never loads zod.
 * @module
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ServiceName } from "./names";
import type { SettingsArgs, SettingsSources } from "./settings";
import type { WaitEvent } from "./waiter/poller";
import type { AdaptiveOptions, Schedule } from "./waiter/schedule";
import type { DurationInput, TimeInput } from "./util/time";

/** One HTTP exchange, reported to an `onExchange` observer (no headers, no credentials). */
export interface ExchangeEvent {
  service: ServiceName;
  operation: string;
  method: string;
  /** The path sent, with its query. */
  path: string;
  /** HTTP status, or 0 when the exchange failed below HTTP. */
  status: number;
  attempt: number;
  durationMs: number;
  requestId: string | undefined;
  /** Transport failure kind when `status` is 0; `too-large` when the body was refused for its size. */
  failure?: string;
}

/** Connection settings and per-call controls, accepted by every function of the package. */
export interface TaskApiOptions extends SettingsArgs {
  /** Aborts the call to the last byte: retries, throttling waits, the project-id lookup and the body included. */
  signal?: AbortSignal;
  /** Total deadline of one HTTP attempt (connect, headers and the whole body), ms. @default 30000 */
  requestTimeoutMs?: number;
  /**
   * Largest response accepted, bytes; a larger one is refused unread with a `ResponseTooLargeError`.
   * @default 4096000 (1000 tasks, the largest page, at 4 KiB each)
   */
  maxResponseBytes?: number;
  /**
   * Observer of every HTTP exchange made for this call (method, path, status, request id; never headers or
   * credentials). One that throws is reported once and ignored.
   */
  onExchange?: (event: ExchangeEvent) => void;
  /**
   * Further secrets of the caller that no error, event or log of this call may show, masked like the credentials
   * wherever a server echoes them (e.g. a password the caller set through another call, which a task's error
   * message repeats). At most 32, each at most 65536 characters; shorter than 4 characters are not searched for.
   */
  secrets?: readonly string[];
  /**
   * Where settings not given explicitly come from.
   * @default Pulumi config namespace `huaweicloud` and `process.env`
   */
  sources?: SettingsSources;
}

/** A clock for waits: real time by default; the emulator's virtual clock when it runs time-scaled. */
export interface WaitClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Options of every wait. */
export interface WaitOptions extends TaskApiOptions {
  /** Deadline: ms or text like `"90s"`, `"30m"`. @default "30m" */
  timeout?: DurationInput;
  /**
   * Progress: status changes, polls, elapsed time, unknown statuses and statuses worth a warning (each reported
   * once), transient errors.
   */
  onProgress?: (event: WaitEvent) => void;
  /**
   * A schedule function, or tuning of the default adaptive schedule. Whatever it says, looks after the first are at
   * least 1 s apart (`MIN_POLL_GAP_MS`; `minGapMs` must be at least that). @default the adaptive schedule
   */
  policy?: Schedule | Partial<AdaptiveOptions>;
  /** Statuses that mean success, replacing the service's table for success. */
  successStatuses?: string[];
  /** Statuses that mean failure, replacing the service's table for failure. */
  failureStatuses?: string[];
  /** Share reads with other waits on the same scope and credentials in this process. @default true */
  share?: boolean;
  /** When the task started, if the caller knows (it just started it): the first look is then scheduled. */
  startedAt?: TimeInput;
  /**
   * How long a task may be invisible ("not found") before that is an error: from the start of the wait, or, once
   * the task was seen, from the first answer without it. @default 60000
   */
  notFoundGraceMs?: number;
  /** During a Pulumi preview, block anyway instead of returning the current state. @default false */
  waitInPreview?: boolean;
  /** The clock to wait on. @default real time, or `HWC_TASKS_CLOCK` (set by the emulator's `env()`) */
  clock?: WaitClock;
  /** Uniform [0,1) source for schedules with jitter. @default Math.random */
  random?: () => number;
}

/** The outcome of a successful wait, with what it cost. */
export interface WaitResult<T> {
  /** The task as it ended (or, in a preview, as it is now). */
  task: T;
  /** The service's final status. */
  status: string;
  /** Looks at the task (shared looks included). */
  polls: number;
  /** Milliseconds waited. */
  elapsedMs: number;
  /** Clock time the final state was seen. */
  finishedAt: number;
  /** True when this is a preview's current state rather than the end of a wait. */
  preview: boolean;
}

/** Paging controls of the list functions. */
export interface PagingArgs {
  /** Stop after this many tasks (`truncated` tells when more existed). @default 10000 */
  maxItems?: number;
  /** Tasks per page, within the API's limits. @default the API's maximum (fewest calls) */
  pageSize?: number;
}

/** What every list result says beyond its tasks. */
export interface ListMeta {
  /** More tasks existed than `maxItems` allowed. */
  truncated: boolean;
  /** `X-Request-Id` of each page read. */
  requestIds: string[];
}

/** Turns an args interface into its `pulumi.Input` form. */
export type InputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
