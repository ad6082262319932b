/**
 * The process-wide state of the package in one object: the undici dispatchers (one keep-alive pool per origin),
 * the throttle gates, the project-id lookups, the poll hub (shared reads of waits) and the duration book (what waits
 * have learned about task durations). Everything shared between calls
 * lives here, so a test (or a host that wants isolation) uses a fresh one with {@link useRuntime} or
 * {@link resetRuntime} instead of resetting module internals. New process-wide state belongs here too: add it as a
 * field of {@link Runtime}, created in the constructor and released in {@link Runtime.close}.
 * @module
 */
import { setMaxListeners } from "node:events";
import { Agent, EnvHttpProxyAgent, type Dispatcher } from "undici";
import { ThrottleGate } from "./http/retry";
import { isLoopbackHost } from "./settings";
import { SharedLookup } from "./util/shared";
import { DurationBook } from "./waiter/durations";
import { PollHub } from "./waiter/hub";

/** How a runtime is built. */
export interface RuntimeOptions {
  /** Options of the undici agents, e.g. `connect: { lookup }` to resolve names differently (tests). */
  agent?: Agent.Options;
  /**
   * Honour `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` for non-loopback endpoints. Loopback endpoints (the emulator) never
   * go through a proxy: a plain-http request would hand its signed headers to the proxy in cleartext. @default true
   */
  proxyFromEnv?: boolean;
}

/** The package's process-wide state. Build one with {@link createRuntime}. */
export class Runtime {
  /** Throttle gates, keyed by origin, credential and operation. */
  readonly throttle: ThrottleGate;
  /** Project ids by credential, region and IAM endpoint. */
  readonly projectIds: SharedLookup<string>;
  /** The poll groups waits share, by identity. */
  readonly hub: PollHub;
  /** Task durations learned by every wait, per task type. */
  readonly durations: DurationBook;
  private direct: Dispatcher | undefined;
  private proxied: Dispatcher | undefined;
  private closer = listenable();
  private readonly loopback = new Map<string, boolean>();

  /** @param options see {@link RuntimeOptions}. */
  constructor(private readonly options: RuntimeOptions = {}) {
    this.throttle = new ThrottleGate();
    this.projectIds = new SharedLookup<string>();
    this.hub = new PollHub();
    this.durations = new DurationBook();
  }

  /**
   * The dispatcher for an origin (`https://host:port`): a direct keep-alive pool for loopback hosts (never a proxy),
   * else one that honours the proxy variables of the environment.
   */
  dispatcherFor(origin: string): Dispatcher {
    let loopback = this.loopback.get(origin);
    if (loopback === undefined) {
      loopback = isLoopbackHost(new URL(origin).hostname);
      if (this.loopback.size > 1000) this.loopback.clear();
      this.loopback.set(origin, loopback);
    }
    if (this.options.proxyFromEnv === false || loopback) {
      this.direct ??= new Agent(this.agentOptions());
      return this.direct;
    }
    this.proxied ??= new EnvHttpProxyAgent(this.agentOptions());
    return this.proxied;
  }

  private agentOptions(): Agent.Options {
    return { keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, ...this.options.agent };
  }

  /** Whether `dispatcher` is one of this runtime's (its requests end when the runtime closes). */
  owns(dispatcher: Dispatcher): boolean {
    return dispatcher === this.direct || dispatcher === this.proxied;
  }

  /** Aborts when {@link closeDispatchers} runs: requests on this runtime's dispatchers listen to it. */
  get closing(): AbortSignal {
    return this.closer.signal;
  }

  /** Ends every request in flight on this runtime's dispatchers and closes their connections. */
  async closeDispatchers(): Promise<void> {
    const closer = this.closer;
    this.closer = listenable();
    closer.abort();
    const all = [this.direct, this.proxied].filter((d): d is Dispatcher => d !== undefined);
    this.direct = undefined;
    this.proxied = undefined;
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  /** Releases everything: requests in flight end, connections close, lookups in progress are aborted. */
  async close(): Promise<void> {
    this.projectIds.clear();
    this.durations.clear();
    await this.closeDispatchers();
  }
}

/** A controller whose signal every request in flight may listen to (no listener-count warning). */
function listenable(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

/** A new, independent runtime. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  return new Runtime(options);
}

let current: Runtime | undefined;

/** The runtime calls use unless given one: created on first use. */
export function currentRuntime(): Runtime {
  current ??= createRuntime();
  return current;
}

/** Makes `runtime` the current one; returns the previous (not closed: close it when done with it). */
export function useRuntime(runtime: Runtime): Runtime | undefined {
  const previous = current;
  current = runtime;
  return previous;
}

/** Closes the current runtime and makes a fresh one current (tests call this between cases). */
export async function resetRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const fresh = createRuntime(options);
  const previous = useRuntime(fresh);
  await previous?.close();
  return fresh;
}

/** Ends the requests in flight on the current runtime's dispatchers and closes their connections (scripts call this to exit promptly). */
export async function closeDefaultDispatcher(): Promise<void> {
  await current?.closeDispatchers();
}
