/**
 * Shared polling. Waiters on the same service, project and scope read through one {@link PollGroup}: a read that
 * finds data fresh enough costs nothing, concurrent reads join one fetch, and every fetch wakes the other waiters
 * so they can look at it for free. Knows no HTTP: a group is given a `fetch` function.
 * @module
 */

/** One fetched view of a scope. */
export interface Snapshot<S> {
  data: S;
  /** Clock time the fetch started (the data is at least this fresh). */
  fetchedAt: number;
  /** Increases with every fetch of the group. */
  seq: number;
}

/** Fetches a scope's data; `interests` are the ids the current waiters care about. */
export type GroupFetch<S> = (signal: AbortSignal, interests: ReadonlySet<string>) => Promise<S>;

interface Inflight<S> {
  promise: Promise<Snapshot<S>>;
  controller: AbortController;
  readers: number;
}

/** A scope polled on behalf of many waiters. */
export class PollGroup<S> {
  private latest: Snapshot<S> | undefined;
  private inflight: Inflight<S> | undefined;
  private seq = 0;
  private readonly listeners = new Set<(snap: Snapshot<S>) => void>();
  private readonly interests = new Map<string, number>();
  /** Fetches made (each may be one or a few API calls). */
  fetches = 0;

  /**
   * @param key identity of the scope (service, endpoint, project, credentials, scope id).
   * @param fetch reads the scope.
   * @param now the clock shared by this group's waiters.
   * @param minIntervalMs never fetch more often than this, whatever the waiters ask. @default 1000
   */
  constructor(
    readonly key: string,
    private readonly fetch: GroupFetch<S>,
    private readonly now: () => number,
    private readonly minIntervalMs = 1000,
  ) {}

  /** The last snapshot, if any. */
  peek(): Snapshot<S> | undefined {
    return this.latest;
  }

  /**
   * A snapshot fetched at or after `notBefore` and newer than `afterSeq`: the latest one when it qualifies (or
   * when the last fetch is younger than the minimum interval), else the in-flight fetch, else a new fetch.
   * Aborting `signal` stops this reader waiting; the fetch itself is aborted only when no reader is left.
   */
  async read(notBefore: number, afterSeq: number, signal?: AbortSignal): Promise<Snapshot<S>> {
    const latest = this.latest;
    if (latest && latest.seq > afterSeq && latest.fetchedAt >= notBefore) return latest;
    if (latest && this.now() - latest.fetchedAt < this.minIntervalMs && !this.inflight) return latest;
    const flight = this.inflight ?? this.start();
    flight.readers += 1;
    let onAbort: (() => void) | undefined;
    try {
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
      });
      return await Promise.race([flight.promise, aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      flight.readers -= 1;
      if (flight.readers === 0 && this.inflight === flight) {
        this.inflight = undefined;
        flight.controller.abort();
      }
    }
  }

  private start(): Inflight<S> {
    const controller = new AbortController();
    const fetchedAt = this.now();
    const interests = new Set(this.interests.keys());
    this.fetches += 1;
    const flight: Inflight<S> = {
      controller,
      readers: 0,
      promise: this.fetch(controller.signal, interests).then(
        (data) => {
          this.seq += 1;
          const snap = { data, fetchedAt, seq: this.seq };
          if (!this.latest || snap.fetchedAt >= this.latest.fetchedAt) this.latest = snap;
          if (this.inflight === flight) this.inflight = undefined;
          for (const l of [...this.listeners]) l(snap);
          return snap;
        },
        (err: unknown) => {
          if (this.inflight === flight) this.inflight = undefined;
          throw err;
        },
      ),
    };
    // Readers handle the rejection; this keeps an abandoned fetch from becoming an unhandled rejection.
    flight.promise.catch(() => undefined);
    this.inflight = flight;
    return flight;
  }

  /** Calls `listener` after every fetch; returns the unsubscribe function. */
  subscribe(listener: (snap: Snapshot<S>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Declares an id a waiter cares about (reference counted). */
  addInterest(id: string): void {
    this.interests.set(id, (this.interests.get(id) ?? 0) + 1);
  }

  /** Waiters on the group: interests declared, repeats counted. */
  waiters(): number {
    let n = 0;
    for (const count of this.interests.values()) n += count;
    return n;
  }

  /** Withdraws an interest. */
  removeInterest(id: string): void {
    const n = (this.interests.get(id) ?? 0) - 1;
    if (n <= 0) this.interests.delete(id);
    else this.interests.set(id, n);
  }

  /** Whether no waiter uses the group any more. */
  idle(): boolean {
    return this.listeners.size === 0 && this.interests.size === 0 && !this.inflight;
  }
}

/** Groups by key, created on first use and dropped when idle. */
export class PollHub {
  private readonly groups = new Map<string, { group: PollGroup<unknown>; users: number }>();

  /** Uses (or creates) the group `key`; call `release` when done. */
  acquire<S>(key: string, create: () => PollGroup<S>): { group: PollGroup<S>; release: () => void } {
    let entry = this.groups.get(key);
    if (!entry) {
      entry = { group: create() as PollGroup<unknown>, users: 0 };
      this.groups.set(key, entry);
    }
    entry.users += 1;
    const e = entry;
    let released = false;
    return {
      group: e.group as PollGroup<S>,
      release: () => {
        if (released) return;
        released = true;
        e.users -= 1;
        if (e.users <= 0 && this.groups.get(key) === e) this.groups.delete(key);
      },
    };
  }

  /** Number of live groups. */
  size(): number {
    return this.groups.size;
  }
}

/** The process-wide hub. */
export const hub = new PollHub();
