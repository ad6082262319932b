/**
 * Status vocabularies: each service's statuses are normalised once (trimmed, upper case) and classified into a
 * {@link Phase} by one table per service. Unknown statuses are `pending`: a waiter never turns a status it does not
 * know into a verdict.
 * @module
 */

/** Where a task stands, whatever the service calls its states. */
export type Phase = "pending" | "succeeded" | "failed";

/** A service's statuses. Every function takes a normalised status (see {@link normalizeStatus}). */
export interface StatusTable {
  /** The phase of a status; unknown statuses are `pending`. */
  classify(status: string): Phase;
  /** Whether the service documents this status (unknown ones are reported once by waits). */
  known(status: string): boolean;
  /**
   * Why a pending status deserves the reader's attention (ECS's `PENDING_PAYMENT`: an order waits to be paid),
   * reported once per wait; `undefined` for ordinary statuses.
   */
  warning?(status: string): string | undefined;
  /** Statuses in lifecycle order, as the emulator plays them (`{op}` stands for a KPS operation). */
  readonly lifecycle: { readonly pending: readonly string[]; readonly succeeded: string; readonly failed: string };
}

/** The one normalisation of a status as a service sends it: surrounding white space dropped, upper case. */
export function normalizeStatus(raw: string | null | undefined): string {
  return (raw ?? "").trim().toUpperCase();
}

/**
 * A table of exact status sets. `pending` lists the documented in-progress statuses (others are pending too, but
 * unknown).
 */
export function statusSets(sets: {
  succeeded: readonly string[];
  failed: readonly string[];
  pending: readonly string[];
  /** Pending statuses worth a warning, with what to say. */
  warnings?: Readonly<Record<string, string>>;
}): StatusTable {
  const ok = new Set(sets.succeeded);
  const bad = new Set(sets.failed);
  const all = new Set([...sets.succeeded, ...sets.failed, ...sets.pending]);
  return {
    classify: (s) => (ok.has(s) ? "succeeded" : bad.has(s) ? "failed" : "pending"),
    known: (s) => all.has(s),
    warning: (s) => sets.warnings?.[s],
    lifecycle: { pending: sets.pending, succeeded: sets.succeeded[0] ?? "", failed: sets.failed[0] ?? "" },
  };
}

/** Classifies a normalised status for one waiter. */
export type Classifier = (status: string) => Phase;

/**
 * The classifier of a waiter. A list the caller gives replaces the service's table for its side only: with
 * `success` given, a status succeeds exactly when listed (failures still come from the table unless `failure` is
 * given too), and likewise for `failure`. Everything else is pending. The caller's lists are normalised like the
 * service's statuses.
 */
export function classifier(table: StatusTable, success?: readonly string[], failure?: readonly string[]): Classifier {
  if (!success && !failure) return (s) => table.classify(s);
  const set = (list: readonly string[] | undefined) => (list ? new Set(list.map(normalizeStatus)) : undefined);
  const ok = set(success);
  const bad = set(failure);
  return (s) => {
    if (ok ? ok.has(s) : table.classify(s) === "succeeded") return "succeeded";
    if (bad ? bad.has(s) : table.classify(s) === "failed") return "failed";
    return "pending";
  };
}
