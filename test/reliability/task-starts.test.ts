/**
 * Faults on the one call that starts work: `KpsKeypairAssociation` (POST AssociateKeypair), run as the host runs it.
 * A throttled start is retried (a 429 proves nothing was done); a 5xx or a reset is not (the service may have
 * started the task), and the error says to check for the task before trying again. Also: every error of a call
 * that was not retried (maxRetries 0) still says what to do.
 */
import { ApiError, getDcsTasks } from "../../provider";
import { providerFor } from "../../provider/core/provider-object";
import { useEmulator } from "../helpers/emulator";
import { count, statuses } from "../helpers/reliability";

const ctx = useEmulator({ timeScale: 100, seed: 71, history: 3 });
const saved = new Map<string, string | undefined>();
let quiet: jest.SpyInstance | undefined;

beforeAll(() => {
  // pulumi.log progress lines go to the console outside an engine: keep the test output readable.
  quiet = jest.spyOn(console, "log").mockImplementation(() => undefined);
  for (const [k, v] of Object.entries(ctx.emu.env())) {
    saved.set(k, process.env[k]);
    process.env[k] = v;
  }
});
afterAll(() => {
  quiet?.mockRestore();
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterEach(() => ctx.emu.clearFaults());

interface Created {
  id: string;
  outs: Record<string, unknown>;
}
const association = () => providerFor("KpsKeypairAssociation") as unknown as { create(inputs: Record<string, unknown>): Promise<Created> };

let n = 0;
/** A fresh stopped server (a reset needs one) and the inputs of a reset on it. */
function reset(): { serverId: string; inputs: Record<string, unknown> } {
  const serverId = `srv-start-${++n}`;
  ctx.emu.addServer({ id: serverId });
  ctx.emu.nextTask({ service: "kps", durationMs: 20_000, outcome: "success" });
  return { serverId, inputs: { keypairName: "KeyPair-demo", serverId, timeout: "1h" } };
}
const tasksOn = (serverId: string) => ctx.emu.tasks("kps").filter((t) => t.scope === serverId);
const starts = () => statuses(ctx.emu, "AssociateKeypair");

it("a 429 on the start is retried, and the task is started exactly once", async () => {
  const { serverId, inputs } = reset();
  ctx.emu.clearRequests();
  ctx.emu.fault({ fault: { kind: "throttle" }, match: { operation: "AssociateKeypair" }, count: 1 });
  const r = await association().create(inputs);
  expect(r.outs).toMatchObject({ status: "SUCCESS_RESET", operation: "RESET", taskId: r.id });
  expect(starts()).toEqual([429, 202]);
  expect(tasksOn(serverId).map((t) => t.id)).toEqual([r.id]);
});

it("a 503 on the start is not retried: the error says to check for the task first", async () => {
  const { serverId, inputs } = reset();
  ctx.emu.clearRequests();
  ctx.emu.fault({ fault: { kind: "status", status: 503 }, match: { operation: "AssociateKeypair" }, count: 1 });
  const err = await association().create(inputs).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 503, attempts: 1, operation: "AssociateKeypair" });
  expect((err as ApiError).hint).toMatch(/not retried, since the service may have started the task: check for it/);
  expect(starts()).toEqual([503]);
  expect(tasksOn(serverId)).toEqual([]);
});

it("a reset connection on the start is not retried, with the same advice", async () => {
  const { inputs } = reset();
  ctx.emu.clearRequests();
  ctx.emu.fault({ fault: { kind: "reset" }, match: { operation: "AssociateKeypair" }, count: 1 });
  const err = await association().create(inputs).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 0, errorCode: "NETWORK", attempts: 1 });
  expect((err as ApiError).hint).toMatch(/^The network failed; not retried, since the service may have started the task/);
  expect(starts()).toEqual([-1]);
  expect(count(starts(), 202)).toBe(0);
});

it("with retries off, a failed read still says what to do", async () => {
  const base = { ...ctx.emu.settings(), sources: { env: {} }, maxRetries: 0 };
  ctx.emu.fault({ fault: { kind: "reset" }, match: { operation: "ListCenterTask" }, count: 1 });
  const reset = await getDcsTasks({}, base).catch((e: unknown) => e);
  expect(reset).toMatchObject({ status: 0, attempts: 1, hint: "The network failed; check connectivity and proxies" });
  ctx.emu.fault({ fault: { kind: "status", status: 500 }, match: { operation: "ListCenterTask" }, count: 1 });
  const failed = await getDcsTasks({}, base).catch((e: unknown) => e);
  expect(failed).toMatchObject({ status: 500, attempts: 1, hint: "The service failed; try again later" });
});

it("a start refused because another key pair's task runs on the server fails with the 409 (no adoption)", async () => {
  const { serverId, inputs } = reset();
  const other = ctx.emu.createTask({ service: "kps", name: "RESET", scope: serverId, durationMs: 3_600_000, outcome: "success", extra: { keypairName: "KeyPair-xt" } });
  ctx.emu.clearRequests();
  const err = await association().create(inputs).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 409, errorCode: "KPS.0015", attempts: 1 });
  expect(starts()).toEqual([409]);
  // It looked for its own task among the running ones, found only the other key pair's, and awaited nothing.
  expect(statuses(ctx.emu, "ListRunningTask")).toEqual([200]);
  expect(ctx.emu.requests({ operation: "ListKeypairTask" })).toEqual([]);
  expect(tasksOn(serverId).map((t) => t.id)).toEqual([other.id]);
});
