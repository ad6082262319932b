/**
 * A deterministic virtual clock for pure-core tests: `sleep` registers a timer; `run(promise)` advances virtual time
 * from timer to timer until the promise settles, flushing promise jobs between steps. No real time passes.
 */
export class FakeClock {
  private t: number;
  private timers: { at: number; seq: number; resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal | undefined; onAbort?: () => void }[] = [];
  private seq = 0;
  /** Every sleep requested, in ms, in order (for asserting schedules). */
  readonly sleeps: number[] = [];

  constructor(start = 0) {
    this.t = start;
  }

  now = (): number => this.t;

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new Error("aborted"));
        return;
      }
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve, reject, signal } as (typeof this.timers)[number];
      timer.onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(new Error("aborted"));
      };
      signal?.addEventListener("abort", timer.onAbort, { once: true });
      this.timers.push(timer);
    });
  };

  /** Pending timers. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time to the earliest timer and fires it; false when none is pending. */
  private step(): boolean {
    if (this.timers.length === 0) return false;
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers.shift();
    if (!next) return false;
    this.t = Math.max(this.t, next.at);
    if (next.onAbort) next.signal?.removeEventListener("abort", next.onAbort);
    next.resolve();
    return true;
  }

  /** Runs virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>, maxSteps = 100_000): Promise<T> {
    let settled = false;
    const watched = promise.then(
      (v) => {
        settled = true;
        return v;
      },
      (e: unknown) => {
        settled = true;
        throw e;
      },
    );
    watched.catch(() => undefined);
    for (let i = 0; i < maxSteps; i += 1) {
      await flush();
      if (settled) return watched;
      if (!this.step()) {
        await flush();
        if (settled) return watched;
        throw new Error(`FakeClock: promise still pending at t=${this.t} with no timers left`);
      }
    }
    throw new Error("FakeClock: too many steps");
  }
}

/** Lets every queued promise job run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise<void>((r) => setImmediate(r));
}

/** A seeded uniform [0,1) source. */
export function seeded(seed = 1): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}
