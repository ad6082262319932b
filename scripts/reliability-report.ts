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
    "The emulator gained `gatewayClockOffsetMs` / `setGatewayClockOffset()` (the gateway's clock moved, for the clock-skew case).",
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
