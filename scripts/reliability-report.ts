/**
 * `npm run reliability:report`: runs the reliability suite (`test/reliability/`) with jest's `--json` output and
 * the load scenario, and writes `docs/reliability.md`: every case with its outcome and whether it held, and the
 * load figures. Exits non-zero when a case failed (the report is written anyway, failures marked).
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runLoad, type LoadResult } from "../bench/load";
import { fmt, table } from "../bench/stats";
import { closeDefaultDispatcher } from "../provider";

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: "passed" | "failed" | "pending" | "skipped" | "todo" | "disabled";
  duration?: number | null;
}
interface FileResult {
  name: string;
  assertionResults: Assertion[];
  startTime: number;
  endTime: number;
  message?: string;
}
interface JestJson {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: FileResult[];
}

/** Report sections, in order: test file (without `.test.ts`), title, what it shows. */
const SECTIONS: [string, string, string][] = [
  [
    "fault-matrix",
    "Fault matrix",
    "Each fault against a data source and against a waiter, on its own time-scaled emulator. Outcomes are asserted " +
      "with the typed error's fields (status, error code, attempts, hint) and the retries counted in the emulator's request log.",
  ],
  ["task-starts", "Faults on the call that starts a task", "`KpsKeypairAssociation`'s POST: what is retried and what is not."],
  [
    "bad-input-matrix",
    "Bad input matrix",
    "Each refused before any request (the emulator's request log stays empty), with a message naming the field. " +
      "The data-source functions' own arguments have 70 more cases in `test/integration/bad-inputs.test.ts`.",
  ],
  [
    "secrets",
    "Secrets",
    "Canary AK/SK/token configured each way; searched for in `__provider`, inputs, outputs, error texts, " +
      "`pulumi.log` output (console, host stdout/stderr), `onProgress` and `onExchange` events.",
  ],
  [
    "path-safety",
    "Path safety",
    "Each id refused by every public function and resource; forced past validation it is encoded into its own " +
      "path segment (the emulator logs the route it dispatched to and the decoded id) or refused before sending.",
  ],
  [
    "interruption",
    "Abort and interruption",
    "Abort within 1 s checked as a race against a 1 s timer; timers checked with `process.getActiveResourcesInfo()` " +
      "and an async-hooks record of the timers the call created. The host is the real dynamic-provider host over gRPC, killed with SIGKILL.",
  ],
  ["load", "Load", "1,000 concurrent waiters in one process; the figures below come from a separate run of the same scenario."],
  ["fixes", "Regression tests of the fixes", "See *Fixes* below."],
  [
    "hostile-bounds",
    "Misbehaving server: bounds",
    "A raw `node:http` server on 127.0.0.1, not the emulator: bodies that trickle forever or flood 1 GiB, lying " +
      "`Content-Length`s, a day's and 10^9 s `Retry-After`, an IAM lookup that never ends. Ends asserted on what the " +
      "server saw (the client hung up, the bytes it could write), never on wall-clock time.",
  ],
  [
    "hostile-secrets",
    "Misbehaving server: secrets and cleartext",
    "Pages reflecting every request header (200, 502, 503), a KPS 400 echoing `auth.key`, a malformed answer whose " +
      "parser error carries the raw bytes, a redirect carrying the token; every error text, event and log line searched " +
      "for every canary. A proxy from the environment and a redirect target must see nothing.",
  ],
  [
    "hostile-edges",
    "Misbehaving server: final failures, edges, observers",
    "DNS (an injected lookup, no network) and TLS (a self-signed certificate) failures that end waits early; timeouts " +
      "that carry the last error and its host; times past the `Date` range; the poll-gap floor; throwing observers.",
  ],
  [
    "hostile-answers",
    "Misbehaving server: wrong answers, escaped secrets, throttled deadlines",
    "Job answers about another job or without a status (never a verdict), a security token echoed with JSON " +
      "`\\uXXXX` escapes, a caller's own `secrets` masked when its wait read through another caller's poll group, " +
      "a project-id lookup failed by a 503 or by another caller's short timeout, waits behind a 30 s `Retry-After`, " +
      "KPS record deletions answered by an HTML page with 200 or retried after a lost answer, a poll group whose read hangs.",
  ],
];

const FIXES = [
  "**Not-found grace counted from the task's first absence** (`provider/waiter/poller.ts`). A task already seen that " +
    "dropped out of one list answer more than 60 s into a wait failed the wait at once with `TASK_NOT_FOUND`.",
  "**Empty CSMS list** (`provider/http/paging.ts`). Marker paging took the last item of an empty page as its next " +
    "marker and threw a `TypeError`: `getCsmsTasks` of a secret never rotated or of an unknown task id, a CSMS wait for a " +
    "rotation not visible yet and an idle gate on such a secret all failed with it.",
  "**Dot segments** (`provider/http/client.ts`). `.`, `..` and empty path parameters are refused before sending: URL " +
    "parsing resolves them away whatever their encoding (forced past validation, a RocketMQ instance id `..` reached the DCS task list).",
  "**Hints on calls not retried** (`provider/http/client.ts`). A first-attempt network failure had no hint; a task start " +
    "(POST) that got a 5xx or lost its connection now says it was not retried because the task may have started, and to check for it.",
  "**Interrupted creates start their task once** (`provider/core/adopt.ts`). Create run again after a host was killed " +
    "mid-create failed with 409 (a task already runs on the server), or, when the reset had already finished, started a second " +
    "reset; `CsmsSecretRotation` rotated the secret a second time. Both now adopt the task the interrupted run started: from a " +
    "local journal of started tasks, a task in progress on the same target and operation, or (CSMS) a rotation that succeeded " +
    "within the adoption window.",
  "**A total deadline per request** (`provider/http/exchange.ts`). `requestTimeoutMs` was only undici's idle timeouts: " +
    "a body trickling one byte every 400 ms never ended, and `closeDefaultDispatcher()` did not end it either.",
  "**A response-size cap** (`provider/http/exchange.ts`). A 1 GiB body was read whole (RSS over 1 GiB) and ended as " +
    "`ERR_STRING_TOO_LONG`; it is now refused on its `Content-Length` or past 4,096,000 bytes (`maxResponseBytes`).",
  "**Retry-After bounded, throttling per credential** (`provider/http/client.ts`, `retry.ts`). `Retry-After: 86400` " +
    "closed the operation's gate for the whole process for a day, across credentials; `1000000000` overflowed the timer " +
    "and was ignored. Now: honoured up to 60 s, a longer one fails at once with a `ThrottledError` naming when the next " +
    "call is allowed, gates keyed by origin, credential and operation, never waited on past a deadline.",
  "**The project-id lookup bounded by each caller** (`provider/project.ts`, `provider/util/shared.ts`). It ran before a " +
    "wait's deadline and cached the first caller's promise and signal: a 3 s wait hung while IAM trickled, and caller " +
    "A's abort rejected caller B.",
  "**One redaction step** (`provider/http/redact.ts`). A 200 HTML page reflecting the request headers put the token in " +
    "`ResponseShapeError`'s message, stack and JSON; a KPS 400 echoing the body put `auth.key` in the error.",
  "**No proxy for loopback endpoints** (`provider/runtime.ts`). With `HTTP_PROXY` set, requests to the emulator and " +
    "their signed headers went to the proxy in cleartext.",
  "**Inputs past the edge** (`provider/util/time.ts`, `provider/waiter/poller.ts`). `startTime: 1e20` was a raw " +
    "`RangeError`, `startedAt: 1e20` a 1 ms polling loop, `policy: { minGapMs: 1e-6 }` 87,000 polls in 4 s: times are " +
    "checked against 1970..9999, and every poll gap has a 1 s floor (a `minGapMs` below it is refused).",
  "**DNS and TLS failures final when they repeat; timeouts that carry their cause** (`provider/core/failures.ts`). A " +
    "mistyped cloud domain made a wait retry for 30 minutes and end with \"no status seen yet ... Raise the timeout\".",
  "**Isolated observers** (`provider/util/observe.ts`). An `onExchange` that threw rejected the call with its error; " +
    "now it is reported once (its message redacted) and ignored, as is a throwing `onProgress`.",
];

function mark(status: Assertion["status"]): string {
  return status === "passed" ? "✅" : status === "failed" ? "❌ **failed**" : `⏭ ${status}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The fault matrix as one table: a row per fault, a column per target. */
function faultTable(file: FileResult): string {
  const rows: string[][] = [];
  const byCase = new Map<string, Assertion[]>();
  const other: Assertion[] = [];
  for (const a of file.assertionResults) {
    const key = a.ancestorTitles[0];
    if (key === undefined) other.push(a);
    else byCase.set(key, [...(byCase.get(key) ?? []), a]);
  }
  let n = 0;
  for (const [name, list] of byCase) {
    n += 1;
    const ds = list.find((a) => a.title.startsWith("data source"));
    const w = list.find((a) => a.title.startsWith("waiter"));
    // Titles read "data source (getKpsTask): <outcome>" and "waiter (awaitKpsTask): <outcome>".
    const split = (a: Assertion | undefined) => {
      if (!a) return ["", "", "❌ missing"];
      const m = /^\w[\w ]*\(([^)]+)\): (.*)$/.exec(a.title);
      return [m?.[1] ?? a.title, m?.[2] ?? "", mark(a.status)];
    };
    const [dsFn = "", dsOut = "", dsMark = ""] = split(ds);
    const [wFn = "", wOut = "", wMark = ""] = split(w);
    rows.push([String(n), cell(name), `${dsMark} ${cell(dsFn)}: ${cell(dsOut)}`, `${wMark} ${cell(wFn)}: ${cell(wOut)}`]);
  }
  const lines = [table(["#", "fault", "data source", "waiter"], rows)];
  for (const a of other) lines.push("", `${mark(a.status)} ${cell(a.title)}`);
  return lines.join("\n");
}

function listing(file: FileResult): string {
  return file.assertionResults.map((a) => `- ${mark(a.status)} ${cell([...a.ancestorTitles, a.title].join(" › "))}`).join("\n");
}

function loadTable(r: LoadResult): string {
  return table(
    ["", "value"],
    [
      ["waiters (a quarter each: KPS, CSMS, DCS, RocketMQ)", String(r.waiters)],
      ["succeeded / failed as their task did / wrong outcome", `${r.succeeded} / ${r.failedAsExpected} of ${r.failing} / ${r.wrong.length}`],
      ["API calls, all waiters together", `${r.apiCalls} (${fmt(r.apiCalls / r.waiters, 2)} per waiter)`],
      ["API calls by operation", Object.entries(r.callsByOperation).map(([op, c]) => `${op} ${c}`).join(", ")],
      ["wall time", `${fmt(r.wallMs / 1000, 1)} s (${fmt(r.virtualMinutes, 1)} virtual minutes at 100x)`],
      ["RSS, before → peak", `${fmt(r.baselineRssMb, 0)} MB → ${fmt(r.peakRssMb, 0)} MB`],
      ["heap used, before → peak", `${fmt(r.baselineHeapMb, 0)} MB → ${fmt(r.peakHeapMb, 0)} MB`],
    ],
  );
}

async function main(): Promise<void> {
  const root = join(__dirname, "..", "..");
  const dir = mkdtempSync(join(tmpdir(), "hwc-reliability-"));
  const out = join(dir, "jest.json");
  const jest = spawnSync(process.execPath, [join(root, "node_modules", "jest", "bin", "jest.js"), "test/reliability", "--json", `--outputFile=${out}`], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let results: JestJson;
  try {
    results = JSON.parse(readFileSync(out, "utf8")) as JestJson;
  } catch {
    throw new Error(`jest produced no JSON report (exit code ${String(jest.status)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stderr.write("running the load scenario for the figures...\n");
  const load = await runLoad({ waiters: 1000, timeScale: 100 });
  await closeDefaultDispatcher();

  const byName = new Map(results.testResults.map((f) => [basename(f.name).replace(/\.test\.ts$/, ""), f]));
  const summary: string[][] = [];
  const body: string[] = [];
  for (const [key, title, what] of SECTIONS) {
    const file = byName.get(key);
    if (!file) {
      summary.push([title, "0", "0", "❌ not run"]);
      continue;
    }
    const passed = file.assertionResults.filter((a) => a.status === "passed").length;
    const failed = file.assertionResults.filter((a) => a.status === "failed").length;
    summary.push([title, String(file.assertionResults.length), String(passed), failed > 0 || file.message ? `❌ ${failed}` : "0"]);
    body.push(`## ${title}`, "", `\`test/reliability/${key}.test.ts\` — ${what}`, "");
    body.push(key === "fault-matrix" ? faultTable(file) : listing(file), "");
    if (key === "load") body.push(loadTable(load), "");
  }
  const lines = [
    "# Reliability report",
    "",
    "Generated by `npm run reliability:report` (`scripts/reliability-report.ts`): it runs `jest test/reliability --json` and " +
      "the load scenario of `bench/load.ts`, and writes this file. Do not edit it by hand.",
    "",
    `${results.numPassedTests} of ${results.numTotalTests} cases passed; ${results.numFailedTests} failed. ` +
      `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    table(["section", "cases", "passed", "failed"], summary),
    "",
    ...body,
    "## Fixes",
    "",
    "Bugs the suite found in `provider/`, each fixed minimally and covered by the tests above:",
    "",
    ...FIXES.map((f) => `- ${f}`),
    "",
    "The emulator gained `gatewayClockOffsetMs` / `setGatewayClockOffset()` (the gateway's clock moved, for the clock-skew case). " +
      "The misbehaving-server cases use `test/helpers/hostile.ts` (a raw `node:http`/`node:https` server) instead.",
    "",
  ];
  mkdirSync(join(root, "docs"), { recursive: true });
  writeFileSync(join(root, "docs", "reliability.md"), lines.join("\n"));
  process.stderr.write(`wrote docs/reliability.md: ${results.numPassedTests}/${results.numTotalTests} passed\n`);
  if (results.numFailedTests > 0 || jest.status !== 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`reliability report failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
