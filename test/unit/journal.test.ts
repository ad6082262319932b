/**
 * The journal of started tasks: keys, records, best-effort failures and pruning, on temporary directories.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { Journal, journalDir, journalKey } from "../../provider/core/journal";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "hwc-tasks-journal-unit-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const account = { region: "cn-north-4", projectId: "p1", endpoint: "http://127.0.0.1:1" };

describe("journalKey", () => {
  it("is the same whatever order keys arrive in, and tells identities of one target apart", () => {
    const a = journalKey("CsmsSecretRotation", account, { secretName: "s" }, { secretName: "s", triggers: { b: 1, a: [2, { y: 1, x: 2 }] } });
    const b = journalKey("CsmsSecretRotation", { endpoint: "http://127.0.0.1:1", projectId: "p1", region: "cn-north-4" }, { secretName: "s" }, { triggers: { a: [2, { x: 2, y: 1 }], b: 1 }, secretName: "s" });
    expect(a).toEqual(b);
    const other = journalKey("CsmsSecretRotation", account, { secretName: "s" }, { secretName: "s", triggers: ["2"] });
    expect(other.scope).toBe(a.scope);
    expect(other.identity).not.toBe(a.identity);
    expect(journalKey("CsmsSecretRotation", { ...account, projectId: "p2" }, { secretName: "s" }, { secretName: "s" }).scope).not.toBe(a.scope);
  });
});

describe("journalDir", () => {
  it("reads HWC_TASKS_JOURNAL_DIR, turns off with 'off', else lives under the home directory", () => {
    expect(journalDir({ HWC_TASKS_JOURNAL_DIR: "/x/y" })).toBe("/x/y");
    expect(journalDir({ HWC_TASKS_JOURNAL_DIR: "off" })).toBeUndefined();
    expect(journalDir({})).toBe(join(homedir(), ".pulumi-hwc-tasks", "started-tasks"));
  });
});

describe("Journal", () => {
  const key = journalKey("KpsKeypairAssociation", account, { serverId: "srv", keypairName: "k", mode: "reset" }, { serverId: "srv", keypairName: "k", mode: "reset", triggers: ["Pr1vate-Trigger"] });
  const sibling = journalKey("KpsKeypairAssociation", account, { serverId: "srv", keypairName: "k", mode: "reset" }, { serverId: "srv", keypairName: "k", mode: "reset", triggers: ["older"] });

  it("records a task per identity, finds the other identities of the same target, and holds no input value", async () => {
    const dir = fresh();
    const errors: string[] = [];
    const j = new Journal(dir, (m) => errors.push(m));
    expect(await j.get(key)).toBeUndefined();
    expect(await j.others(key)).toEqual([]);
    await j.put(key, { kind: "KpsKeypairAssociation", target: "reset of k on server srv", startedAt: 1000 });
    expect(await j.get(key)).toEqual({ version: 1, kind: "KpsKeypairAssociation", target: "reset of k on server srv", startedAt: 1000 });
    await j.put(key, { kind: "KpsKeypairAssociation", target: "reset of k on server srv", taskId: "t-1", startedAt: 1000 });
    await j.put(sibling, { kind: "KpsKeypairAssociation", target: "reset of k on server srv", taskId: "t-0", startedAt: 500 });
    expect(await j.get(key)).toMatchObject({ taskId: "t-1" });
    expect((await j.others(key)).map((e) => e.taskId)).toEqual(["t-0"]);
    expect((await j.others(sibling)).map((e) => e.taskId)).toEqual(["t-1"]);
    const files = readdirSync(dir);
    expect(files).toHaveLength(2);
    expect(files.map((f) => readFileSync(join(dir, f), "utf8")).join("\n")).not.toContain("Pr1vate-Trigger");
    expect(errors).toEqual([]);
  });

  it("ignores a file that is not a record (cut short, or another shape)", async () => {
    const dir = fresh();
    const j = new Journal(dir, () => undefined);
    await j.put(key, { kind: "KpsKeypairAssociation", target: "t", taskId: "t-1", startedAt: 1 });
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file as string), '{"version": 1, "kind": "KpsKe');
    expect(await j.get(key)).toBeUndefined();
    writeFileSync(join(dir, file as string), JSON.stringify({ version: 2, taskId: "x" }));
    expect(await j.get(key)).toBeUndefined();
  });

  it("never throws: a journal that cannot be written is reported once, and reads find nothing", async () => {
    const blocker = join(fresh(), "a-file");
    writeFileSync(blocker, "not a directory");
    const errors: string[] = [];
    const j = new Journal(join(blocker, "journal"), (m) => errors.push(m));
    await expect(j.put(key, { kind: "k", target: "t", startedAt: 1 })).resolves.toBeUndefined();
    await expect(j.put(key, { kind: "k", target: "t", taskId: "t-1", startedAt: 1 })).resolves.toBeUndefined();
    expect(await j.get(key)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^could not write the local journal of started tasks in .*journal \(ENOTDIR\); a re-run on this machine relies on what the service lists$/);
  });

  it("turned off, it writes nothing and finds nothing", async () => {
    const j = new Journal(undefined, () => undefined);
    await j.put(key, { kind: "k", target: "t", taskId: "t-1", startedAt: 1 });
    expect(await j.get(key)).toBeUndefined();
    expect(await j.others(key)).toEqual([]);
  });

  it("removes records older than any adoption window on its first write", async () => {
    const dir = fresh();
    const old = join(dir, "0.0.json");
    const recent = join(dir, "1.1.json");
    for (const f of [old, recent]) writeFileSync(f, "{}");
    const nineDaysAgo = (Date.now() - 9 * 24 * 3_600_000) / 1000;
    utimesSync(old, nineDaysAgo, nineDaysAgo);
    await new Journal(dir, () => undefined).put(key, { kind: "k", target: "t", startedAt: 1 });
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
