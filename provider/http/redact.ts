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
 * The literal forms of a secret in a text: as given, percent-encoded as UTF-8 when it has characters outside ASCII,
 * and each long line of a multi-line secret (a PEM private key echoed line by line) on its own. Its escaped forms
 * (JSON, `%XX`, in any mix) are the {@link escapedPattern}'s.
 */
function forms(secret: string): string[] {
  // Letters, digits and `-._~` read the same in every form (the usual access and secret keys).
  if (/^[A-Za-z0-9._~-]*$/.test(secret)) return [secret];
  const out = /[^\x00-\x7f]/.test(secret) ? [secret, encodeURIComponent(secret)] : [secret];
  if (/[\r\n]/.test(secret)) {
    for (const line of secret.split(/\r?\n|\r/)) {
      const t = line.trim();
      if (t.length >= MIN_LINE_LENGTH && !/^-----(BEGIN|END) /.test(t)) out.push(t);
    }
  }
  return out;
}

/** A hex digit matched in either case. */
const anyCase = (hex: string) => hex.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);

/** JSON's short escapes, as regex sources. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\\\n", "\r": "\\\\r", "\t": "\\\\t", '"': '\\\\"', "\\": "\\\\\\\\", "/": "\\\\/" };

/**
 * A pattern for `secret` however a server escaped each of its characters: as itself, as a JSON `\uXXXX` escape
 * (Gson writes `=` as `\u003d`), a JSON short escape, or `%XX` — in any mix, hex digits in either case. `undefined`
 * for a secret of letters and digits, which reads the same everywhere.
 */
function escapedPattern(secret: string): RegExp | undefined {
  if (/^[A-Za-z0-9]*$/.test(secret)) return undefined;
  let source = "";
  for (const c of secret) {
    if (/[A-Za-z0-9]/.test(c)) {
      source += c;
      continue;
    }
    const alts = [c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")];
    // A character outside the BMP is two UTF-16 units, each escaped on its own.
    const units = [...Array(c.length).keys()].map((i) => `\\\\u${anyCase(c.charCodeAt(i).toString(16).padStart(4, "0"))}`).join("");
    alts.push(units);
    const short = SHORT_ESCAPES[c];
    if (short) alts.push(short);
    const code = c.charCodeAt(0);
    if (code < 0x80) alts.push(`%${anyCase(code.toString(16).padStart(2, "0"))}`);
    source += `(?:${alts.join("|")})`;
  }
  return new RegExp(source, "g");
}

/** Replaces a fixed set of secrets (in all their {@link forms}, and escaped in any mix) with {@link MASK}. Immutable. */
export class Redactor {
  private readonly needles: readonly string[];
  private readonly patterns: readonly RegExp[];

  /** @param secrets the caller's secrets; `undefined` and too-short entries are ignored. */
  constructor(private readonly secrets: readonly (string | undefined)[]) {
    const all = new Set<string>();
    for (const s of secrets) {
      if (s === undefined || s.length < MIN_SECRET_LENGTH) continue;
      for (const f of forms(s)) if (f.length >= MIN_SECRET_LENGTH) all.add(f);
    }
    // Longest first, so a secret containing another is masked whole.
    this.needles = [...all].sort((a, b) => b.length - a.length);
    const kept = secrets.filter((x): x is string => x !== undefined && x.length >= MIN_SECRET_LENGTH);
    this.patterns = kept.sort((a, b) => b.length - a.length).flatMap((x) => escapedPattern(x) ?? []);
  }

  /** A redactor that also masks `extra` (e.g. secrets of one request's body); this one when they add nothing. */
  with(extra: readonly (string | undefined)[]): Redactor {
    const added = extra.filter((s) => s !== undefined && !this.secrets.includes(s));
    return added.length > 0 ? new Redactor([...this.secrets, ...added]) : this;
  }

  /** `text` with every secret masked. */
  text(text: string): string {
    let out = text;
    // Escaped forms first (a whole escaped secret before the lines of it the needles know), and only where a
    // backslash or a percent sign could hide one; then the literal forms.
    if (/[\\%]/.test(out)) for (const p of this.patterns) out = out.replace(p, MASK);
    for (const n of this.needles) if (out.includes(n)) out = out.split(n).join(MASK);
    return out;
  }

  /**
   * `err` with every text it carries masked, in place: its message, stack and string fields, and those of the
   * errors it holds (`cause`, `lastError`), a few levels deep. For errors this package built from data read through
   * another caller's client (a shared poll), which masked that caller's secrets but not this one's. Returns `err`.
   */
  scrub<E>(err: E, depth = 3): E {
    if (depth <= 0 || typeof err !== "object" || err === null || this.needles.length === 0) return err;
    const e = err as Record<string, unknown>;
    for (const key of [...Object.keys(e), "message", "stack"]) {
      const v = e[key];
      if (typeof v === "string") {
        const masked = this.text(v);
        if (masked !== v) Object.defineProperty(e, key, { value: masked, writable: true, configurable: true, enumerable: Object.keys(e).includes(key) });
      } else if (v instanceof Error) this.scrub(v, depth - 1);
    }
    return err;
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
