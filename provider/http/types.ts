/**
 * The shapes of one call through the client: what goes in and what comes out (what an observer sees is the
 * package's `ExchangeEvent`, in `options.ts`).
 * @module
 */
import type { QueryValue } from "./signer";

/** Input of one call: path parameters, query and body, in the API's own (snake_case) names. */
export interface CallInput {
  path?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
}

/** Input after validation, ready to sign. */
export interface ValidatedInput {
  path: Record<string, string>;
  query: Record<string, QueryValue | undefined>;
  body: unknown;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call to the last byte: retries, throttling waits, the project-id lookup and the body included. */
  signal?: AbortSignal | undefined;
  /**
   * Deadline of the whole call on the client's clock (epoch ms): no attempt runs past it, no retry or throttling
   * wait is started that would end after it (a throttled call fails at once with a `ThrottledError` saying when the
   * service allows the next call).
   */
  deadline?: number | undefined;
  /** Total deadline of one attempt of this call, ms. @default the client's */
  requestTimeoutMs?: number | undefined;
  /** Largest response accepted for this call, bytes. @default the client's */
  maxResponseBytes?: number | undefined;
}

/** A successful answer. */
export interface CallResult<T> {
  data: T;
  status: number;
  requestId: string | undefined;
  attempts: number;
}
