// The NATS transport (issue 15), npm run bench:nats. On one local 3-node nats-server cluster
// (started as `clocklab cluster up` does, credentials for the largest size), in one run:
// 1. deliveries/s of SEND_FIRST and BROADCAST through clocklab-over-NATS (its sender edge, part
//    log and publishes; the receivers' parsePeerMessage and ArrivalBooks, driven in this process:
//    natsClusterHarness.ts) against raw nats.js clients on the same subjects and payload bytes, and
//    against the TCP router (the router benchmark's routerServer + tcpHarness), interleaved rounds;
// 2. live p99 tick lateness of whole `clocklab run` processes at each size, TCP router vs NATS;
// 3. a model of 20 hosts from the measured per-process costs.
// Appends or rewrites "## NATS transport" at the end of BENCHMARKS.md.
// Flags: --sizes 1000,2000,5000 --duration S (10) --rounds N (3) --measure-s S (3) --warmup-s S (1)
// --window N (1000) --no-live (throughput only; BENCHMARKS.md is then left alone).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sectionNotes, writeBenchmarkSection } from "./lib/benchmarksFile.ts";
import { describeMachine, loadAverage, todayIso } from "./lib/machineInfo.ts";
import { startBenchCluster } from "./lib/natsCluster.ts";
import { hostModel } from "./lib/natsHostModel.ts";
import { type LiveResult, liveFlags, measureLive, type Transport } from "./lib/natsLive.ts";
import { natsSectionText } from "./lib/natsReport.ts";
import { measureAll } from "./lib/natsThroughput.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1]! : fallback;
};
const live = !args.includes("--no-live");
const sizes = live ? flag("sizes", "1000,2000,5000").split(",").map(Number) : [];
const durationS = Number(flag("duration", "10"));
const rounds = Number(flag("rounds", "3"));
const options = {
  windowFrames: Number(flag("window", "1000")),
  warmupMs: Number(flag("warmup-s", "1")) * 1000,
  measureMs: Number(flag("measure-s", "3")) * 1000,
};
const NODES = 3;
const TRANSPORTS: Transport[] = ["tcp", "nats"];

const say = (text: string) => process.stdout.write(`${text}\n`);
const loadAtStart = loadAverage();
const startedMs = performance.now();
const workDir = mkdtempSync(join(tmpdir(), "clocklab-bench-nats-"));
const clusterMachines = Math.max(3, ...sizes);
say(`starting a ${NODES}-node cluster with credentials for ${clusterMachines} machines ...`);
const clusterStartMs = performance.now();
const bench = await startBenchCluster(join(workDir, "cluster"), NODES, clusterMachines);
const clusterStartS = (performance.now() - clusterStartMs) / 1000;
say(`  ready in ${clusterStartS.toFixed(1)} s (servers ${bench.pids.join(", ")})`);
try {
  const throughput = await measureAll(
    rounds,
    { ...options, cluster: bench.cluster, serverPids: bench.pids, workDir },
    (text) => say(`  ${text}`),
  );
  const results: LiveResult[] = [];
  for (const machines of sizes) {
    for (const transport of TRANSPORTS) {
      say(`live: ${machines} machines over ${transport} for ${durationS} s ...`);
      const result = await measureLive(transport, machines, durationS, bench.cluster, bench.pids, workDir);
      results.push(result);
      say(
        `  exit ${result.exitCode}, p99 lateness ${result.latenessMs.p99.toFixed(2)} ms, lost ${result.lost}` +
          (result.failure === "" ? "" : `: ${result.failure}`),
      );
    }
  }
  const command = `clocklab run ${liveFlags("nats", 0, bench.cluster)
    .join(" ")
    .replace(/--machines 0/, "--machines N")
    .replace(bench.cluster.dir, "DIR")} --duration ${durationS}`;
  const text = natsSectionText({
    throughput,
    live: results,
    durationS,
    rounds,
    ...options,
    clusterMachines,
    clusterStartS,
    command,
    model: (sendFirst, largest) => hostModel(sendFirst, largest, durationS),
    footer: `Measured ${todayIso()} on ${describeMachine()}; 1-minute load average ${loadAtStart} at the start, ${loadAverage()} at the end (shared machine); the whole bench took ${((performance.now() - startedMs) / 1000).toFixed(0)} s.`,
  });
  say(`\n${text}`);
  if (live) writeBenchmarkSection("NATS transport", text + sectionNotes("nats"));
} finally {
  await bench.stop();
  rmSync(workDir, { recursive: true, force: true });
}
