// npm run bench:sim: `clocklab simulate` speed and memory. Each scenario runs in its own child
// process (this file with --scenario NAME), through the same code path as the CLI command
// (runSimulation: real run directory, real JSONL files on disk), and reports events, wall and CPU
// time and peak memory. Rewrites the "## simulate" section of BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigInput, configSchema } from "../src/core/config.ts";
import { runSimulation } from "../src/runtime/simulate/runSimulation.ts";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { startChild } from "./lib/processes.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import { fixed, markdownTable, verdict, whole } from "./lib/table.ts";

const DIRECT = { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 3, internal: 7 };

interface Scenario {
  name: string;
  /** The equivalent command line, for the record. */
  command: string;
  config: ConfigInput;
  goal: { eventsPerSecond?: number; wallS?: number; peakMb?: number };
}

const SCENARIOS: Scenario[] = [
  {
    name: "3 machines, d10, logging off",
    command: "clocklab simulate --speeds 2,4,6 --duration 1000000 --set sim.logging=false",
    config: {
      run: { machines: 3, durationS: 1_000_000 },
      machine: { speeds: [2, 4, 6] },
      sim: { logging: false },
    },
    goal: { eventsPerSecond: 2_000_000 },
  },
  {
    name: "1,000 machines, DIRECT, 1 virtual hour, logging off",
    command:
      "clocklab simulate --machines 1000 --duration 3600 --actions sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7 --set sim.logging=false",
    config: {
      run: { machines: 1000, durationS: 3600 },
      machine: { actions: DIRECT },
      sim: { logging: false },
    },
    goal: { eventsPerSecond: 2_000_000 },
  },
  {
    name: "3 machines, d10, JSONL logs",
    command: "clocklab simulate --speeds 2,4,6 --duration 250000",
    config: { run: { machines: 3, durationS: 250_000 }, machine: { speeds: [2, 4, 6] } },
    goal: { eventsPerSecond: 500_000 },
  },
  {
    name: "1,000 machines, DIRECT, 1 virtual hour, JSONL logs",
    command:
      "clocklab simulate --machines 1000 --duration 3600 --actions sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7",
    config: { run: { machines: 1000, durationS: 3600 }, machine: { actions: DIRECT } },
    goal: { eventsPerSecond: 500_000, wallS: 30, peakMb: 500 },
  },
];

interface Measurement {
  events: number;
  wallS: number;
  cpuS: number;
  peakMb: number;
  logBytes: number;
}

async function child(index: number): Promise<void> {
  const scenario = SCENARIOS[index]!;
  const logDir = process.argv[process.argv.indexOf("--log-dir") + 1]!;
  const durationArg = process.argv.indexOf("--duration");
  const durationS = durationArg >= 0 ? Number(process.argv[durationArg + 1]) : scenario.config.run?.durationS;
  const config = configSchema.parse({
    ...scenario.config,
    run: { ...scenario.config.run, durationS, seed: 1, name: "bench", logDir },
  });
  const cpu0 = process.cpuUsage();
  const startedMs = performance.now();
  const outcome = await runSimulation(config, { yes: true });
  const wallS = (performance.now() - startedMs) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const measurement: Measurement = {
    events: outcome.result.totals.events,
    wallS,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakMb: process.resourceUsage().maxRSS / 1024,
    logBytes: Number(execFileSync("du", ["-sb", outcome.runDir], { encoding: "utf8" }).split("\t")[0]),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

/** Runs a scenario for `durationS` under --cpu-prof and lists where its CPU time went. */
async function profile(index: number, durationS: number): Promise<string[]> {
  const logDir = mkdtempSync(join(tmpdir(), "clocklab-bench-sim-"));
  const profileDir = mkdtempSync(join(tmpdir(), "clocklab-bench-sim-profile-"));
  try {
    const args = ["--cpu-prof", "--cpu-prof-dir", profileDir, "--import", "tsx", import.meta.filename];
    args.push("--scenario", String(index), "--log-dir", logDir, "--duration", String(durationS));
    const code = await startChild(process.execPath, args, "profile").exited;
    if (code !== 0) throw new Error(`the profiled run failed (exit ${code})`);
    // The largest profile is the main thread's (tsx's loader thread writes a small one too).
    const files = readdirSync(profileDir).map((name) => join(profileDir, name));
    const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    const { entries } = summarizeProfile(main, 14);
    return entries.map((entry) => `${fixed(entry.selfShare * 100, 1)}% ${entry.name}`);
  } finally {
    rmSync(logDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const rows: string[][] = [];
  const goals: string[][] = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    const logDir = mkdtempSync(join(tmpdir(), "clocklab-bench-sim-"));
    try {
      process.stdout.write(`${scenario.name} ...\n`);
      const run = startChild(
        process.execPath,
        ["--import", "tsx", import.meta.filename, "--scenario", String(index), "--log-dir", logDir],
        scenario.name,
      );
      const code = await run.exited;
      const line = run.lines.find((text) => text.startsWith("{"));
      if (code !== 0 || line === undefined)
        throw new Error(`${scenario.name}: the child failed (exit ${code})`);
      const m = JSON.parse(line) as Measurement;
      const rate = m.events / m.wallS;
      rows.push([
        scenario.name,
        whole(m.events),
        fixed(m.wallS, 1),
        whole(rate),
        fixed(m.cpuS, 1),
        whole(m.events / m.cpuS),
        whole(m.peakMb),
        m.logBytes > 1e6 ? `${fixed(m.logBytes / 1e9, 2)} GB` : "-",
      ]);
      process.stdout.write(`  ${whole(m.events)} events in ${fixed(m.wallS, 1)} s = ${whole(rate)}/s\n`);
      const { eventsPerSecond, wallS, peakMb } = scenario.goal;
      if (eventsPerSecond !== undefined) {
        goals.push([
          scenario.name,
          "events/s",
          whole(rate),
          `>= ${whole(eventsPerSecond)}`,
          verdict(rate >= eventsPerSecond),
        ]);
      }
      if (wallS !== undefined) {
        goals.push([
          scenario.name,
          "wall time",
          `${fixed(m.wallS, 1)} s`,
          `< ${wallS} s`,
          verdict(m.wallS < wallS),
        ]);
      }
      if (peakMb !== undefined) {
        goals.push([
          scenario.name,
          "peak memory",
          `${whole(m.peakMb)} MB`,
          `< ${peakMb} MB`,
          verdict(m.peakMb < peakMb),
        ]);
      }
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  }
  const profiled = SCENARIOS.length - 1;
  process.stdout.write("profiling ...\n");
  const hotspots = await profile(profiled, 600);
  const body = [
    "`npm run bench:sim` (bench/sim.bench.ts). Each scenario is one child process running the",
    "`clocklab simulate` code path (`runSimulation`: run directory, run.json, JSONL logs on the local",
    "disk, final files), seed 1, progress off. Events are machine events (log lines of the machines).",
    "The 1,000-machine scenarios use the DIRECT die (`--actions sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7`):",
    "with the default d10 every machine would SEND_FIRST to m1 and each broadcast would be 999 deliveries.",
    "Speeds are drawn from the seed (1-6 ticks/s) unless given.",
    "",
    "Commands (each also with `--seed 1 --yes --quiet`):",
    "",
    ...SCENARIOS.map((scenario) => `- ${scenario.name}: \`${scenario.command}\``),
    "",
    markdownTable(
      ["scenario", "events", "wall s", "events/s (wall)", "CPU s", "events/s (CPU)", "peak RSS MB", "logs"],
      rows,
    ),
    "",
    markdownTable(["scenario", "goal", "measured", "target", "verdict"], goals),
    "",
    `Where the time goes: self time of \`${SCENARIOS[profiled]!.name}\` for 600 virtual s under \`node --cpu-prof\``,
    "(top functions, shares of busy samples). Encoding and writing the JSONL lines (encodeEventLine and its helpers;",
    "writeBuffer is the write system call) take about as much as the model itself (core Machine and Router, the",
    "simulated network, tick groups); open and writeFileUtf8 are the fixed cost of creating the 1,000 log files and",
    "writing the final files, which a full hour spreads thinner:",
    "",
    ...hotspots.map((line) => `- ${line}`),
    "",
    `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadBefore} before and ${loadAverage()} after`,
    "(the machine is shared with other work: wall-clock rates fall with the load; CPU-time rates show the cost).",
  ].join("\n");
  writeBenchmarkSection("simulate", body + sectionNotes("simulate"));
  process.stdout.write(`\n${body}\n`);
}

const scenarioIndex = process.argv.indexOf("--scenario");
if (scenarioIndex >= 0) await child(Number(process.argv[scenarioIndex + 1]));
else await main();
