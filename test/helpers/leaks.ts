/**
 * Probes of the secret-leak tests: every text a value or error can be turned into, and everything written to the
 * console or stdout/stderr while a call runs.
 */
import { format, inspect } from "node:util";

/** JSON that survives cycles, bigints and functions. */
export function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === "object" && v !== null) {
        if (seen.has(v)) return "[cycle]";
        seen.add(v);
      }
      return typeof v === "bigint" || typeof v === "function" ? String(v) : v;
    }) ?? ""
  );
}

/** Every text an error can be turned into, its causes included. */
export function errorTexts(err: unknown): string[] {
  const texts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && e !== null && depth < 6; depth += 1) {
    texts.push(String(e), safeJson(e), inspect(e, { depth: 8 }));
    if (e instanceof Error) texts.push(e.message, e.stack ?? "");
    e = (e as { cause?: unknown }).cause;
  }
  return texts;
}

/**
 * Runs `fn` with the console and stdout/stderr (where `pulumi.log` writes outside an engine) recorded, not passed
 * through; `output` receives everything written, even when `fn` throws.
 */
export async function capturingOutput<T>(output: string[], fn: () => Promise<T>): Promise<T> {
  const spies = [
    ...(["log", "error", "warn", "info", "debug", "trace"] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void output.push(format(...args))),
    ),
    ...[process.stdout, process.stderr].map((s) =>
      jest.spyOn(s, "write").mockImplementation(((chunk: unknown) => {
        output.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        return true;
      }) as never),
    ),
  ];
  try {
    return await fn();
  } finally {
    for (const s of spies) s.mockRestore();
  }
}
