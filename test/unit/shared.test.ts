import { AbortError } from "../../provider/errors";
import { SharedLookup } from "../../provider/util/shared";

/** A lookup run the test settles by hand, recording the signal it was given. */
function manual() {
  const runs: { signal: AbortSignal; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (signal: AbortSignal) => new Promise<string>((resolve, reject) => runs.push({ signal, resolve, reject }));
  return { runs, run };
}

describe("SharedLookup", () => {
  it("runs once for concurrent callers and keeps the value", async () => {
    const l = new SharedLookup<string>();
    const m = manual();
    const a = l.get("k", m.run, undefined, "lookup");
    const b = l.get("k", m.run, undefined, "lookup");
    expect(m.runs).toHaveLength(1);
    m.runs[0]?.resolve("v");
    await expect(Promise.all([a, b])).resolves.toEqual(["v", "v"]);
    await expect(l.get("k", m.run, undefined, "lookup")).resolves.toBe("v");
    expect(m.runs).toHaveLength(1);
    expect(l.peek("k")).toBe("v");
  });

  it("one caller's abort rejects that caller only; the run goes on for the other", async () => {
    const l = new SharedLookup<string>();
    const m = manual();
    const ca = new AbortController();
    const a = l.get("k", m.run, ca.signal, "lookup");
    const b = l.get("k", m.run, undefined, "lookup");
    ca.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(m.runs[0]?.signal.aborted).toBe(false);
    m.runs[0]?.resolve("v");
    await expect(b).resolves.toBe("v");
  });

  it("aborts the run once no caller waits, and keeps no failure", async () => {
    const l = new SharedLookup<string>();
    const m = manual();
    const ca = new AbortController();
    const a = l.get("k", m.run, ca.signal, "lookup");
    ca.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(m.runs[0]?.signal.aborted).toBe(true);
    expect(l.running()).toBe(0);
    const again = l.get("k", m.run, undefined, "lookup");
    m.runs[1]?.reject(new Error("IAM 500"));
    await expect(again).rejects.toThrow("IAM 500");
    const third = l.get("k", m.run, undefined, "lookup");
    expect(m.runs).toHaveLength(3);
    m.runs[2]?.resolve("v");
    await expect(third).resolves.toBe("v");
  });

  it("a caller already aborted is refused at once, without starting a run", async () => {
    const l = new SharedLookup<string>();
    const m = manual();
    await expect(l.get("k", m.run, AbortSignal.abort(), "lookup")).rejects.toBeInstanceOf(AbortError);
    expect(m.runs).toHaveLength(0);
  });

  it("clear() forgets values and aborts runs; values are bounded", async () => {
    const l = new SharedLookup<string>(2);
    for (const k of ["a", "b", "c"]) await l.get(k, async () => k, undefined, "lookup");
    expect([l.peek("a"), l.peek("b"), l.peek("c")]).toEqual([undefined, "b", "c"]);
    const m = manual();
    const pending = l.get("d", m.run, undefined, "lookup");
    l.clear();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(l.peek("b")).toBeUndefined();
  });
});
