/**
 * The journal of started tasks: a small local record, kept by the dynamic-provider host, of the task each resource
 * that starts work (a KPS association, a CSMS rotation) started, so that a create run again after an interruption
 * can find that task even when the service no longer lists it (KPS lists running and failed tasks only: a reset
 * that already succeeded is in neither list).
 *
 * One file per resource identity, `<scope>.<identity>.json`, written atomically (temporary file, then rename):
 * `scope` hashes the resource kind, the account (region, project, endpoint) and the target; `identity` hashes the
 * target and every input whose change replaces the resource (`triggers` included). Files hold hashes, the kind, the
 * target's ids, the task id and times; never an input value such as `triggers` or `auth`.
 *
 * Where: `HWC_TASKS_JOURNAL_DIR`, else `~/.pulumi-hwc-tasks/started-tasks`; `HWC_TASKS_JOURNAL_DIR=off` keeps no
 * journal. It is best effort: a journal that cannot be read or written is reported once and the resource then
 * relies on what the service lists. It only helps a re-run on the same machine (and user).
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/** The environment variable that places (or, set to `off`, disables) the journal. */
export const JOURNAL_ENV = "HWC_TASKS_JOURNAL_DIR";

/** Files older than this (by modification time) are removed: the adoption window is at most 7 days. */
const MAX_AGE_MS = 8 * 24 * 3_600_000;
/** At most this many files are kept; the oldest go first. */
const MAX_FILES = 2000;

/** What one file records. */
export const JournalEntrySchema = z.object({
  version: z.literal(1),
  kind: z.string(),
  /** The target's ids, for a person reading the file (e.g. `server ... key pair ... (reset)`). */
  target: z.string(),
  /** Absent while the start call is in flight (written just before it). */
  taskId: z.string().optional(),
  /** When the task started (the wait clock's epoch ms). */
  startedAt: z.number(),
});
/** One journal record. */
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** Where a resource's record lives: hashes of its scope (kind, account, target) and of its whole identity. */
export interface JournalKey {
  scope: string;
  identity: string;
}

/** JSON with object keys sorted, so equal values hash equally whatever order their keys arrived in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const hash = (value: unknown) => createHash("sha256").update(canonical(value)).digest("hex").slice(0, 32);

/**
 * The key of a resource's record.
 * @param account where the task lives (region, project id, endpoint).
 * @param target the ids the task acts on (server and key pair, or secret).
 * @param identity every input whose change replaces the resource, `triggers` included.
 */
export function journalKey(kind: string, account: Record<string, unknown>, target: Record<string, unknown>, identity: Record<string, unknown>): JournalKey {
  const scope = hash({ kind, account, target });
  return { scope, identity: hash({ scope, identity }) };
}

/** The journal directory from the environment, or `undefined` when it is turned off. */
export function journalDir(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const set = env[JOURNAL_ENV]?.trim();
  if (set === "off") return undefined;
  return set ? set : join(homedir(), ".pulumi-hwc-tasks", "started-tasks");
}

const pruned = new Set<string>();

/** A journal directory. Every method is best effort: failures go to `onError` (once per instance), never thrown. */
export class Journal {
  private reported = false;

  /**
   * @param dir the directory, or `undefined` for no journal (reads find nothing, writes do nothing).
   * @param onError told once when the journal cannot be read or written.
   */
  constructor(
    readonly dir: string | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  /** The record of exactly this resource identity. */
  async get(key: JournalKey): Promise<JournalEntry | undefined> {
    if (!this.dir) return undefined;
    return this.load(`${key.scope}.${key.identity}.json`);
  }

  /** The records of the same kind, account and target under another identity (e.g. earlier `triggers`). */
  async others(key: JournalKey): Promise<JournalEntry[]> {
    if (!this.dir) return [];
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.fail("read", err);
      return [];
    }
    const mine = `${key.scope}.${key.identity}.json`;
    const found = await Promise.all(names.filter((n) => n.startsWith(`${key.scope}.`) && n.endsWith(".json") && n !== mine).map((n) => this.load(n)));
    return found.filter((e): e is JournalEntry => e !== undefined);
  }

  /** Records `entry` for `key` (replacing what was there). */
  async put(key: JournalKey, entry: Omit<JournalEntry, "version">): Promise<void> {
    const dir = this.dir;
    if (!dir) return;
    const file = join(dir, `${key.scope}.${key.identity}.json`);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, `${JSON.stringify({ version: 1, ...entry })}\n`, { mode: 0o600 });
      await rename(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      this.fail("write", err);
      return;
    }
    if (!pruned.has(dir)) {
      pruned.add(dir);
      await this.prune(dir);
    }
  }

  /** Forgets `key`'s record. */
  async remove(key: JournalKey): Promise<void> {
    if (!this.dir) return;
    await unlink(join(this.dir, `${key.scope}.${key.identity}.json`)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") this.fail("write", err);
    });
  }

  private async load(name: string): Promise<JournalEntry | undefined> {
    if (!this.dir) return undefined;
    let text: string;
    try {
      text = await readFile(join(this.dir, name), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.fail("read", err);
      return undefined;
    }
    try {
      const parsed = JournalEntrySchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // A file cut short (a crash mid-write of an older version): as if absent.
      return undefined;
    }
  }

  /** Removes records older than any adoption window, then the oldest beyond {@link MAX_FILES}. Once per process. */
  private async prune(dir: string): Promise<void> {
    try {
      const names = (await readdir(dir)).filter((n) => n.endsWith(".json") || n.endsWith(".tmp"));
      const files = await Promise.all(names.map(async (n) => ({ path: join(dir, n), mtime: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
      files.sort((a, b) => b.mtime - a.mtime);
      const cutoff = Date.now() - MAX_AGE_MS;
      const stale = files.filter((f, i) => f.mtime < cutoff || i >= MAX_FILES);
      await Promise.all(stale.map((f) => unlink(f.path).catch(() => undefined)));
    } catch (err) {
      this.fail("prune", err);
    }
  }

  private fail(what: string, err: unknown): void {
    if (this.reported) return;
    this.reported = true;
    const code = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    this.onError(`could not ${what} the local journal of started tasks in ${this.dir} (${code}); a re-run on this machine relies on what the service lists`);
  }
}
