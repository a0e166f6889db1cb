// The cost of faults (issue 13), npm run bench:faults. In one run, in interleaved rounds (the
// machine is shared and noisy: ratios within a round count, medians over rounds): whole
// `clocklab simulate` processes with and without faults at 3 and 1,000 machines (events/s, goal
// faulted >= 0.8x plain); the live router's deliveries/s with a 1 ms latency fault against none;
// and, at 1,000 deliveries/s with that fault, the lateness of held deliveries (router.jsonl: the
// routed line's `at` minus the held line's `dueAt`; goal p99 <= 2 ms). A missed goal gets a
// `node --cpu-prof` summary. Appends or rewrites "## faults" in BENCHMARKS.md.
// Flags: --rounds R (3), --measure-s S (5), --warmup-s S (1), --no-profile.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { openFaultRouter } from "./lib/faultRouter.ts";
import { heldLateness } from "./lib/heldLateness.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { measureLatency, measureThroughput } from "./lib/measureRelay.ts";
import { startTsChild } from "./lib/processes.ts";
import { processCpuSeconds } from "./lib/processTree.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import { runSimulate, type SimMeasurement } from "./lib/simProcess.ts";
import { distribution } from "./lib/stats.ts";
import { fixed, markdownTable, ratio, verdict, whole } from "./lib/table.ts";

const args = process.argv.slice(2);
const numberFlag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const rounds = numberFlag("rounds", 3);
const measureMs = numberFlag("measure-s", 5) * 1000;
const warmupMs = numberFlag("warmup-s", 1) * 1000;
const profile = !args.includes("--no-profile");

const SIM_FAULTS = ["loss 5%", "latency exponential 5ms", "partition one at 10s for 5s"];
const ROUTER_FAULTS = ["latency 1ms"];
const GOAL_SIM_RATIO = 0.8;
const GOAL_P99_LATENESS_MS = 2;
const LATENESS_RATE_PER_S = 1000;
const WINDOW_FRAMES = 1000;
const SIMULATIONS = [
  { name: "3 machines, d10", args: "--speeds 2,4,6 --duration 25000" },
  {
    name: "1,000 machines, DIRECT",
    args: "--machines 1000 --duration 60 --actions sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7",
  },
];
const simArgs = (base: string, faulted: boolean) => [
  ...`${base} --seed 1 --yes --quiet --no-report`.split(" "),
  ...(faulted ? SIM_FAULTS.flatMap((fault) => ["--fault", fault]) : []),
];
const quoted = (faults: readonly string[]) => `\`${faults.map((fault) => `--fault '${fault}'`).join(" ")}\``;

const workDir = mkdtempSync(join(tmpdir(), "clocklab-bench-faults-"));
const loadAtStart = loadAverage();
const sims = new Map<string, SimMeasurement[]>();
const routerRates = new Map<string, number[]>();
const routerPerCpuS = new Map<string, number[]>();
const oneWayUs = new Map<string, number[]>();
const latenessMs: number[] = [];
const timerFloorMs: number[] = [];
let unrouted = 0;
const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor((s.length - 1) / 2)]!;
};
const push = <T>(map: Map<string, T[]>, key: string, value: T) =>
  map.set(key, [...(map.get(key) ?? []), value]);

async function simRound(round: number): Promise<void> {
  for (const sim of SIMULATIONS) {
    for (const faulted of [false, true]) {
      const key = `${sim.name}|${faulted}`;
      const name = `sim-${round}-${SIMULATIONS.indexOf(sim)}-${faulted ? "faults" : "plain"}`;
      const m = await runSimulate(simArgs(sim.args, faulted), workDir, name);
      push(sims, key, m);
      rmSync(join(workDir, name), { recursive: true, force: true });
      const label = `${sim.name}, ${faulted ? "faults" : "no faults"}`;
      process.stdout.write(`  ${label}: ${whole(m.events / m.wallS)} events/s, ${fixed(m.cpuS, 1)} CPU s\n`);
    }
  }
}

async function routerRound(): Promise<void> {
  for (const faults of [[], ROUTER_FAULTS]) {
    const key = faults.length === 0 ? "no faults" : faults.join(", ");
    const session = await openFaultRouter(workDir, faults, "SEND_FIRST");
    try {
      const cpu = () => processCpuSeconds(session.pid);
      const r = await measureThroughput(session.harness, WINDOW_FRAMES, warmupMs, measureMs, cpu);
      push(routerRates, key, r.deliveriesPerSecond);
      push(routerPerCpuS, key, r.deliveries / r.relayCpuSeconds);
      process.stdout.write(`  router, ${key}: ${whole(r.deliveriesPerSecond)} deliveries/s\n`);
    } finally {
      await session.stop();
    }
    const steady = await openFaultRouter(workDir, faults, "SEND_FIRST");
    try {
      const r = await measureLatency(steady.harness, LATENESS_RATE_PER_S, warmupMs, measureMs);
      oneWayUs.set(key, [...(oneWayUs.get(key) ?? []), ...r.samplesUs]);
    } finally {
      await steady.stop();
    }
    if (faults.length > 0) {
      const held = heldLateness(steady.routerJsonlPath, warmupMs);
      latenessMs.push(...held.latenessMs);
      unrouted += held.unrouted;
      const d = distribution(held.latenessMs);
      process.stdout.write(
        `  lateness of held deliveries: p50 ${fixed(d.p50, 3)} ms, p99 ${fixed(d.p99, 3)} ms\n`,
      );
      const floor = await timerFloor();
      timerFloorMs.push(...floor);
      const f = distribution(floor);
      process.stdout.write(`  bare timer floor: p50 ${fixed(f.p50, 3)} ms, p99 ${fixed(f.p99, 3)} ms\n`);
    }
  }
}

/** The lateness of a bare process's 1 ms timers at the same rate (lib/timerFloor.ts). */
async function timerFloor(): Promise<number[]> {
  const script = join(import.meta.dirname, "lib", "timerFloor.ts");
  const flags = ["--rate-per-s", String(LATENESS_RATE_PER_S), "--delay-ms", "1"];
  flags.push("--warmup-ms", String(warmupMs), "--measure-ms", String(measureMs));
  const child = startTsChild(script, flags, "timer floor");
  const code = await child.exited;
  const line = child.lines.find((text) => text.startsWith("{"));
  if (code !== 0 || line === undefined) throw new Error(`the timer floor process failed (exit ${code})`);
  return (JSON.parse(line) as { latenessMs: number[] }).latenessMs;
}

/** The top self-time functions of the busiest profile written into `dir`. */
function hotspots(dir: string): string[] {
  const files = readdirSync(dir).map((name) => join(dir, name));
  const main = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (main === undefined) return [];
  const { entries, idleShare } = summarizeProfile(main, 12);
  const top = entries.map((e) => `${fixed(e.selfShare * 100, 1)}% ${e.name}`);
  return [`idle ${fixed(idleShare * 100, 0)}% of samples; of the busy ones:`, ...top];
}

async function profileSim(base: string): Promise<string[]> {
  const dir = mkdtempSync(join(workDir, "profile-"));
  const name = `profiled-${dir.slice(-6)}`;
  await runSimulate(simArgs(base, true), workDir, name, ["--cpu-prof", "--cpu-prof-dir", dir]);
  return hotspots(dir);
}

async function profileLateness(): Promise<string[]> {
  const dir = mkdtempSync(join(workDir, "profile-"));
  const session = await openFaultRouter(workDir, ROUTER_FAULTS, "SEND_FIRST", [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
  ]);
  try {
    await measureLatency(session.harness, LATENESS_RATE_PER_S, warmupMs, measureMs);
  } finally {
    await session.stop();
  }
  return hotspots(dir);
}

try {
  for (let round = 1; round <= rounds; round++) {
    process.stdout.write(`round ${round} of ${rounds} (load ${loadAverage()})\n`);
    await simRound(round);
    await routerRound();
  }
  const simRows: string[][] = [];
  const goalRows: string[][] = [];
  const profiles: string[] = [];
  for (const sim of SIMULATIONS) {
    const plain = sims.get(`${sim.name}|false`)!;
    const faulted = sims.get(`${sim.name}|true`)!;
    const wallRatio = median(plain.map((p, i) => p.wallS / faulted[i]!.wallS));
    const cpuRatio = median(plain.map((p, i) => p.cpuS / faulted[i]!.cpuS));
    const rate = (ms: SimMeasurement[], s: "wallS" | "cpuS") => whole(median(ms.map((m) => m.events / m[s])));
    simRows.push([
      sim.name,
      whole(plain[0]!.events),
      rate(plain, "wallS"),
      rate(faulted, "wallS"),
      ratio(wallRatio),
      rate(plain, "cpuS"),
      rate(faulted, "cpuS"),
      ratio(cpuRatio),
    ]);
    const met = wallRatio >= GOAL_SIM_RATIO;
    const by = met ? "" : ` (short by ${fixed((GOAL_SIM_RATIO - wallRatio) * 100, 0)} points)`;
    goalRows.push([
      `simulate ${sim.name}: faulted / plain events/s`,
      ratio(wallRatio),
      ">= 0.80x",
      verdict(met) + by,
    ]);
    if (!met && profile) {
      process.stdout.write(`profiling ${sim.name} with faults ...\n`);
      const lines = await profileSim(sim.args);
      profiles.push(
        `\`${sim.name}\` with faults, under \`node --cpu-prof\`:`,
        "",
        ...lines.map((l) => `- ${l}`),
        "",
      );
    }
  }
  const lateness = distribution(latenessMs);
  const floor = distribution(timerFloorMs);
  const latenessMet = lateness.p99 <= GOAL_P99_LATENESS_MS;
  const overBy = latenessMet ? "" : ` (over by ${fixed(lateness.p99 - GOAL_P99_LATENESS_MS, 2)} ms)`;
  goalRows.push([
    `lateness of held deliveries at ${whole(LATENESS_RATE_PER_S)}/s, p99`,
    `${fixed(lateness.p99, 3)} ms`,
    `<= ${GOAL_P99_LATENESS_MS} ms`,
    verdict(latenessMet) + overBy,
  ]);
  if (!latenessMet && profile) {
    process.stdout.write("profiling the router at 1,000 deliveries/s with a latency fault ...\n");
    const lines = await profileLateness();
    profiles.push("The router with `latency 1ms` at 1,000 deliveries/s, under `node --cpu-prof`:", "");
    profiles.push(...lines.map((l) => `- ${l}`), "");
  }
  const routerRows = ["no faults", ROUTER_FAULTS.join(", ")].map((key) => {
    const d = distribution(oneWayUs.get(key) ?? []);
    const vsPlain = median(routerRates.get(key)!) / median(routerRates.get("no faults")!);
    return [
      key,
      whole(median(routerRates.get(key)!)),
      ratio(vsPlain),
      whole(median(routerPerCpuS.get(key)!)),
      fixed(d.p50, 0),
      fixed(d.p99, 0),
    ];
  });
  const body = [
    "`npm run bench:faults` (bench/faults.bench.ts). One run, " +
      `${rounds} interleaved rounds (each round: every simulation, then every router session); medians over rounds,`,
    "and ratios taken within a round (the machine is shared and noisy: compare ratios, not absolute figures).",
    "",
    "Simulation: whole processes, one at a time, exactly these commands (`--log-dir` and `--name` added; JSONL",
    "logs written to the local disk as a user's run writes them). Wall = the process from spawn to exit (start-up,",
    "run.json and the final files included); CPU = user + system time the kernel charged to the process. Events =",
    "run.json's `sim.totals.events` (one per machine tick: faulted and plain runs tick alike).",
    "",
    ...SIMULATIONS.flatMap((sim) => [
      `- ${sim.name}, plain: \`node bin/clocklab.js simulate ${simArgs(sim.args, false).join(" ")}\``,
      `- ${sim.name}, faults: the same plus ${quoted(SIM_FAULTS)}`,
    ]),
    "",
    markdownTable(
      [
        "simulation",
        "events",
        "plain events/s (wall)",
        "faulted events/s (wall)",
        "faulted / plain (wall)",
        "plain events/s (CPU)",
        "faulted events/s (CPU)",
        "faulted / plain (CPU)",
      ],
      simRows,
    ),
    "",
    "Live router: the clocklab router in its own process (bench/lib/routerServer.ts: `startTcpRouter`, router.jsonl",
    `on), with no faults and with ${quoted(ROUTER_FAULTS)} (routerServer.ts's \`--fault\`, the CLI's shorthand turned into`,
    "`router.faults` entries); bench:router's three machines, m1 sending SEND_FIRST frames. Throughput: at most",
    `${whole(WINDOW_FRAMES)} frames in flight, counted over ${measureMs / 1000} s after ${warmupMs / 1000} s. ` +
      `One-way latency (sender to receiver, one clock): a steady ${whole(LATENESS_RATE_PER_S)} messages/s for ${measureMs / 1000} s, all rounds' samples.`,
    "",
    markdownTable(
      [
        "router",
        "deliveries/s",
        "vs no faults",
        "deliveries per router CPU-s",
        "one-way p50 µs",
        "one-way p99 µs",
      ],
      routerRows,
    ),
    "",
    `Lateness of held deliveries with ${quoted(ROUTER_FAULTS)} at ${whole(LATENESS_RATE_PER_S)} deliveries/s (the one-way`,
    "latency sessions above): each `held` line's `dueAt` against the `routed` line of the same delivery (`at`, when",
    `the router's wake-up sent it), after the first ${warmupMs / 1000} s of each session: ${whole(lateness.count)} held deliveries, ` +
      `${whole(unrouted)} without a routed line; p50 ${fixed(lateness.p50, 3)} ms, p99 ${fixed(lateness.p99, 3)} ms, max ${fixed(lateness.max, 2)} ms.`,
    "",
    "The floor under it on this host: a bare Node process (bench/lib/timerFloor.ts) with the same arrivals and the",
    "same timer (src/runtime/wakeTimer.ts, one delivery due 1 ms after each arrival), run after each router session:",
    `p50 ${fixed(floor.p50, 3)} ms, p99 ${fixed(floor.p99, 3)} ms, max ${fixed(floor.max, 2)} ms (${whole(floor.count)} wake-ups).`,
    "",
    markdownTable(["goal", "measured", "target", "verdict"], goalRows),
    "",
    ...(profiles.length > 0
      ? ["Where the time goes where a goal is missed (self time, top functions):", "", ...profiles]
      : []),
    `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start,`,
    `${loadAverage()} at the end.`,
  ].join("\n");
  process.stdout.write(`\n${body}\n`);
  writeBenchmarkSection("faults", body + sectionNotes("faults"));
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
