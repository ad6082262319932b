/**
 * The state `local-run --state` keeps, step by step, through the real dynamic-provider host, with a dynamic resource
 * of the test's own that asks for what this package's resources never do: an update (a change without replacement),
 * a resource the program stops declaring (deleted at the end of the up), a replacement, and a create the provider
 * fails (over, so not pending).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StackState } from "../../scripts/deployment";
import { runProgram, type ProgramRun } from "../helpers/local-run";

const program = join(__dirname, "..", "fixtures", "programs", "harness-steps");
let dir = "";
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "hwc-tasks-harness-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
jest.setTimeout(120_000);

const up = (config: Record<string, string>) => runProgram(program, config, {}, { args: ["--state", join(dir, "state.json")] });
const steps = (run: ProgramRun) => run.events.flatMap((e) => (e.type === "step" ? [`${e.op} ${e.name}`] : []));
const state = () => JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as StackState;

it("creates, updates, deletes what is no longer declared, replaces, and forgets a create the provider failed", async () => {
  const first = await up({ "steps:value": "a", "steps:extra": "yes" });
  expect(first.code).toBe(0);
  expect(steps(first).sort()).toEqual(["create extra", "create main"]);
  expect(first.outputs).toEqual({ value: "a", updates: 0 });

  const second = await up({ "steps:value": "b" });
  expect(second.code).toBe(0);
  expect(steps(second)).toEqual(["update main", "delete extra"]);
  expect(second.outputs).toEqual({ value: "b", updates: 1 });
  expect(state().resources.map((r) => [r.name, r.id])).toEqual([["main", "echo-a"]]);

  const third = await up({ "steps:value": "replace" });
  expect(third.code).toBe(0);
  expect(steps(third)).toEqual(["replace main", "delete main"]);
  expect(state().resources.map((r) => [r.name, r.id])).toEqual([["main", "echo-replace"]]);

  rmSync(join(dir, "state.json"));
  const failed = await up({ "steps:value": "fail" });
  expect(failed.code).toBe(1);
  expect(failed.events.find((e) => e.type === "error")).toEqual({ type: "error", message: 'steps:Echo "main": the provider refused value fail' });
  expect(failed.stderr).not.toMatch(/^\s+at /m);
  expect(state()).toMatchObject({ resources: [], pendingCreates: [] });
});
