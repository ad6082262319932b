import { PollGroup, PollHub } from "../../provider/waiter/hub";
import { flush } from "../helpers/fake-clock";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("PollGroup", () => {
  it("serves concurrent readers with one fetch and wakes subscribers", async () => {
    let t = 1000;
    const gate = deferred<string>();
    const fetch = jest.fn((_signal: AbortSignal, _interests: ReadonlyMap<string, string>) => gate.promise);
    const group = new PollGroup<string>("k", fetch, () => t, 1000);
    group.addInterest("a", "a");
    group.addInterest("b", "b");
    const woken: number[] = [];
    const unsubscribe = group.subscribe((snap) => woken.push(snap.seq));
    const reads = [group.read(t, 0), group.read(t, 0), group.read(t, 0)];
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect([...(fetch.mock.calls[0]?.[1]?.keys() ?? [])]).toEqual(["a", "b"]);
    gate.resolve("data-1");
    const snaps = await Promise.all(reads);
    expect(snaps.map((s) => s.data)).toEqual(["data-1", "data-1", "data-1"]);
    expect(woken).toEqual([1]);
    unsubscribe();
    expect(group.fetches).toBe(1);

    // Fresh enough and new to the reader: free.
    expect((await group.read(t - 500, 0)).seq).toBe(1);
    // Already seen, but the last fetch is younger than the minimum interval: the same snapshot again, free.
    t += 500;
    expect((await group.read(t, 1)).seq).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("fetches again once the data is stale and the interval has passed", async () => {
    let t = 0;
    let n = 0;
    const group = new PollGroup<number>("k", async () => ++n, () => t, 1000);
    expect((await group.read(0, 0)).data).toBe(1);
    t = 5000;
    expect((await group.read(4000, 1)).data).toBe(2);
    expect(group.peek()?.fetchedAt).toBe(5000);
  });

  it("aborts the fetch only when every reader has gone, and lets new readers start afresh", async () => {
    const signals: AbortSignal[] = [];
    const group = new PollGroup<string>(
      "k",
      (signal) => {
        signals.push(signal);
        return new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted"))));
      },
      () => 0,
      0,
    );
    const c1 = new AbortController();
    const c2 = new AbortController();
    const r1 = group.read(0, 0, c1.signal);
    const r2 = group.read(0, 0, c2.signal);
    c1.abort();
    await expect(r1).rejects.toThrow();
    expect(signals[0]?.aborted).toBe(false);
    c2.abort();
    await expect(r2).rejects.toThrow();
    expect(signals[0]?.aborted).toBe(true);
    expect(group.idle()).toBe(true);
    const c3 = new AbortController();
    const r3 = group.read(0, 0, c3.signal);
    await flush();
    expect(signals).toHaveLength(2);
    c3.abort();
    await expect(r3).rejects.toThrow();
  });

  it("passes a fetch error to every reader without an unhandled rejection", async () => {
    const group = new PollGroup<string>("k", async () => Promise.reject(new Error("503")), () => 0, 0);
    const reads = [group.read(0, 0), group.read(0, 0)];
    for (const r of reads) await expect(r).rejects.toThrow("503");
  });

  it("counts interests by reference", () => {
    const group = new PollGroup<string>("k", async () => "x", () => 0);
    group.addInterest("t1", "t1");
    group.addInterest("t1", "t1");
    group.removeInterest("t1");
    expect(group.idle()).toBe(false);
    group.removeInterest("t1");
    expect(group.idle()).toBe(true);
  });
});

describe("PollHub", () => {
  it("shares a group per key and drops it when the last user leaves", () => {
    const hub = new PollHub();
    const make = () => new PollGroup<string>("k", async () => "x", () => 0);
    const a = hub.acquire("k", make);
    const b = hub.acquire("k", make);
    expect(a.group).toBe(b.group);
    expect(hub.acquire("other", make).group).not.toBe(a.group);
    a.release();
    a.release();
    expect(hub.size()).toBe(2);
    b.release();
    expect(hub.size()).toBe(1);
  });
});
