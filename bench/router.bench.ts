// Router throughput and latency (issue 7), npm run bench:router. Three machines on 127.0.0.1, m1
// sending, against: the clocklab router (its own process, router.jsonl on; also with a no-op log,
// labelled), the bare relay (bareRelay.ts, the Node ceiling) and nats-server with the NATS client.
// Prints a table and rewrites "## router" in BENCHMARKS.md.
// Flags: --window N (frames in flight, 1000), --measure-s S (5), --warmup-s S (1), --no-profile
// (skip the extra CPU-profiled runs of the clocklab router that show where its time goes),
// --only TEXT (only the relays whose name contains TEXT; BENCHMARKS.md is then left alone),
// --router-module PATH (benchmark startTcpRouter from that module; BENCHMARKS.md is left alone).
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import {
  type LatencyResult,
  measureLatency,
  measureThroughput,
  type ThroughputResult,
} from "./lib/measureRelay.ts";
import { natsHarness } from "./lib/natsHarness.ts";
import { natsServerAvailable, startNatsServer } from "./lib/natsServer.ts";
import { type Child, startTsChild, stopChild, waitForJsonLine } from "./lib/processes.ts";
import { summarizeProfile } from "./lib/profileSummary.ts";
import type { MessageKind, RelayHarness } from "./lib/relayHarness.ts";
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
const profile = !args.includes("--no-profile");
const routerModuleIndex = args.indexOf("--router-module");
const routerModule = routerModuleIndex >= 0 ? args[routerModuleIndex + 1]! : "";
const LATENCY_RATE_PER_S = 1000;
const KINDS: MessageKind[] = ["SEND_FIRST", "BROADCAST"];

type Phase = "throughput" | "latency" | "profile";
interface Session {
  harness: RelayHarness;
  /** Stops the relay; returns a note (e.g. the clocklab router's routed/dropped counts). */
  stop(): Promise<string>;
}
interface System {
  name: string;
  open(kind: MessageKind, phase: Phase): Promise<Session>;
}

const loadAtStart = loadAverage();
const workDir = mkdtempSync(join(tmpdir(), "clocklab-bench-router-"));
const profileDir = join(workDir, "profiles");

async function withChild(child: Child, label: string, kind: MessageKind): Promise<Session> {
  try {
    const { port } = await waitForJsonLine<{ port: number }>(child, label);
    const harness = await tcpHarness(port, kind);
    return {
      harness,
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

function clocklabRouter(logMode: "file" | "none"): System {
  return {
    name: logMode === "file" ? "clocklab router" : "clocklab router, no-op log sink",
    open(kind, phase) {
      const dir = mkdtempSync(join(workDir, "run-"));
      const nodeFlags = phase === "profile" ? ["--cpu-prof", `--cpu-prof-dir=${join(profileDir, kind)}`] : [];
      const script = join(import.meta.dirname, "lib", "routerServer.ts");
      const routerArgs = ["--expect", "3", "--log", logMode, "--dir", dir];
      if (routerModule !== "") routerArgs.push("--router-module", routerModule);
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
];
const systems = allSystems.filter((system) => system.name.includes(only));
const throughput = new Map<string, ThroughputResult>();
const latency = new Map<string, LatencyResult>();

async function session<T>(
  system: System,
  kind: MessageKind,
  phase: Phase,
  run: (h: RelayHarness) => Promise<T>,
) {
  const opened = await system.open(kind, phase);
  let note = "";
  try {
    return await run(opened.harness);
  } finally {
    note = await opened.stop();
    if (note !== "") process.stdout.write(`  ${system.name} ${kind} ${phase}: ${note}\n`);
  }
}

try {
  for (const kind of KINDS) {
    for (const system of systems) {
      const result = await session(system, kind, "throughput", (h) =>
        measureThroughput(h, windowFrames, warmupMs, measureMs),
      );
      throughput.set(`${system.name}|${kind}`, result);
      process.stdout.write(`${kind} ${system.name}: ${whole(result.deliveriesPerSecond)} deliveries/s\n`);
    }
  }
  for (const system of systems) {
    const result = await session(system, "SEND_FIRST", "latency", (h) =>
      measureLatency(h, LATENCY_RATE_PER_S, warmupMs, measureMs),
    );
    latency.set(system.name, result);
    const d = result.latencyUs;
    process.stdout.write(`latency ${system.name}: p50 ${fixed(d.p50, 0)} us, p99 ${fixed(d.p99, 0)} us\n`);
  }
  if (profile) {
    for (const kind of KINDS) {
      process.stdout.write(`profiling the clocklab router, ${kind} ...\n`);
      await session(clocklabRouter("file"), kind, "profile", (h) =>
        measureThroughput(h, windowFrames, warmupMs, measureMs),
      );
    }
  }
  report(profile ? profileText() : "");
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

function report(profileNotes: string): void {
  const bare = (kind: MessageKind) => throughput.get(`${bareRelay.name}|${kind}`)?.deliveriesPerSecond ?? NaN;
  const throughputRows = systems.map((system) => {
    const cells = KINDS.flatMap((kind) => {
      const perSecond = throughput.get(`${system.name}|${kind}`)?.deliveriesPerSecond ?? NaN;
      return [whole(perSecond), ratio(perSecond / bare(kind))];
    });
    return [system.name, ...cells];
  });
  const latencyRows = systems.map((system) => {
    const d = latency.get(system.name)?.latencyUs;
    return [
      system.name,
      whole(d?.count ?? NaN),
      fixed(d?.p50 ?? NaN, 0),
      fixed(d?.p99 ?? NaN, 0),
      fixed(d?.max ?? NaN, 0),
    ];
  });
  const main = clocklabRouter("file").name;
  const sendFirst = throughput.get(`${main}|SEND_FIRST`)?.deliveriesPerSecond ?? NaN;
  const broadcast = throughput.get(`${main}|BROADCAST`)?.deliveriesPerSecond ?? NaN;
  const p50 = latency.get(main)?.latencyUs.p50 ?? NaN;
  const goals = [
    ["deliveries/s, SEND_FIRST", whole(sendFirst), ">= 200,000", verdict(sendFirst >= 200_000)],
    ["deliveries/s, BROADCAST", whole(broadcast), ">= 200,000", verdict(broadcast >= 200_000)],
    [
      "vs bare relay, SEND_FIRST",
      ratio(sendFirst / bare("SEND_FIRST")),
      ">= 0.7x",
      verdict(sendFirst / bare("SEND_FIRST") >= 0.7),
    ],
    [
      "vs bare relay, BROADCAST",
      ratio(broadcast / bare("BROADCAST")),
      ">= 0.7x",
      verdict(broadcast / bare("BROADCAST") >= 0.7),
    ],
    ["p50 one-way latency at 1,000 msg/s", `${fixed(p50, 0)} µs`, "<= 100 µs", verdict(p50 <= 100)],
  ];
  const text = [
    "Throughput: 3 machines on 127.0.0.1, m1 sending with at most " +
      `${whole(windowFrames)} frames in flight, deliveries counted over ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up.`,
    "",
    markdownTable(
      ["relay", "SEND_FIRST deliveries/s", "vs bare", "BROADCAST deliveries/s", "vs bare"],
      throughputRows,
    ),
    "",
    `One-way latency, SEND_FIRST at a steady ${whole(LATENCY_RATE_PER_S)} messages/s for ${measureMs / 1000} s (µs, sender and receiver in one process, one clock):`,
    "",
    markdownTable(["relay", "samples", "p50 µs", "p99 µs", "max µs"], latencyRows),
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
    "prefixes, so every relay sees identical clients and bytes. The clocklab router is `startTcpRouter`",
    "writing router.jsonl as a real run does (BufferedLineWriter, flushed before each batch of frames goes out",
    "and every 50 ms); the no-op-sink row is the",
    "same router with its log discarded. The bare relay (bench/bareRelay.ts) reads only the 4-byte lengths",
    "and forwards each frame unparsed with one socket write per frame and destination: the minimal relay,",
    'and the baseline of the "vs bare" ratios. The batched bare relay forwards each incoming chunk\'s run',
    "of whole frames in one write per destination (possible only because its fan-out is fixed), to show",
    "what batching writes is worth. NATS: nats-server started on 127.0.0.1 by the bench, one client",
    "connection per machine; SEND_FIRST = one publish to m2's subject, BROADCAST = one publish to a",
    "subject m2 and m3 subscribe to (server-side fan-out), same JSON payload.",
    "",
    tables,
    "",
    `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start,`,
    `${loadAverage()} at the end. Single runs on a shared, noisy 2-core machine:`,
    "compare the ratios within one run, not absolute figures across runs.",
  ].join("\n");
}

/** Where the clocklab router's time went in the profiled runs (self time, top functions). */
function profileText(): string {
  const lines = [
    "",
    "Where the clocklab router's time goes (separate runs under `node --cpu-prof`, same load; self time as",
    "% of busy samples; `writeBuffer`/`writev` are the socket write system calls, `encodeFrame` includes",
    "JSON.stringify of the deliver frame, `push` the decoder's JSON.parse, lineWriter `write` the",
    "JSON.stringify of the router.jsonl line; start-up (module loading) is included):",
    "",
  ];
  for (const kind of KINDS) {
    // One profile per thread (tsx runs its loader in a worker): the router's is the busiest.
    const files = readdirSync(join(profileDir, kind)).map((name) => join(profileDir, kind, name));
    const main = files.map((file) => summarizeProfile(file, 8)).sort((a, b) => a.idleShare - b.idleShare)[0];
    if (main === undefined) continue;
    const top = main.entries.map(
      (entry) => `${fixed(entry.selfShare * 100, 1)}% ${entry.name.replace(/ \S+:\d+$/, "")}`,
    );
    lines.push(`- ${kind}: ${top.join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
