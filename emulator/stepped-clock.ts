/**
 * A stepped virtual clock: virtual time stands still while the process works and jumps to the next sleeper's
 * wake-up as soon as the process is idle (no clock read, no sleep, no request for a few event-loop turns). Time
 * costs nothing and load cannot distort it: a benchmark measures what its waiters decide, not how busy the machine
 * is. For waiters in the emulator's own process only (they must sleep on `emu.clock`); a waiter sleeping on real
 * timers would see virtual time run away.
 * @module
 */
import { ScaledClock, abortedSleep } from "./clock";

/** Event-loop turns without activity after which the process counts as idle. */
const QUIET_TURNS = 8;

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/** A clock whose virtual time advances only when every in-process actor sleeps on it. */
export class SteppedClock extends ScaledClock {
  private virtual: number;
  private readonly sleepers = new Set<Sleeper>();
  private activity = 0;
  private seq = 0;
  private pumping = false;

  /** @param origin virtual epoch ms at the start. @default Date.now() */
  constructor(origin: number = Date.now()) {
    super(Number.POSITIVE_INFINITY, origin);
    this.virtual = origin;
  }

  /** Virtual epoch ms. */
  override now(): number {
    this.activity += 1;
    return this.virtual;
  }

  /** Marks the process busy. */
  override touch(): void {
    this.activity += 1;
  }

  /** Jumps virtual time forward by `ms`. */
  override advance(ms: number): void {
    if (ms > 0) this.virtual += ms;
    this.activity += 1;
  }

  /** Not shareable with another process: `stepped@<now>` (which `HWC_TASKS_CLOCK` does not accept). */
  override spec(): string {
    return `stepped@${this.virtual}`;
  }

  /** Sleeps virtual `ms`: resolves when idle virtual time reaches `now + ms`. */
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.activity += 1;
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedSleep(signal));
        return;
      }
      const sleeper: Sleeper = {
        due: this.virtual + Math.max(0, ms),
        seq: (this.seq += 1),
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers.delete(sleeper);
        this.activity += 1;
        reject(abortedSleep(signal));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.sleepers.add(sleeper);
      this.pump();
    });
  }

  /** Sleepers not woken yet. */
  pending(): number {
    return this.sleepers.size;
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    let seen = this.activity;
    let quiet = 0;
    const turn = () => {
      if (this.sleepers.size === 0) {
        this.pumping = false;
        return;
      }
      if (this.activity !== seen) {
        seen = this.activity;
        quiet = 0;
      } else quiet += 1;
      if (quiet >= QUIET_TURNS) {
        this.wakeNext();
        seen = this.activity;
        quiet = 0;
      }
      setImmediate(turn);
    };
    setImmediate(turn);
  }

  /** Moves virtual time to the earliest wake-up and wakes every sleeper due then, in the order they slept. */
  private wakeNext(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const s of this.sleepers) next = Math.min(next, s.due);
    this.virtual = Math.max(this.virtual, next);
    const due = [...this.sleepers].filter((s) => s.due <= this.virtual).sort((a, b) => a.due - b.due || a.seq - b.seq);
    for (const s of due) {
      this.sleepers.delete(s);
      s.resolve();
    }
    this.activity += 1;
  }
}
