/**
 * Lookups shared by concurrent callers, such as a region's project id: one run per key at a time, its value kept
 * once it succeeded, its failure kept by no one (the next caller runs it again). Each caller waits under its own
 * signal: a caller that gives up leaves alone, the run goes on for the others, and it is aborted only when no
 * caller waits for it any more. The run itself is bounded by whatever it does (the client's deadlines and retries).
 * @module
 */
import { AbortError } from "../errors";
import { raceAbort, throwIfAborted } from "./abort";

interface Run<V> {
  promise: Promise<V>;
  controller: AbortController;
  callers: number;
}

/** Shared, per-caller-bounded lookups by key. */
export class SharedLookup<V> {
  private readonly values = new Map<string, V>();
  private readonly runs = new Map<string, Run<V>>();

  /** @param maxValues values kept at most; the oldest is forgotten first. @default 1000 */
  constructor(private readonly maxValues = 1000) {}

  /** The value of `key`, when a run already found it. */
  peek(key: string): V | undefined {
    return this.values.get(key);
  }

  /**
   * The value of `key`: the kept one, else the result of the run in progress, else of a new `run`. Rejects with the
   * caller's abort error as soon as `signal` aborts, whatever the others do.
   * @param what names the lookup in abort errors.
   */
  async get(key: string, run: (signal: AbortSignal) => Promise<V>, signal: AbortSignal | undefined, what: string): Promise<V> {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    throwIfAborted(signal, what);
    const current = this.runs.get(key) ?? this.start(key, run);
    current.callers += 1;
    try {
      return await raceAbort(current.promise, signal, what);
    } finally {
      current.callers -= 1;
      if (current.callers === 0 && this.runs.get(key) === current) {
        this.runs.delete(key);
        current.controller.abort(new AbortError(`${what}: no caller waits for it any more`));
      }
    }
  }

  /**
   * The value of `key`: the kept one, else the result of `run` on this caller's own, joining no run in progress
   * (for a caller whose shared run failed, perhaps for another caller's settings). Its value is kept for everyone.
   */
  async alone(key: string, run: (signal: AbortSignal) => Promise<V>, signal: AbortSignal | undefined, what: string): Promise<V> {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    throwIfAborted(signal, what);
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const value = await raceAbort(run(controller.signal), signal, what);
      this.keep(key, value);
      return value;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      controller.abort(new AbortError(`${what}: done`));
    }
  }

  /** Runs in progress (for tests and diagnostics). */
  running(): number {
    return this.runs.size;
  }

  /** Forgets every value and aborts every run in progress (its callers get the abort error). */
  clear(reason: Error = new AbortError("shared lookups cleared")): void {
    this.values.clear();
    for (const r of this.runs.values()) r.controller.abort(reason);
    this.runs.clear();
  }

  private start(key: string, run: (signal: AbortSignal) => Promise<V>): Run<V> {
    const controller = new AbortController();
    const entry: Run<V> = { controller, callers: 0, promise: Promise.resolve(undefined as V) };
    entry.promise = (async () => {
      try {
        const value = await raceAbort(run(controller.signal), controller.signal, "shared lookup");
        if (!controller.signal.aborted) this.keep(key, value);
        return value;
      } finally {
        if (this.runs.get(key) === entry) this.runs.delete(key);
      }
    })();
    // Callers handle the rejection; this keeps a run nobody waits for from becoming an unhandled rejection.
    entry.promise.catch(() => undefined);
    this.runs.set(key, entry);
    return entry;
  }

  private keep(key: string, value: V): void {
    if (this.values.size >= this.maxValues) {
      const oldest = this.values.keys().next();
      if (!oldest.done) this.values.delete(oldest.value);
    }
    this.values.set(key, value);
  }
}
