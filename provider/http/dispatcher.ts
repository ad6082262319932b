/**
 * The process-wide undici dispatcher: one keep-alive pool per origin, proxies from the environment.
 * @module
 */
import { EnvHttpProxyAgent, type Dispatcher } from "undici";

let sharedDispatcher: Dispatcher | undefined;
/** The process-wide dispatcher: one keep-alive pool per origin, proxies from the environment. */
export function defaultDispatcher(): Dispatcher {
  sharedDispatcher ??= new EnvHttpProxyAgent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  return sharedDispatcher;
}

/** Closes the process-wide dispatcher (tests and short scripts call this to exit promptly). */
export async function closeDefaultDispatcher(): Promise<void> {
  const d = sharedDispatcher;
  sharedDispatcher = undefined;
  await d?.close();
}
