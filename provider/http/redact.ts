/**
 * The one redaction step. Every text the package builds from a request or a response (error messages and their
 * stacks, causes, JSON forms, progress and log events, and the response bodies themselves, before they are parsed)
 * passes through a {@link Redactor} holding every secret the caller handed in: secret key, access key, security
 * token, `X-Auth-Token`, and secrets of the request body such as KPS `auth.key`.
 * @module
 */

/** What a secret is replaced with. */
export const MASK = "***";

/** Secrets shorter than this are not searched for (they would mask ordinary text). */
export const MIN_SECRET_LENGTH = 4;

/** Lines of a multi-line secret (a private key) shorter than this are not searched for on their own. */
const MIN_LINE_LENGTH = 12;

/**
 * The forms a secret may take in a text: as given, escaped inside JSON (also with `\/`), percent-encoded, and each
 * long line of a multi-line secret (a PEM private key echoed line by line) on its own.
 */
function forms(secret: string): string[] {
  // Letters, digits and `-._~` read the same in every form (the usual access and secret keys).
  if (/^[A-Za-z0-9._~-]*$/.test(secret)) return [secret];
  const json = JSON.stringify(secret).slice(1, -1);
  const out = [secret, json, json.replace(/\//g, "\\/"), encodeURIComponent(secret)];
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n|\r/)) {
      const t = line.trim();
      if (t.length >= MIN_LINE_LENGTH && !/^-----(BEGIN|END) /.test(t)) out.push(t);
    }
  }
  return out;
}

/** Replaces a fixed set of secrets (in all their {@link forms}) with {@link MASK}. Immutable. */
export class Redactor {
  private readonly needles: readonly string[];

  /** @param secrets the caller's secrets; `undefined` and too-short entries are ignored. */
  constructor(private readonly secrets: readonly (string | undefined)[]) {
    const all = new Set<string>();
    for (const s of secrets) {
      if (s === undefined || s.length < MIN_SECRET_LENGTH) continue;
      for (const f of forms(s)) if (f.length >= MIN_SECRET_LENGTH) all.add(f);
    }
    // Longest first, so a secret containing another is masked whole.
    this.needles = [...all].sort((a, b) => b.length - a.length);
  }

  /** A redactor that also masks `extra` (e.g. secrets of one request's body); this one when they add nothing. */
  with(extra: readonly (string | undefined)[]): Redactor {
    const added = extra.filter((s) => s !== undefined && !this.secrets.includes(s));
    return added.length > 0 ? new Redactor([...this.secrets, ...added]) : this;
  }

  /** `text` with every secret masked. */
  text(text: string): string {
    let out = text;
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join(MASK);
    return out;
  }

  /** {@link text} of an optional value. */
  optional(text: string | undefined): string | undefined {
    return text === undefined ? undefined : this.text(text);
  }

  /**
   * A safe stand-in for an error from below the package (undici, Node's net and TLS stacks): its name, `code` and
   * redacted message only. Such errors can carry raw response bytes (an HTTP parser error's `data`) or headers.
   */
  cause(err: unknown): Error | undefined {
    if (err === undefined || err === null) return undefined;
    const e = err as { name?: unknown; message?: unknown; code?: unknown };
    const message = typeof e.message === "string" ? e.message : String(err);
    const safe = new Error(this.text(message)) as Error & { code?: string };
    if (typeof e.name === "string") safe.name = e.name;
    if (typeof e.code === "string") safe.code = e.code;
    return safe;
  }
}

/**
 * Request headers whose values are secrets, as the signer writes them. (`Authorization` is not one: it carries the
 * access key, masked on its own, and a signature that proves nothing once its time has passed.)
 */
export const SECRET_HEADERS: readonly string[] = ["X-Security-Token", "X-Auth-Token"];

/** The values of the {@link SECRET_HEADERS} among `headers` (as written, or lower-cased). */
export function secretHeaderValues(headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const name of SECRET_HEADERS) {
    const v = headers[name] ?? headers[name.toLowerCase()];
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** The values of `paths` (dotted, e.g. `server.auth.key`) in a request body that are strings. */
export function secretsAt(body: unknown, paths: readonly string[] | undefined): string[] {
  if (!paths || body === undefined || body === null) return [];
  const out: string[] = [];
  for (const path of paths) {
    let v: unknown = body;
    for (const part of path.split(".")) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[part] : undefined;
    if (typeof v === "string") out.push(v);
  }
  return out;
}
