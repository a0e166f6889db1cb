// Child process of bench/analyze.bench.ts: analyses one run directory and prints, as one JSON
// line, how many events it read, how long the analysis took and the process's peak memory.
import { analyzeRun } from "../src/analysis/index.ts";

const runDir = process.argv[2];
if (runDir === undefined) throw new Error("usage: analyzeChild.ts <run-dir>");
const started = performance.now();
const analysis = await analyzeRun(runDir);
const elapsedMs = performance.now() - started;
const events = Object.values(analysis.metrics.machines).reduce((sum, m) => sum + m.events, 0);
process.stdout.write(
  `${JSON.stringify({
    events,
    elapsedMs,
    maxRssKb: process.resourceUsage().maxRSS,
    causalityViolations: analysis.metrics.run.causalityViolations,
    warnings: analysis.warnings.length,
  })}\n`,
);
