/**
 * Shared polling. Waiters on the same service, project and scope read through one {@link PollGroup}: a read that
 * finds data fresh enough costs nothing, concurrent reads join one fetch, and every fetch wakes the other waiters
 * so they can look at it for free. Knows no HTTP: a group is given a `fetch` function.
 * @module
 */
import { setMaxListeners } from "node:events";
import { abortReason } from "../util/abort";

/** One fetched view of a scope. */
export interface Snapshot<S> {
  data: S;
  /** Clock time the fetch started (the data is at least this fresh). */
  fetchedAt: number;
  /** Increases with every fetch of the group. */
  seq: number;
}

/**
 * Fetches a scope's data; `interests` are what the current waiters care about (a task id, a name after a time ...),
 * by key.
 */
export type GroupFetch<S, I = string> = (signal: AbortSignal, interests: ReadonlyMap<string, I>) => Promise<S>;

interface Inflight<S> {
  promise: Promise<Snapshot<S>>;
  controller: AbortController;
  readers: number;
  startedAt: number;
}

/** A scope polled on behalf of many waiters. */
export class PollGroup<S, I = string> {
  private latest: Snapshot<S> | undefined;
  private inflight: Inflight<S> | undefined;
  private seq = 0;
  private readonly listeners = new Set<(snap: Snapshot<S>) => void>();
  private readonly interests = new Map<string, { value: I; count: number }>();
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
    private readonly fetch: GroupFetch<S, I>,
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
   * `staleAfterMs`: an in-flight fetch started longer ago than this is not joined (a reader whose own bound on a read
   * ran out behind a hung fetch is not held by it again); a new fetch starts, and the old one ends with its readers.
   */
  async read(notBefore: number, afterSeq: number, signal?: AbortSignal, staleAfterMs?: number): Promise<Snapshot<S>> {
    const latest = this.latest;
    if (latest && latest.seq > afterSeq && latest.fetchedAt >= notBefore) return latest;
    if (latest && this.now() - latest.fetchedAt < this.minIntervalMs && !this.inflight) return latest;
    const stale = this.inflight !== undefined && staleAfterMs !== undefined && this.now() - this.inflight.startedAt > staleAfterMs;
    const flight = (stale ? undefined : this.inflight) ?? this.start();
    flight.readers += 1;
    let onAbort: (() => void) | undefined;
    let unsubscribe: (() => void) | undefined;
    try {
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortReason(signal as AbortSignal, "a shared read"));
        if (signal?.aborted) onAbort();
        else signal?.addEventListener("abort", onAbort, { once: true });
      });
      // A snapshot another fetch publishes meanwhile serves too (a newer fetch that started beside a hung one).
      const newer = new Promise<Snapshot<S>>((resolve) => {
        unsubscribe = this.subscribe((snap) => {
          if (snap.seq > afterSeq && snap.fetchedAt >= notBefore) resolve(snap);
        });
      });
      return await Promise.race([flight.promise, aborted, newer]);
    } finally {
      unsubscribe?.();
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      flight.readers -= 1;
      if (flight.readers === 0) {
        if (this.inflight === flight) this.inflight = undefined;
        flight.controller.abort();
      }
    }
  }

  private start(): Inflight<S> {
    const controller = new AbortController();
    // One shared read may run many requests at once (pages, reads by id), each listening to this signal.
    setMaxListeners(0, controller.signal);
    const fetchedAt = this.now();
    const interests = new Map([...this.interests].map(([k, v]) => [k, v.value]));
    this.fetches += 1;
    const flight: Inflight<S> = {
      controller,
      readers: 0,
      startedAt: fetchedAt,
      promise: this.fetch(controller.signal, interests).then(
        (data) => {
          // A fetch whose readers all left was aborted: whatever it gathered is incomplete, never published.
          if (controller.signal.aborted) throw abortReason(controller.signal, "a shared read");
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

  /** Declares what a waiter cares about, by key (reference counted; the first value given for a key is kept). */
  addInterest(key: string, value: I): void {
    const entry = this.interests.get(key);
    if (entry) entry.count += 1;
    else this.interests.set(key, { value, count: 1 });
  }

  /** Waiters on the group: interests declared, repeats counted. */
  waiters(): number {
    let n = 0;
    for (const entry of this.interests.values()) n += entry.count;
    return n;
  }

  /** Withdraws an interest. */
  removeInterest(key: string): void {
    const entry = this.interests.get(key);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count <= 0) this.interests.delete(key);
  }

  /** Whether no waiter uses the group any more. */
  idle(): boolean {
    return this.listeners.size === 0 && this.interests.size === 0 && !this.inflight;
  }
}

/**
 * Shared things by key (poll groups and what goes with them), created on first use and dropped when their last
 * user releases them.
 */
export class PollHub {
  private readonly groups = new Map<string, { group: unknown; users: number }>();

  /**
   * Uses (or creates) the shared thing `key`; call `release` when done. The caller that creates it decides its type:
   * keys must say what they hold.
   */
  acquire<G>(key: string, create: () => G): { group: G; release: () => void } {
    let entry = this.groups.get(key);
    if (!entry) {
      entry = { group: create(), users: 0 };
      this.groups.set(key, entry);
    }
    entry.users += 1;
    const e = entry;
    let released = false;
    return {
      group: e.group as G,
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
