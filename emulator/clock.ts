/**
 * The emulator's virtual clock: real time multiplied by a time scale, so a 60 s task can take 60 ms.
 * @module
 */
import { AbortError } from "../provider/errors";

/** Why a sleep ended early: the signal's reason when it is an error, else an {@link AbortError}. */
export function abortedSleep(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new AbortError("a sleep on the emulator's clock");
}

/** A clock that waiters can share with the emulator (pass it as the `clock` option of the wait functions). */
export interface VirtualClock {
  /** Virtual epoch milliseconds. */
  now(): number;
  /** Sleeps `ms` of virtual time (i.e. `ms / timeScale` of real time); rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Virtual milliseconds per real millisecond. */
  readonly timeScale: number;
}

/** A scaled clock whose virtual time starts at `origin` (real epoch ms) and can be moved forward. */
export class ScaledClock implements VirtualClock {
  private readonly realStart: number;
  private offset = 0;

  /**
   * @param timeScale virtual ms per real ms (1 = real time).
   * @param origin virtual and real time coincide at this real epoch ms. @default Date.now()
   * @param realNow the real clock. @default Date.now
   */
  constructor(
    readonly timeScale: number,
    readonly origin: number = Date.now(),
    private readonly realNow: () => number = Date.now,
  ) {
    this.realStart = origin;
  }

  /** Virtual epoch ms. */
  now(): number {
    return Math.round(this.realStart + (this.realNow() - this.realStart) * this.timeScale + this.offset);
  }

  /** Tells the clock the process is busy (a request arrived or was answered); a scaled clock ignores it. */
  touch(): void {
    // Real time runs on regardless of what the process does.
  }

  /** Jumps virtual time forward by `ms`. */
  advance(ms: number): void {
    if (ms > 0) this.offset += ms;
  }

  /** The spec a waiter in another process needs (env `HWC_TASKS_CLOCK`): `origin@scale[+offset]`. */
  spec(): string {
    return `${this.realStart}@${this.timeScale}${this.offset ? `+${this.offset}` : ""}`;
  }

  /** Sleeps virtual `ms`. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedSleep(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortedSleep(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms / this.timeScale),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
