/**
 * Verdicts under adversity, seeded: many waiters over every service and several scopes, on an emulator that drops
 * tasks from list answers, deletes KPS failure records, fails single tasks' reads by id, answers whole lists with
 * 503s and HTML pages, while some waiters use a second credential and some a wrong secret key. Every wait must end
 * in its own task's truth (succeeded for a success, `TaskFailedError` for a failure) or in an error or a timeout —
 * never in the wrong terminal state. `npm test` runs a short seed (`test/reliability/verdicts.test.ts`);
 * `npm run bench verdicts` a long one.
 * @module
 */
import { startEmulator, type Emulator, type TaskView } from "../emulator";
import type { GateServiceName as TaskService } from "../provider";
import { SeededRandom } from "../emulator/random";
import {
  TaskFailedError,
  awaitCsmsTask,
  awaitDcsTask,
  awaitKpsTask,
  awaitRocketMqTask,
  closeDefaultDispatcher,
  isApiError,
  type WaitOptions,
} from "../provider";
import { kpsDeleteAllFailedTasks } from "../provider/endpoints";
import { TaskApiClient } from "../provider/http/client";
import { resolveSettings } from "../provider/settings";
import { fmt, table } from "./stats";

/** What one scenario run saw. */
export interface VerdictResult {
  waits: number;
  succeeded: number;
  failed: number;
  /** Waits that ended in an error (a 401 of a wrong key, a task's own 400 ...) or a timeout: allowed. */
  errors: number;
  /** Waits with a wrong key that ended in anything but a 401: must be 0. */
  wrongKeyVerdicts: number;
  /** Verdicts that contradict the emulator's truth: must be 0. */
  wrong: string[];
  wallMs: number;
}

const SECOND = { accessKey: "VERDICTSCENARIOAK002", secretKey: "verdict-scenario-second-secret" };

interface Waiter {
  task: TaskView;
  credential: "main" | "second" | "wrong";
  run: (opts: WaitOptions) => Promise<unknown>;
}

function scopesOf(emu: Emulator, service: TaskService, n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${tag}-${service}-${i}`;
    if (service === "kps") emu.addServer({ id, name: id });
    else if (service === "csms") emu.addSecret(id);
    else emu.addInstance(service, id);
    return id;
  });
}

/** Creates the tasks and one or two waiters per task (by id; by job id or name for some). */
function plan(emu: Emulator, r: SeededRandom, tasks: number): Waiter[] {
  const services: TaskService[] = ["kps", "csms", "dcs", "rocketmq"];
  const scopes = Object.fromEntries(services.map((s) => [s, scopesOf(emu, s, s === "kps" ? tasks : 3, `v${r.int(0, 1e9)}`)])) as Record<TaskService, string[]>;
  const waiters: Waiter[] = [];
  for (let i = 0; i < tasks; i += 1) {
    const service = services[i % services.length] as TaskService;
    const scope = service === "kps" ? (scopes.kps[i] as string) : r.pick(scopes[service]);
    // RocketMQ tasks get a name of their own, so that a wait by name designates exactly one task.
    const task = emu.createTask({
      service,
      scope,
      durationMs: r.int(5_000, 150_000),
      outcome: r.next() < 0.3 ? "failure" : "success",
      startInMs: -r.int(0, 60_000),
      ...(service === "kps" ? { name: "RESET" } : service === "rocketmq" ? { name: `restart-${i}` } : {}),
    });
    const byId = (opts: WaitOptions): Promise<unknown> => {
      if (service === "kps") return awaitKpsTask({ taskId: task.id }, opts);
      if (service === "csms") return awaitCsmsTask({ taskId: task.id }, opts);
      if (service === "dcs") return awaitDcsTask({ taskId: task.id }, opts);
      return awaitRocketMqTask({ instanceId: scope, taskId: task.id }, opts);
    };
    const other = (opts: WaitOptions): Promise<unknown> => {
      if (service === "rocketmq") return awaitRocketMqTask({ instanceId: scope, name: task.name, after: task.createdAt }, opts);
      return byId(opts);
    };
    const credential = (): Waiter["credential"] => {
      const u = r.next();
      return u < 0.06 ? "wrong" : u < 0.3 ? "second" : "main";
    };
    waiters.push({ task, credential: credential(), run: byId });
    if (r.next() < 0.5) waiters.push({ task, credential: credential(), run: service === "rocketmq" && r.next() < 0.5 ? other : byId });
  }
  return waiters;
}

/**
 * Plays faults while the tasks run: dropped list entries, deleted failure records, per-task and group faults. It
 * stops a minute (of the emulator's time) after the last task ends, so that every wait can still reach its verdict.
 */
async function adversary(emu: Emulator, r: SeededRandom, tasks: TaskView[], done: () => boolean): Promise<void> {
  const until = Math.max(...tasks.map((t) => t.finishAt)) + 60_000;
  const client = new TaskApiClient({ settings: resolveSettings({ ...emu.settings(), maxRetries: 0 }, { env: {} }) });
  const listOps = ["ListRunningTask", "ListSecretTask", "ListCenterTask", "ListBackgroundTasks", "ListFailedTask"];
  while (!done() && emu.clock.now() < until) {
    const t = r.pick(tasks);
    const u = r.next();
    if (u < 0.35) emu.fault({ fault: { kind: "omit", taskId: t.id }, count: r.int(1, 4) });
    else if (u < 0.45) emu.fault({ fault: { kind: "task-error", taskId: t.id, status: r.pick([400, 500, 503]) }, count: r.int(1, 2) });
    else if (u < 0.6) emu.fault({ fault: { kind: "status", status: r.pick([500, 502, 503]) }, match: { operation: r.pick(listOps) }, count: r.int(1, 3) });
    else if (u < 0.7) emu.fault({ fault: { kind: "html", status: r.pick([200, 502]) }, match: { operation: r.pick(listOps) }, count: r.int(1, 3) });
    else if (u < 0.8) await client.call(kpsDeleteAllFailedTasks, {}).catch(() => undefined);
    await new Promise((res) => setTimeout(res, r.int(5, 25)));
  }
}

/** Runs one seeded scenario of `tasks` tasks (about 1.5 waiters each). */
export async function runVerdicts(options: { seed?: number; tasks?: number; timeScale?: number } = {}): Promise<VerdictResult> {
  const seed = options.seed ?? 1;
  const r = new SeededRandom(seed);
  const emu = await startEmulator({ timeScale: options.timeScale ?? 200, seed, history: 1, extraCredentials: [SECOND] });
  const started = Date.now();
  try {
    const waiters = plan(emu, r, options.tasks ?? 40);
    const base: WaitOptions = { ...emu.settings(), sources: { env: {} }, clock: emu.clock, timeout: "2h", maxRetries: 1, notFoundGraceMs: 600_000 };
    const creds: Record<Waiter["credential"], WaitOptions> = { main: {}, second: SECOND, wrong: { secretKey: "not-the-right-secret-key" } };
    let finished = 0;
    const outcomes = waiters.map((w) =>
      w.run({ ...base, ...creds[w.credential] }).then(
        () => "succeeded" as const,
        (e: unknown) => e,
      ).finally(() => void (finished += 1)),
    );
    const faults = adversary(emu, r, [...new Set(waiters.map((w) => w.task))], () => finished === waiters.length);
    const results = await Promise.all(outcomes);
    await faults;
    const res: VerdictResult = { waits: waiters.length, succeeded: 0, failed: 0, errors: 0, wrongKeyVerdicts: 0, wrong: [], wallMs: 0 };
    results.forEach((out, i) => {
      const w = waiters[i] as Waiter;
      const truth = emu.task(w.task.service, w.task.id)?.outcome;
      const what = `${w.task.service} task ${w.task.id} (${truth}, ${w.credential} key)`;
      if (w.credential === "wrong") {
        if (!(isApiError(out) && out.status === 401)) res.wrongKeyVerdicts += 1;
        return;
      }
      if (out === "succeeded") {
        res.succeeded += 1;
        if (truth !== "success") res.wrong.push(`${what}: succeeded`);
      } else if (out instanceof TaskFailedError) {
        res.failed += 1;
        if (truth !== "failure" || out.taskId !== w.task.id) res.wrong.push(`${what}: failed as ${out.taskId}`);
      } else res.errors += 1;
    });
    res.wallMs = Date.now() - started;
    return res;
  } finally {
    await emu.close();
  }
}

/** The bench section: a long seeded run; reports waits run and wrong verdicts (the goal is 0). */
export async function verdictsBench(): Promise<string> {
  const rows: string[][] = [];
  for (const seed of [101, 202, 303]) {
    const v = await runVerdicts({ seed, tasks: 1300, timeScale: 200 });
    rows.push([String(seed), String(v.waits), String(v.succeeded), String(v.failed), String(v.errors), String(v.wrongKeyVerdicts), String(v.wrong.length), fmt(v.wallMs / 1000, 1)]);
  }
  await closeDefaultDispatcher();
  return [
    "### Verdicts under adversity (seeded: lagging lists, deleted failure records, per-task and group faults, mixed credentials)",
    "",
    table(["seed", "waits", "succeeded", "failed", "errors/timeouts", "wrong-key verdicts", "wrong verdicts", "wall s"], rows),
    "",
  ].join("\n");
}
