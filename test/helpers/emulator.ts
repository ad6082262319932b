/**
 * Test helpers: an emulator per suite on an ephemeral loopback port, and raw signed requests for checking the wire
 * format byte for byte (the package's client normalises what it reads, so wire checks bypass it).
 */
import { Agent, request } from "undici";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { signRequest, type QueryValue, type SigningCredentials } from "../../provider/http/signer";
import { closeDefaultDispatcher } from "../../provider/http/dispatcher";

/** An emulator started before the suite's tests and closed after them. */
export function useEmulator(options: EmulatorOptions = {}): { readonly emu: Emulator } {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options);
  });
  afterAll(async () => {
    await emu?.close();
    await closeDefaultDispatcher();
  });
  return {
    get emu(): Emulator {
      if (!emu) throw new Error("emulator not started");
      return emu;
    },
  };
}

/** A raw answer. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

/** Options of a raw request. */
export interface RawOptions {
  query?: Record<string, QueryValue | undefined>;
  body?: unknown;
  credentials?: SigningCredentials;
  /** Signing time. @default now */
  date?: Date;
  headers?: Record<string, string>;
  /** Send without signing. */
  unsigned?: boolean;
  /** Exact body text (instead of JSON-encoding `body`). */
  rawBody?: string;
}

const rawAgent = new Agent({ keepAliveTimeout: 1000, connections: 2048 });

/** Sends a signed request straight to the emulator. */
export async function raw(emu: Emulator, method: string, path: string, options: RawOptions = {}): Promise<RawAnswer> {
  const bodyText = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers = { "content-type": "application/json", ...options.headers };
  let target = path;
  let sendHeaders: Record<string, string> = headers;
  if (!options.unsigned) {
    const signed = signRequest(
      { method, url: emu.url + path, query: options.query ?? {}, headers, ...(bodyText ? { body: bodyText } : {}) },
      options.credentials ?? { accessKey: emu.accessKey, secretKey: emu.secretKey },
      options.date ?? new Date(),
    );
    target = signed.path;
    sendHeaders = signed.headers;
  } else if (options.query) {
    const pairs = Object.entries(options.query).filter(([, v]) => v !== undefined);
    const qs = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)]));
    target = qs.size ? `${path}?${qs}` : path;
  }
  const res = await request(emu.url + target, { method, headers: sendHeaders, body: bodyText, dispatcher: rawAgent });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Sends an admin request. */
export async function admin(emu: Emulator, method: string, path: string, body?: unknown): Promise<RawAnswer> {
  return raw(emu, method, path, { unsigned: true, ...(body === undefined ? {} : { body }) });
}

/** Closes the raw agent (call in a global teardown or last afterAll if needed). */
export async function closeRawAgent(): Promise<void> {
  await rawAgent.close();
}
