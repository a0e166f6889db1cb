// Benchmark of `clocklab analyze` (npm run bench:analyze): generates a 10-million-event run (core
// Machine + Router in a loop, see generateRun.ts), analyses it in a child process, and reports
// events per second and peak memory (maxRSS) into the "## analyze" section of BENCHMARKS.md.
// Targets: >= 500,000 events/s and < 300 MB peak. Flags: --events N, --keep (keep the run dir).
import { execFileSync } from "node:child_process";
import { existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generateRun } from "./generateRun.ts";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";

const args = process.argv.slice(2);
const eventsFlag = args.indexOf("--events");
const events = eventsFlag >= 0 ? Number(args[eventsFlag + 1]) : 10_000_000;
const keep = args.includes("--keep");
const speeds = [2, 5, 6];
const dir = join(tmpdir(), `clocklab-bench-analyze-${events}`);
const marker = join(dir, "generated.ok");

if (!existsSync(marker)) {
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  process.stdout.write(`generating ${events.toLocaleString("en")} events into ${dir} ...\n`);
  generateRun({ dir, events, speeds, seed: 42, vectorClocks: true });
  writeFileSync(marker, "");
  process.stdout.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
const bytes = ["m1", "m2", "m3", "router"].reduce(
  (sum, f) => sum + statSync(join(dir, `${f}.jsonl`)).size,
  0,
);

const child = join(import.meta.dirname, "analyzeChild.ts");
const loadBefore = loadavg()[0]!;
const output = execFileSync(process.execPath, ["--import", "tsx", child, dir], { encoding: "utf8" });
const result = JSON.parse(output.trim().split("\n").pop()!) as {
  events: number;
  elapsedMs: number;
  maxRssKb: number;
  causalityViolations: number;
};
if (!keep) rmSync(dir, { recursive: true, force: true });

const eventsPerS = result.events / (result.elapsedMs / 1000);
const peakMb = result.maxRssKb / 1024;
const pass = (ok: boolean) => (ok ? "ok" : "MISSED");
const section = [
  "## analyze",
  "",
  "`npm run bench:analyze`: a generated run (3 machines at 2, 5 and 6 ticks/s, vector clocks on,",
  "router.jsonl present) analysed in a child process by `analyzeRun` (streaming, one pass).",
  "",
  "| measure | value | target |",
  "|---|---|---|",
  `| events analysed | ${result.events.toLocaleString("en")} (${(bytes / 1e9).toFixed(2)} GB of logs) | 10,000,000 |`,
  `| time | ${(result.elapsedMs / 1000).toFixed(1)} s | |`,
  `| events per second | ${Math.round(eventsPerS).toLocaleString("en")} | >= 500,000 (${pass(eventsPerS >= 500_000)}) |`,
  `| peak memory (maxRSS of the child) | ${peakMb.toFixed(0)} MB | < 300 MB (${pass(peakMb < 300)}) |`,
  `| causality violations found | ${result.causalityViolations} | 0 |`,
  "",
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}; ` +
    `1-minute load average ${loadBefore.toFixed(1)} before and ${loadavg()[0]!.toFixed(1)} after (other work on the host slows it).`,
  "",
].join("\n");

// The section body without its heading; the dated notes in bench/lib/notes/analyze.md follow it.
writeBenchmarkSection(
  "analyze",
  `${section.replace(/^## analyze\n/, "").trimEnd()}${sectionNotes("analyze")}`,
);
process.stdout.write(`${section}\nwritten to BENCHMARKS.md\n`);
