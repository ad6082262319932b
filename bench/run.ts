/**
 * `npm run bench`: prints the benchmark tables (Markdown). Sections: `datasource`, `trace`, `trace-more`, `grid`,
 * `concurrency`, `state`, `load`, `verdicts`, `hostile`; `node dist/bench/run.js trace` runs one. Each section states
 * the machine's load while it ran (event-loop delay p99): a time-scaled replay multiplies every stall by its time scale.
 * @module
 */
import { dataSourceBench } from "./datasource";
import { traceBench } from "./trace";
import { traceMoreBench } from "./trace-more";
import { gridBench } from "./grid";
import { loopDelay } from "./machine";
import { fmt } from "./stats";
import { concurrencyBench } from "./concurrency";
import { stateBench } from "./state";
import { loadBench } from "./load";
import { verdictsBench } from "./verdicts";
import { hostileBench } from "./hostile";

async function main(): Promise<void> {
  const only = process.argv[2];
  const sections: [string, () => Promise<string>][] = [
    ["datasource", () => dataSourceBench()],
    ["trace", () => traceBench()],
    ["trace-more", () => traceMoreBench()],
    ["grid", () => gridBench()],
    ["concurrency", () => concurrencyBench()],
    ["state", () => stateBench()],
    ["load", () => loadBench()],
    ["verdicts", () => verdictsBench()],
    ["hostile", () => hostileBench()],
  ];
  for (const [name, run] of sections) {
    if (only && only !== name) continue;
    const loop = loopDelay();
    const report = await run();
    process.stdout.write(`${report}\n_Machine load during this section: event-loop delay p99 ${fmt(loop.stop(), 1)} ms._\n\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
