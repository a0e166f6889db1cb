// Router throughput and latency (issues 7 and 16), npm run bench:router. Three machines on
// 127.0.0.1, m1 sending realistic frames (distinct ids, fractional sentAt, vector clocks: see
// lib/sendFrames.ts), against: the clocklab router (its own process, router.jsonl on; also with a
// no-op log, labelled), the bare relay (bareRelay.ts, the Node ceiling) and nats-server with the
// NATS client. Every relay is measured in each of several rounds, interleaved, and the median
// round counts, so the ratios compare relays under the same load. Prints the tables and rewrites
// "## router" in BENCHMARKS.md.
// Flags: --window N (frames in flight, 1000), --measure-s S (5), --warmup-s S (1), --rounds R (3),
// --no-profile (skip the extra CPU-profiled runs of the clocklab router that show where its time
// goes), --only TEXT (only the relays whose name contains TEXT; BENCHMARKS.md is then left alone),
// --router-module PATH (benchmark startTcpRouter from that module; BENCHMARKS.md is left alone),
// --profile-dir DIR (keep the profiles there), --baseline-module PATH (also benchmark startTcpRouter
// from that module, e.g. an older tree's src/runtime/tcpRouter.ts, as one more relay of the same run).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { measureLatency, measureThroughput, type ThroughputResult } from "./lib/measureRelay.ts";
import { natsHarness } from "./lib/natsHarness.ts";
import { natsServerAvailable, startNatsServer } from "./lib/natsServer.ts";
import { type Child, startTsChild, stopChild, waitForJsonLine } from "./lib/processes.ts";
import { processCpuSeconds } from "./lib/processTree.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import type { MessageKind, RelayHarness } from "./lib/relayHarness.ts";
import { distribution } from "./lib/stats.ts";
import { fixed, markdownTable, ratio, verdict, whole } from "./lib/table.ts";
import { tcpHarness } from "./lib/tcpHarness.ts";

const args = process.argv.slice(2);
const numberFlag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const windowFrames = numberFlag("window", 1000);
const measureMs = numberFlag("measure-s", 5) * 1000;
const warmupMs = numberFlag("warmup-s", 1) * 1000;
const rounds = numberFlag("rounds", 3);
const profile = !args.includes("--no-profile");
const routerModuleIndex = args.indexOf("--router-module");
const routerModule = routerModuleIndex >= 0 ? args[routerModuleIndex + 1]! : "";
const baselineIndex = args.indexOf("--baseline-module");
const baselineModule = baselineIndex >= 0 ? args[baselineIndex + 1]! : "";
const LATENCY_RATE_PER_S = 1000;
const KINDS: MessageKind[] = ["SEND_FIRST", "BROADCAST"];

type Phase = "throughput" | "latency" | "profile";
interface Session {
  harness: RelayHarness;
  /** The relay's process (for its CPU time). */
  pid: number;
  /** Stops the relay; returns a note (e.g. the clocklab router's routed/dropped counts). */
  stop(): Promise<string>;
}
interface System {
  name: string;
  open(kind: MessageKind, phase: Phase): Promise<Session>;
}

const loadAtStart = loadAverage();
const workDir = mkdtempSync(join(tmpdir(), "clocklab-bench-router-"));
const profileDirIndex = args.indexOf("--profile-dir");
const profileDir = profileDirIndex >= 0 ? args[profileDirIndex + 1]! : join(workDir, "profiles");

async function withChild(child: Child, label: string, kind: MessageKind): Promise<Session> {
  try {
    const { port } = await waitForJsonLine<{ port: number }>(child, label);
    const harness = await tcpHarness(port, kind);
    return {
      harness,
      pid: child.pid,
      async stop() {
        await harness.close();
        await stopChild(child);
        return child.lines.filter((line) => line.includes('"routed"')).join(" ");
      },
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

function clocklabRouter(logMode: "file" | "none", module = routerModule): System {
  const baseline = module !== routerModule ? ", baseline module" : "";
  return {
    name: (logMode === "file" ? "clocklab router" : "clocklab router, no-op log sink") + baseline,
    open(kind, phase) {
      const runDir = mkdtempSync(join(workDir, "run-"));
      const dir = join(profileDir, baseline === "" ? kind : `baseline-${kind}`);
      const nodeFlags = phase === "profile" ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
      const script = join(import.meta.dirname, "lib", "routerServer.ts");
      const routerArgs = ["--expect", "3", "--log", logMode, "--dir", runDir];
      if (module !== "") routerArgs.push("--router-module", module);
      const child = startTsChild(script, routerArgs, "router", nodeFlags);
      return withChild(child, "clocklab router", kind);
    },
  };
}

function bare(writes: "frame" | "chunk"): System {
  return {
    name: writes === "frame" ? "bare relay (write per frame)" : "bare relay, batched (write per chunk)",
    open(kind) {
      const fanout = kind === "BROADCAST" ? "all" : "first";
      const script = join(import.meta.dirname, "bareRelay.ts");
      const relayArgs = ["--expect", "3", "--fanout", fanout, "--writes", writes];
      return withChild(startTsChild(script, relayArgs, "bare relay"), "bare relay", kind);
    },
  };
}
const bareRelay = bare("frame");

const nats: System = {
  name: "nats-server 2.9 + NATS client",
  async open(kind) {
    const server = await startNatsServer();
    try {
      const harness = await natsHarness(server.port, kind);
      return {
        harness,
        pid: server.child.pid,
        async stop() {
          await harness.close();
          await server.stop();
          return "";
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  },
};

const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1]! : "";
const allSystems = [
  clocklabRouter("file"),
  bareRelay,
  bare("chunk"),
  ...(natsServerAvailable() ? [nats] : []),
  clocklabRouter("none"),
  ...(baselineModule !== "" ? [clocklabRouter("file", baselineModule)] : []),
];
const systems = allSystems.filter((system) => system.name.includes(only));
/** Every round's result, per "<system>|<kind>". */
const throughput = new Map<string, ThroughputResult[]>();
const latencySamples = new Map<string, number[]>();

async function session<T>(
  system: System,
  kind: MessageKind,
  phase: Phase,
  run: (session: Session) => Promise<T>,
) {
  const opened = await system.open(kind, phase);
  let note = "";
  try {
    return await run(opened);
  } finally {
    note = await opened.stop();
    if (note !== "") process.stdout.write(`  ${system.name} ${kind} ${phase}: ${note}\n`);
  }
}

/** The median round of a system and kind (by deliveries/s). */
function medianThroughput(system: string, kind: MessageKind): ThroughputResult | undefined {
  const results = [...(throughput.get(`${system}|${kind}`) ?? [])];
  results.sort((a, b) => a.deliveriesPerSecond - b.deliveriesPerSecond);
  return results[Math.floor((results.length - 1) / 2)];
}

try {
  for (let round = 1; round <= rounds; round++) {
    process.stdout.write(`round ${round} of ${rounds} (load ${loadAverage()})\n`);
    for (const kind of KINDS) {
      for (const system of systems) {
        const result = await session(system, kind, "throughput", (s) =>
          measureThroughput(s.harness, windowFrames, warmupMs, measureMs, () => processCpuSeconds(s.pid)),
        );
        const key = `${system.name}|${kind}`;
        throughput.set(key, [...(throughput.get(key) ?? []), result]);
        const perCpu = result.deliveries / result.relayCpuSeconds;
        process.stdout.write(
          `${kind} ${system.name}: ${whole(result.deliveriesPerSecond)} deliveries/s, ${whole(perCpu)} per CPU-second\n`,
        );
      }
    }
    for (const system of systems) {
      const result = await session(system, "SEND_FIRST", "latency", (s) =>
        measureLatency(s.harness, LATENCY_RATE_PER_S, warmupMs, measureMs),
      );
      latencySamples.set(system.name, [...(latencySamples.get(system.name) ?? []), ...result.samplesUs]);
      const d = result.latencyUs;
      process.stdout.write(`latency ${system.name}: p50 ${fixed(d.p50, 0)} us, p99 ${fixed(d.p99, 0)} us\n`);
    }
  }
  if (profile) {
    for (const kind of KINDS) {
      process.stdout.write(`profiling the clocklab router, ${kind} ...\n`);
      await session(clocklabRouter("file"), kind, "profile", (s) =>
        measureThroughput(s.harness, windowFrames, warmupMs, measureMs),
      );
      if (baselineModule !== "") {
        process.stdout.write(`profiling the baseline module, ${kind} ...\n`);
        await session(clocklabRouter("file", baselineModule), kind, "profile", (s) =>
          measureThroughput(s.harness, windowFrames, warmupMs, measureMs),
        );
      }
    }
  }
  report(profile ? profileText() : "");
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

function report(profileNotes: string): void {
  const natsName = nats.name;
  const perSecond = (system: string, kind: MessageKind) =>
    medianThroughput(system, kind)?.deliveriesPerSecond ?? Number.NaN;
  const perCpuSecond = (system: string, kind: MessageKind) => {
    const result = medianThroughput(system, kind);
    return result === undefined ? Number.NaN : result.deliveries / result.relayCpuSeconds;
  };
  const throughputRows = systems.map((system) => {
    const cells = KINDS.flatMap((kind) => [
      whole(perSecond(system.name, kind)),
      ratio(perSecond(system.name, kind) / perSecond(natsName, kind)),
      whole(perCpuSecond(system.name, kind)),
    ]);
    return [system.name, ...cells];
  });
  const latency = new Map(
    systems.map((system) => [system.name, distribution(latencySamples.get(system.name) ?? [])]),
  );
  const natsLatency = latency.get(natsName);
  const latencyRows = systems.map((system) => {
    const d = latency.get(system.name);
    return [
      system.name,
      whole(d?.count ?? NaN),
      fixed(d?.p50 ?? NaN, 0),
      ratio((d?.p50 ?? NaN) / (natsLatency?.p50 ?? NaN)),
      fixed(d?.p99 ?? NaN, 0),
      ratio((d?.p99 ?? NaN) / (natsLatency?.p99 ?? NaN)),
      fixed(d?.max ?? NaN, 0),
    ];
  });
  const main = clocklabRouter("file").name;
  const vsNats = (kind: MessageKind) => perSecond(main, kind) / perSecond(natsName, kind);
  const p50Ratio = (latency.get(main)?.p50 ?? NaN) / (natsLatency?.p50 ?? NaN);
  const p99Ratio = (latency.get(main)?.p99 ?? NaN) / (natsLatency?.p99 ?? NaN);
  const goals = [
    ...KINDS.map((kind) => [
      `deliveries/s vs nats-server, ${kind}`,
      ratio(vsNats(kind)),
      ">= 0.5x",
      verdict(vsNats(kind) >= 0.5),
    ]),
    ...KINDS.map((kind) => [
      `deliveries per CPU-second of the router process, ${kind}`,
      whole(perCpuSecond(main, kind)),
      ">= 500,000",
      verdict(perCpuSecond(main, kind) >= 500_000),
    ]),
    [
      "p50 one-way latency at 1,000 msg/s vs nats-server",
      ratio(p50Ratio),
      "<= 1.2x",
      verdict(p50Ratio <= 1.2),
    ],
    ["p99 one-way latency at 1,000 msg/s vs nats-server", ratio(p99Ratio), "<= 2x", verdict(p99Ratio <= 2)],
  ];
  const text = [
    "Throughput: 3 machines on 127.0.0.1, m1 sending with at most " +
      `${whole(windowFrames)} frames in flight, deliveries counted over ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up; ` +
      `median of ${rounds} interleaved rounds. Per CPU-second: deliveries over the CPU time (user + system, all threads) ` +
      "of the relay's process in the same window (nats-server uses both cores).",
    "",
    markdownTable(
      [
        "relay",
        "SEND_FIRST deliveries/s",
        "vs NATS",
        "per CPU-s",
        "BROADCAST deliveries/s",
        "vs NATS",
        "per CPU-s",
      ],
      throughputRows,
    ),
    "",
    `One-way latency, SEND_FIRST at a steady ${whole(LATENCY_RATE_PER_S)} messages/s for ${measureMs / 1000} s in each round, ` +
      "samples of all rounds together (µs, sender and receiver in one process, one clock):",
    "",
    markdownTable(["relay", "samples", "p50 µs", "vs NATS", "p99 µs", "vs NATS", "max µs"], latencyRows),
    "",
    markdownTable(["goal (clocklab router, router.jsonl on)", "measured", "target", "verdict"], goals),
  ].join("\n");
  process.stdout.write(`\n${text}\n${profileNotes}`);
  if (only === "" && routerModule === "")
    writeBenchmarkSection("router", sectionText(`${text}\n${profileNotes}`) + sectionNotes("router"));
}

function sectionText(tables: string): string {
  return [
    "`npm run bench:router` (bench/router.bench.ts). Each relay runs in its own process; the three machines",
    "(m1 sender, m2 and m3 receivers) share the bench process and only count frames by their length",
    "prefixes, so every relay sees identical clients and bytes. m1's frames are what a machine of a",
    "3-machine run with vector clocks on sends: keys in a clocklab machine's order, a distinct id and",
    "Lamport value per frame, a fractional epoch-ms `sentAt` with 16 significant digits, an HLC near the",
    "host clock (bench/lib/sendFrames.ts; throughput frames come from a pool of 524,288 made before the",
    "run, so ids repeat only after that many). Each machine's hello asks for 100,000 ticks/s, so the",
    "router's clock ceilings admit Lamport values that count up by one per frame. The clocklab router is",
    "`startTcpRouter` writing router.jsonl as a real run does (written and handed to the kernel before",
    "each batch of frames goes out); the no-op-sink row is the same router with its log discarded. The",
    "bare relay (bench/bareRelay.ts) reads only the 4-byte lengths and forwards each frame unparsed with",
    "one socket write per frame and destination; the batched bare relay forwards each incoming chunk's",
    "run of whole frames in one write per destination (possible only because its fan-out is fixed).",
    "NATS: nats-server started on 127.0.0.1 by the bench, one client connection per machine;",
    "SEND_FIRST = one publish to m2's subject, BROADCAST = one publish to a subject m2 and m3 subscribe",
    "to (server-side fan-out), the same JSON bytes as payload.",
    "",
    tables,
    "",
    `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start,`,
    `${loadAverage()} at the end. A shared, noisy 2-core machine: compare the ratios within one run,`,
    "not absolute figures across runs.",
  ].join("\n");
}

/** Where the clocklab router's time went in the profiled runs (self time, top functions). */
function profileText(): string {
  const lines = [
    "",
    "Where the clocklab router's time goes (separate throughput runs under `node --cpu-prof`, same load;",
    "self time as % of busy samples; `writeBuffer`/`writev`/`writeUtf8String` are write system calls,",
    "start-up (module loading) is included):",
    "",
  ];
  const sets: { label: string; dir: string }[] = KINDS.map((kind) => ({ label: kind, dir: kind }));
  if (baselineModule !== "")
    sets.push(...KINDS.map((kind) => ({ label: `${kind}, baseline module`, dir: `baseline-${kind}` })));
  for (const { label, dir } of sets) {
    // One profile per thread (tsx runs its loader in a worker): the router's is the busiest.
    const files = readdirSync(join(profileDir, dir)).map((name) => join(profileDir, dir, name));
    const main = files.map((file) => summarizeProfile(file, 12)).sort((a, b) => a.idleShare - b.idleShare)[0];
    if (main === undefined) continue;
    const top = main.entries.map(
      (entry) => `${fixed(entry.selfShare * 100, 1)}% ${entry.name.replace(/ \S+:\d+$/, "")}`,
    );
    lines.push(`- ${label}: ${top.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
