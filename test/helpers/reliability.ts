/**
 * Helpers of the reliability suite (`test/reliability/`): isolated emulators, settled outcomes, a small concurrency
 * pool, and the request-log and timer probes the cases assert with.
 */
import { createHook } from "node:async_hooks";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { InputError } from "../../provider";

/** An outcome as data: a case never throws while it runs, its test asserts afterwards. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Awaits `promise` and returns its outcome as data. */
export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; resolves when all are done (never rejects if `fn` does not). */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= items.length) return;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Emulators started by a suite, closed together in its `afterAll`. Each case gets its own, so its fault rules,
 * request log, throttle-gate key (the origin) and project cache are its own even when cases run concurrently.
 */
export class EmulatorFleet {
  private readonly all: Emulator[] = [];

  /** Starts one more emulator. */
  async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const emu = await startEmulator(options);
    this.all.push(emu);
    return emu;
  }

  /** Closes every emulator started so far. */
  async closeAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((e) => e.close()));
  }
}

/** HTTP statuses the emulator logged for one operation, in order (-1: no answer: reset, hang, truncated body). */
export function statuses(emu: Emulator, operation: string): number[] {
  return emu.requests({ operation }).map((r) => r.status);
}

/** How many times `value` occurs in `list`. */
export function count<T>(list: readonly T[], value: T): number {
  return list.filter((v) => v === value).length;
}

/** Number of active `Timeout` resources keeping the event loop alive (what jest's open-handle check looks for). */
export function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

/**
 * {@link activeTimeouts}, the least of samples 10 ms apart for 160 ms: jest's own reporter (in-band runs) keeps a
 * 100 ms debounce timer coming and going, while a timer left behind is there in every sample.
 */
export async function settledTimeouts(samples = 16): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < samples; i += 1) {
    least = Math.min(least, activeTimeouts());
    await new Promise<void>((r) => setTimeout(r, 10));
  }
  return least;
}

interface TimerLike {
  hasRef?: () => boolean;
  _destroyed?: boolean;
}

/**
 * Records every timer created from now on (jest's own excepted); `leftBehind()` lists those still armed and
 * keeping the process alive, each with where it was created.
 */
export function trackTimers(): { leftBehind(): string[]; stop(): void } {
  const created = new Map<number, { timer: TimerLike; where: string }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== "Timeout") return;
      const where = (new Error().stack ?? "").split("\n").slice(3, 12).join("\n");
      if (/[\\/]node_modules[\\/](@jest|jest-)/.test(where)) return;
      created.set(id, { timer: resource as TimerLike, where });
    },
  });
  hook.enable();
  return {
    leftBehind: () =>
      [...created.values()].filter(({ timer }) => timer._destroyed === false && timer.hasRef?.() === true).map(({ where }) => where),
    stop: () => hook.disable(),
  };
}

/** Lets pending callbacks and promise jobs run (a few turns of the event loop). */
export async function drain(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((r) => setImmediate(r));
}

/**
 * Resolves once `predicate` holds, checking every 5 ms; rejects after `limitMs` so a broken case fails instead
 * of hanging (a bound on the helper, not an assertion on how long anything took).
 */
export async function until(predicate: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const giveUpAt = Date.now() + limitMs;
  while (!predicate()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise<void>((r) => setTimeout(r, 5));
  }
}

/**
 * The error `run` fails with, as an `InputError` naming `field` among its issues and in its message (fails the test
 * when `run` succeeds or fails otherwise).
 */
export async function expectInputError(run: () => Promise<unknown>, field: string): Promise<InputError> {
  const outcome = await settle(run());
  expect(outcome.ok).toBe(false);
  const error = outcome.ok ? undefined : outcome.error;
  expect(error).toBeInstanceOf(InputError);
  const e = error as InputError;
  expect(e.issues.map((i) => i.field)).toContain(field);
  expect(e.message).toContain(`${field}: `);
  return e;
}
