// Tick fidelity (issue 7), npm run bench:ticks: one live run (`clocklab run`, router + one process
// per machine) with machines at 6 and 60 ticks/s for 30 s, internal events only, then from the
// logs: achieved rate, cumulative drift and lateness against the absolute schedule; from /proc, the
// CPU of each machine's process while it ticks (an idle machine: internal events only). Prints a
// table and rewrites "## ticks" in BENCHMARKS.md. Flags: --duration S (30), --keep (keep the logs).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { liveRun } from "./lib/liveRun.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { cpuShareBetween } from "./lib/processTree.ts";
import { analyzeRunDir } from "./lib/runLogs.ts";
import { distribution } from "./lib/stats.ts";
import { fixed, markdownTable, verdict, whole } from "./lib/table.ts";

const args = process.argv.slice(2);
const durationIndex = args.indexOf("--duration");
const durationS = durationIndex >= 0 ? Number(args[durationIndex + 1]) : 30;
const keep = args.includes("--keep");
const SPEEDS = [6, 60];
const GOAL_RATE_ERROR_PERCENT = 0.05;
const GOAL_DRIFT_MS = 2;
const GOAL_P99_LATENESS_MS = 1;
const GOAL_CPU_PERCENT = 2;
/** CPU is taken from this long after t0 (start-up done) to this long before the end. */
const CPU_SETTLE_MS = 2000;

const loadAtStart = loadAverage();
const logDir = mkdtempSync(join(tmpdir(), "clocklab-bench-ticks-"));
const flags = [
  ...["--machines", String(SPEEDS.length), "--speeds", SPEEDS.join(",")],
  ...["--actions", "sendFirst=0,sendSecond=0,broadcast=0,direct=0,internal=1"],
];
const command = `clocklab run --machines 2 --speeds ${SPEEDS.join(",")} --duration ${durationS} --actions ${flags.at(-1)}`;

try {
  process.stdout.write(`ticks: ${command} (${durationS} s) ...\n`);
  const run = await liveRun({ name: "ticks", logDir, durationS, flags });
  if (run.exitCode !== 0) throw new Error(`clocklab run exited with ${run.exitCode}`);
  const { machines, info } = analyzeRunDir(run.runDir);
  const t0Ms = info.t0 ?? Number.NaN;
  /** The CPU of the process that hosts machine `id` while it ticks, % of one core. */
  const cpuPercent = (id: string): number => {
    const client = run.clients.find((c) => c.label.split(" ").includes(id));
    if (client === undefined) return Number.NaN;
    return cpuShareBetween(client, t0Ms + CPU_SETTLE_MS, t0Ms + durationS * 1000 - CPU_SETTLE_MS / 2) * 100;
  };
  const rows: string[][] = [];
  const goals: string[][] = [];
  for (const m of machines) {
    const lateness = distribution(m.latenessMs);
    const rateErrorPercent = ((m.achievedTicksPerSecond - m.ticksPerSecond) / m.ticksPerSecond) * 100;
    rows.push([
      m.id,
      String(m.ticksPerSecond),
      `${whole(m.events)} / ${whole(m.ticksExpected)}`,
      fixed(m.achievedTicksPerSecond, 5),
      fixed(rateErrorPercent, 4),
      fixed(m.driftMs, 3),
      fixed(lateness.p50, 3),
      fixed(lateness.p99, 3),
      fixed(lateness.max, 3),
      fixed(cpuPercent(m.id), 2),
    ]);
    const at = `${m.ticksPerSecond} ticks/s`;
    goals.push(
      [
        `rate error, ${at}`,
        `${fixed(Math.abs(rateErrorPercent), 4)}%`,
        `<= ${GOAL_RATE_ERROR_PERCENT}%`,
        verdict(Math.abs(rateErrorPercent) <= GOAL_RATE_ERROR_PERCENT),
      ],
      [
        `cumulative drift, ${at}`,
        `${fixed(m.driftMs, 3)} ms`,
        `< ${GOAL_DRIFT_MS} ms`,
        verdict(Math.abs(m.driftMs) < GOAL_DRIFT_MS),
      ],
      [
        `p99 lateness, ${at}`,
        `${fixed(lateness.p99, 3)} ms`,
        `<= ${GOAL_P99_LATENESS_MS} ms`,
        verdict(lateness.p99 <= GOAL_P99_LATENESS_MS),
      ],
      [
        `CPU of the idle machine's process, ${at}`,
        `${fixed(cpuPercent(m.id), 2)}% of a core`,
        `< ${GOAL_CPU_PERCENT}%`,
        verdict(cpuPercent(m.id) < GOAL_CPU_PERCENT),
      ],
      [
        `ticks logged, ${at}`,
        `${whole(m.events)}`,
        `${whole(m.ticksExpected)}`,
        verdict(m.events === m.ticksExpected),
      ],
    );
  }
  const tables = [
    markdownTable(
      [
        "machine",
        "ticks/s configured",
        "ticks logged / expected",
        "achieved ticks/s",
        "rate error %",
        "drift ms",
        "lateness p50 ms",
        "p99 ms",
        "max ms",
        "process CPU % of a core",
      ],
      rows,
    ),
    "",
    markdownTable(["goal", "measured", "target", "verdict"], goals),
  ].join("\n");
  process.stdout.write(`\n${tables}\n`);
  writeBenchmarkSection(
    "ticks",
    [
      `\`npm run bench:ticks\` (bench/ticks.bench.ts): one live run, \`${command}\`: the router and one`,
      "process per machine, as `npm start` runs them. From the logs: lateness of tick k = trueTime - (t0 +",
      "k * 1000 / speed); achieved rate = (last tick - first tick) / (trueTime of last - trueTime of first);",
      "drift = lateness of the last tick (how far the schedule slipped over the run). Process CPU: the",
      "machine's `clocklab client` process, utime + stime from /proc/<pid>/stat (sampled every 500 ms) from",
      `${CPU_SETTLE_MS / 1000} s after t0 to ${CPU_SETTLE_MS / 2000} s before the end, as % of one core (internal events only: an idle machine).`,
      "",
      tables,
      "",
      `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start,`,
      `${loadAverage()} at the end (a shared machine: other work stalls the machines' processes too).`,
      "The original Python machines drifted 90 ms at 6 ticks/s and 530 ms at 60 ticks/s in 30 s.",
    ].join("\n") + sectionNotes("ticks"),
  );
} finally {
  if (keep) process.stdout.write(`logs kept in ${logDir}\n`);
  else rmSync(logDir, { recursive: true, force: true });
}
