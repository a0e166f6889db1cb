// The live half of the NATS benchmark: whole `clocklab run` processes of N machines over the TCP
// router and over the 3-node cluster, the same flags as bench:scale (speeds 1-6 ticks/s, DIRECT
// sends), and from their logs p99 tick lateness and the message accounting; from /proc the CPU of
// the router or coordinator, the clients and (NATS) the three nats-servers, and memory.
import { readFileSync, rmSync } from "node:fs";
import type { Cluster } from "../../src/runtime/nats/clusterFile.ts";
import { liveRun } from "./liveRun.ts";
import { cpuSecondsOf, rssMbOf } from "./natsCluster.ts";
import { analyzeRunDir } from "./runLogs.ts";
import { type Distribution, distribution } from "./stats.ts";

export const LIVE_ACTIONS = "sendFirst=0,sendSecond=0,broadcast=0,direct=3,internal=7";
export type Transport = "tcp" | "nats";

export interface LiveResult {
  transport: Transport;
  machines: number;
  exitCode: number | null;
  wallSeconds: number;
  clientProcesses: number;
  latenessMs: Distribution;
  ticks: number;
  ticksExpected: number;
  routed: number;
  lost: number;
  dropped: number;
  routerCpuSeconds: number;
  clientsCpuSeconds: number;
  launcherCpuSeconds: number;
  serversCpuSeconds: number;
  clientPeakRssMb: number;
  serversRssMb: number;
  /** The last lines of the run's stderr when it failed. */
  failure: string;
}

export function liveFlags(transport: Transport, machines: number, cluster: Cluster): string[] {
  const flags = [
    "--machines",
    String(machines),
    "--speed-min",
    "1",
    "--speed-max",
    "6",
    "--actions",
    LIVE_ACTIONS,
  ];
  if (transport === "nats") flags.push("--transport", "nats", "--cluster", cluster.dir);
  return flags;
}

/** Kills a process of the run by pid if it still runs as the same command. */
function stopLeftover(pid: number, label: string): void {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim() === label)
      process.kill(pid, "SIGKILL");
  } catch {
    // Gone already.
  }
}

/** The first "clocklab:" line of a failed run's stderr, shortened: what went wrong first. */
function firstError(stderr: string): string {
  const lines = stderr.split("\n").filter((line) => line.trim() !== "");
  const line = lines.find((text) => text.includes("clocklab:")) ?? lines.at(-1) ?? "no output";
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export async function measureLive(
  transport: Transport,
  machines: number,
  durationS: number,
  cluster: Cluster,
  serverPids: number[],
  logDir: string,
): Promise<LiveResult> {
  const name = `${transport}-${machines}`;
  const serversBefore = cpuSecondsOf(serverPids).reduce((a, b) => a + b, 0);
  const run = await liveRun({ name, logDir, durationS, flags: liveFlags(transport, machines, cluster) });
  const serversCpuSeconds = cpuSecondsOf(serverPids).reduce((a, b) => a + b, 0) - serversBefore;
  // A launcher stopped by the overrun guard (SIGKILL after its grace) leaves its children behind.
  for (const child of [...run.clients, ...(run.router === null ? [] : [run.router])])
    stopLeftover(child.pid, child.label);
  const serversRssMb = rssMbOf(serverPids).reduce((a, b) => a + b, 0);
  let latenessMs = distribution([]);
  let ticks = 0;
  let ticksExpected = 0;
  let routed = 0;
  let lost = Number.NaN;
  let dropped = 0;
  try {
    const analysis = analyzeRunDir(run.runDir);
    latenessMs = distribution(concat(analysis.machines.map((m) => m.latenessMs)));
    ticks = analysis.machines.reduce((total, m) => total + m.events, 0);
    ticksExpected = analysis.machines.reduce((total, m) => total + m.ticksExpected, 0);
    routed = analysis.messages.routed;
    lost = analysis.messages.lostDeliveries + analysis.messages.lostBeforeRouter;
    dropped = analysis.messages.dropped;
  } catch {
    // A run that never started leaves no t0: reported with its exit code and stderr.
  }
  rmSync(run.runDir, { recursive: true, force: true });
  return {
    transport,
    machines,
    exitCode: run.exitCode,
    wallSeconds: run.wallSeconds,
    clientProcesses: run.clients.length,
    latenessMs,
    ticks,
    ticksExpected,
    routed,
    lost,
    dropped,
    routerCpuSeconds: run.router?.cpuSeconds ?? Number.NaN,
    clientsCpuSeconds: run.clients.reduce((total, c) => total + c.cpuSeconds, 0),
    launcherCpuSeconds: run.launcher?.cpuSeconds ?? Number.NaN,
    serversCpuSeconds: transport === "nats" ? serversCpuSeconds : 0,
    clientPeakRssMb: Math.max(0, ...run.clients.map((c) => c.peakRssMb)),
    serversRssMb,
    failure: run.exitCode === 0 ? "" : firstError(run.stderr),
  };
}
