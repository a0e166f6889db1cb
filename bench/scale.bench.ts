// Scale (issue 7), npm run bench:scale: live runs (`clocklab run`) of increasing size, several
// machines per process, speeds 1-6 ticks/s, DIRECT sends to random machines; for each, from the
// logs: p99 tick lateness over all machines and the message accounting (nothing may be lost),
// plus router and client CPU from /proc. A size passes with p99 lateness <= 10 ms and no lost
// message. Prints a table and rewrites "## scale" in BENCHMARKS.md.
// Flags: --sizes 100,250,500,1000 --duration S (20) --machines-per-process K (0: launcher default)
// --keep (keep the logs).

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { liveRun } from "./lib/liveRun.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { analyzeRunDir } from "./lib/runLogs.ts";
import { distribution } from "./lib/stats.ts";
import { fixed, markdownTable, whole } from "./lib/table.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const sizes = flag("sizes", "100,250,500,1000").split(",").map(Number);
const durationS = Number(flag("duration", "20"));
const machinesPerProcess = Number(flag("machines-per-process", "0"));
const keep = args.includes("--keep");
const ACTIONS = "sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7";
const GOAL_P99_LATENESS_MS = 10;
const GOAL_MACHINES = 1000;

const logDir = mkdtempSync(join(tmpdir(), "clocklab-bench-scale-"));
const rows: string[][] = [];
let largestPassing = 0;
const loadAtStart = loadAverage();

try {
  for (const machines of sizes) {
    const flags = [
      "--machines",
      String(machines),
      "--speed-min",
      "1",
      "--speed-max",
      "6",
      "--actions",
      ACTIONS,
    ];
    flags.push("--machines-per-process", String(machinesPerProcess));
    process.stdout.write(`scale: ${machines} machines for ${durationS} s ...\n`);
    const run = await liveRun({ name: `scale-${machines}`, logDir, durationS, flags });
    const analysis = analyzeRunDir(run.runDir);
    const lateness = distribution(concat(analysis.machines.map((m) => m.latenessMs)));
    const ticks = analysis.machines.reduce((sum, m) => sum + m.events, 0);
    const ticksExpected = analysis.machines.reduce((sum, m) => sum + m.ticksExpected, 0);
    const m = analysis.messages;
    const lost = m.lostDeliveries + m.lostBeforeRouter;
    const pass = run.exitCode === 0 && lateness.p99 <= GOAL_P99_LATENESS_MS && lost === 0;
    if (pass && machines > largestPassing) largestPassing = machines;
    const drops = Object.entries(m.droppedByReason).map(([reason, count]) => `${count} ${reason}`);
    if (run.exitCode !== 0)
      process.stdout.write(`  clocklab run exited with ${run.exitCode}: ${run.stderr.slice(-2000)}\n`);
    const cpu = (usage: { cpuSeconds: number } | null) =>
      usage === null
        ? "n/a"
        : `${fixed(usage.cpuSeconds, 1)} (${fixed((usage.cpuSeconds / durationS) * 100, 0)}%)`;
    rows.push([
      whole(machines),
      String(run.clients.length),
      `${whole(ticks)} / ${whole(ticksExpected)}`,
      fixed(lateness.p50, 2),
      fixed(lateness.p99, 2),
      fixed(lateness.max, 1),
      whole(m.sent),
      whole(m.routed),
      whole(m.received),
      whole(m.queued),
      drops.length === 0 ? "0" : drops.join(", "),
      whole(lost),
      cpu(run.router),
      cpu({ cpuSeconds: run.clients.reduce((sum, c) => sum + c.cpuSeconds, 0) }),
      cpu(run.launcher),
      fixed(Math.max(0, ...run.clients.map((c) => c.peakRssMb)), 0),
      pass ? "pass" : "FAIL",
    ]);
    process.stdout.write(
      `  p99 lateness ${fixed(lateness.p99, 2)} ms, lost ${lost}: ${pass ? "pass" : "FAIL"}\n`,
    );
    if (!keep) rmSync(run.runDir, { recursive: true, force: true });
  }
  const table = markdownTable(
    [
      "machines",
      "client processes",
      "ticks logged / expected",
      "lateness p50 ms",
      "p99 ms",
      "max ms",
      "sent",
      "routed",
      "received",
      "queued at end",
      "dropped",
      "lost",
      "router CPU s",
      "clients CPU s",
      "launcher CPU s",
      "client peak RSS MB",
      `p99 <= ${GOAL_P99_LATENESS_MS} ms, none lost`,
    ],
    rows,
  );
  const verdict = largestPassing >= GOAL_MACHINES ? "met" : "MISSED";
  const goal =
    largestPassing > 0
      ? `Largest size that passed: ${whole(largestPassing)} machines (goal ${whole(GOAL_MACHINES)}: ${verdict}).`
      : `No size run here passed (goal ${whole(GOAL_MACHINES)} machines: ${verdict}).`;
  process.stdout.write(`\n${table}\n\n${goal}\n`);
  const command = `clocklab run --machines N --speed-min 1 --speed-max 6 --actions ${ACTIONS} --duration ${durationS} --machines-per-process ${machinesPerProcess}`;
  writeBenchmarkSection(
    "scale",
    [
      `\`npm run bench:scale\` (bench/scale.bench.ts): live runs \`${command}\``,
      `for N in ${sizes.join(", ")} (machines-per-process 0 = the launcher's default: one process each up to 16`,
      `machines, above that two processes per core: ${2 * availableParallelism()} on this host). Lateness of tick k = trueTime - (t0 + k * 1000 / speed), over every`,
      "event of every machine. Lost = routed deliveries neither received nor queued at the end (from",
      "<id>.final.json), plus sends the router never logged. CPU from /proc over the whole run (start-up",
      `included), in CPU seconds and as % of one core over the ${durationS} s run; the launcher is the \`clocklab run\``,
      "process itself (progress display, status relay, final summary).",
      "",
      table,
      "",
      goal,
      "",
      `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (shared machine).`,
    ].join("\n") + sectionNotes("scale"),
  );
} finally {
  if (keep) process.stdout.write(`logs kept in ${logDir}\n`);
  else rmSync(logDir, { recursive: true, force: true });
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
