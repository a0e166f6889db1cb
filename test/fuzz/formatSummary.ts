// A fuzz run's summary as text: cases by category, error codes seen, crashes, stalls, good
// messages sent and delivered, router memory, and the first unexpected answers with their bytes.
import type { FuzzSummary } from "./runFuzz.ts";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function table(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `    ${name.padEnd(20)} ${count}`)
    .join("\n");
}

export function formatSummary(summary: FuzzSummary): string {
  const lines = [
    `fuzz summary (seed ${summary.seed}, ${(summary.durationMs / 1000).toFixed(1)} s)`,
    `  cases run: ${summary.cases}`,
    table(summary.byCategory),
    "  answers (error codes seen):",
    table(summary.codes),
    `  crashes: ${summary.crashes}`,
    `  stalls: ${summary.stalls} (slowest case ${summary.maxCaseMs.toFixed(0)} ms)`,
    `  unexpected answers: ${summary.mismatches.length}`,
    `  good messages: ${summary.good.sent} deliveries sent, ${summary.good.delivered} delivered in order ` +
      `(slowest ${summary.good.maxLatencyMs.toFixed(0)} ms)`,
    `  router: ${summary.router.alive ? "alive" : "NOT ALIVE"}, RSS before ${mib(summary.router.rssBeforeBytes)}, ` +
      `after ${mib(summary.router.rssAfterBytes)}, peak ${mib(summary.router.peakBytes)}`,
  ];
  for (const problem of summary.good.problems.slice(0, 10)) lines.push(`  good traffic problem: ${problem}`);
  for (const m of summary.mismatches.slice(0, 20)) {
    lines.push(`  case ${m.index} (${m.category}): ${m.problem}; bytes ${m.hex}`);
  }
  if (summary.mismatches.length > 0) {
    lines.push(`  replay: npx tsx scripts/fuzz.ts --seed ${summary.seed} --case <index>`);
  }
  if (summary.crashes > 0) lines.push(`  router output (tail):\n${summary.router.tail.slice(-3000)}`);
  return `${lines.join("\n")}\n`;
}
