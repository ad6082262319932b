/**
 * Poll groups with an identity. Waiters share a group only when everything that changes what a read returns, or who
 * may see it, is the same: the service, region, endpoint, project, the whole credential (secret key and security
 * token included), the scope and the clock. What a caller brings besides (observers, request timeouts, signals)
 * stays the caller's: a group's reads report their exchanges to every member's observer, use the longest request
 * timeout any member asked for, and each member bounds its own wait for a read by its own timeout and signal.
 * @module
 */
import { createHmac, randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import { SERVICES } from "../endpoints";
import { TaskApiClient, type CallOptions } from "../http/client";
import type { TaskServiceName } from "../names";
import type { ExchangeEvent, WaitClock } from "../options";
import type { ResolvedSettings } from "../settings";
import { notify } from "../util/observe";
import type { DurationBook } from "../waiter/durations";
import { PollGroup, type PollHub, type Snapshot } from "../waiter/hub";
import { clockId } from "./clock";
import type { ScopeSpec } from "./plan";

/** What one member of a group brings: its observer and its request timeout. */
export interface Member {
  onExchange?: ((event: ExchangeEvent) => void) | undefined;
  requestTimeoutMs?: number | undefined;
}

/** The per-attempt timeout of a member that sets none, ms (the client's default). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The longest per-attempt timeout any member asked for: the group's attempts use it, so none is cut short. */
export function longestTimeout(members: Iterable<Member>): number {
  let longest = 0;
  for (const m of members) longest = Math.max(longest, m.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  return longest || DEFAULT_REQUEST_TIMEOUT_MS;
}

/**
 * How long a member waits for one shared read: unbounded (beyond its signal) when the group's attempts already use
 * its own timeout; else its own timeout for each of the attempts its retry budget allows, so a member that asked
 * for short attempts is not held by a neighbour who asked for long ones.
 */
export function memberReadBound(member: Member, members: Iterable<Member>, maxRetries: number): number | undefined {
  const own = member.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return own < longestTimeout(members) ? own * (maxRetries + 1) : undefined;
}

/** A poll group and its members. */
export interface SharedScope<S, I> {
  group: PollGroup<S, I>;
  members: Set<Member>;
}

const processKey = randomBytes(32);

/** A fingerprint of the whole credential: equal for equal credentials, useless to anyone who reads it. */
export function credentialTag(settings: ResolvedSettings): string {
  const c = settings.credentials;
  return createHmac("sha256", processKey)
    .update([c.accessKey, c.secretKey, c.securityToken ?? ""].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}

/** The identity of a shared scope. */
export function groupKey(service: TaskServiceName, settings: ResolvedSettings, projectId: string, scope: string, clock: WaitClock): string {
  const endpoint = settings.endpoints[SERVICES[service].host];
  return [service, settings.region, endpoint, projectId, credentialTag(settings), scope, clockId(clock)].join("|");
}

/**
 * Joins (or creates) the shared scope `key` in `hub`. The group's client has the group's identity and no caller's
 * options; its exchanges go to every member's observer.
 */
export function joinScope<S, I>(
  hub: PollHub,
  key: string,
  scope: ScopeSpec<S, I>,
  settings: ResolvedSettings,
  clock: WaitClock,
  durations: DurationBook,
): { shared: SharedScope<S, I>; release: () => void } {
  const lease = hub.acquire<SharedScope<S, I>>(key, () => {
    const members = new Set<Member>();
    const client = new TaskApiClient({
      settings,
      onExchange: (event) => {
        for (const m of members) notify(m.onExchange, event, "onExchange");
      },
    });
    const call = (): CallOptions => ({ requestTimeoutMs: longestTimeout(members) });
    const fetch = scope.watch({ client, call, now: () => clock.now(), durations });
    return { group: new PollGroup<S, I>(key, fetch, () => clock.now()), members };
  });
  return { shared: lease.group, release: lease.release };
}

/**
 * A member's read of its group: bounded by the member's own request timeout (the group's read goes on for the
 * others) and signal.
 */
export async function boundedRead<S>(
  read: (signal: AbortSignal) => Promise<Snapshot<S>>,
  signal: AbortSignal,
  service: TaskServiceName,
  timeoutMs: number | undefined,
): Promise<Snapshot<S>> {
  if (timeoutMs === undefined) return read(signal);
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ApiError({
        service,
        operation: "shared read",
        status: 0,
        errorCode: "TIMEOUT",
        errorMsg: `no answer within this wait's request timeouts (${timeoutMs} ms in all)`,
        attempts: 1,
        transient: true,
      });
      inner.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([read(inner.signal), expired]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
