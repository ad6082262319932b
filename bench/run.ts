/**
 * `npm run bench`: prints the benchmark tables (Markdown). Sections: `datasource`, `trace`, `trace-more`, `concurrency`,
 * `state`, `load`, `verdicts`;
 * `node dist/bench/run.js trace` runs one.
 * @module
 */
import { dataSourceBench } from "./datasource";
import { traceBench } from "./trace";
import { traceMoreBench } from "./trace-more";
import { concurrencyBench } from "./concurrency";
import { stateBench } from "./state";
import { loadBench } from "./load";
import { verdictsBench } from "./verdicts";

async function main(): Promise<void> {
  const only = process.argv[2];
  const sections: [string, () => Promise<string>][] = [
    ["datasource", () => dataSourceBench()],
    ["trace", () => traceBench()],
    ["trace-more", () => traceMoreBench()],
    ["concurrency", () => concurrencyBench()],
    ["state", () => stateBench()],
    ["load", () => loadBench()],
    ["verdicts", () => verdictsBench()],
  ];
  for (const [name, run] of sections) {
    if (only && only !== name) continue;
    process.stdout.write(`${await run()}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
