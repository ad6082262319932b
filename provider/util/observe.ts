/**
 * Calling the caller's observers (`onExchange`, `onProgress`) without letting them break anything: an observer that
 * throws is reported once, on the console's warning channel, and its calls go on being isolated.
 * @module
 */

const reported = new WeakSet<object>();

/** Calls `observer(event)`; a throw is reported once per observer and never reaches the caller. */
export function notify<E>(observer: ((event: E) => void) | undefined, event: E, what: string): void {
  if (!observer) return;
  try {
    observer(event);
  } catch (err) {
    if (reported.has(observer)) return;
    reported.add(observer);
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    process.emitWarning(`pulumi-hwc-tasks: the ${what} observer threw (${message}); its results are ignored`, "ObserverWarning");
  }
}
