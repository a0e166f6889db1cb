// A local 3-node nats-server cluster for the NATS benchmark, started with the same code as
// `clocklab cluster up` (startLocalCluster: configs, one nkey user per machine, routes) and
// stopped by the pids in its cluster.json (stopClusterIn). Also reads the servers' CPU time from
// /proc, so a benchmark can say what the servers cost during one measurement.
import { readFileSync } from "node:fs";
import type { Cluster } from "../../src/runtime/nats/clusterFile.ts";
import { startLocalCluster } from "../../src/runtime/nats/localCluster.ts";
import { stopClusterIn } from "../../test/nats/natsServer.ts";

const CLOCK_TICKS_PER_SECOND = 100;

export interface BenchCluster {
  cluster: Cluster;
  pids: number[];
  stop(): Promise<void>;
}

/** Starts `nodes` servers with credentials for m1..m`machines` in `dir` (which must not exist). */
export async function startBenchCluster(dir: string, nodes: number, machines: number): Promise<BenchCluster> {
  try {
    const cluster = await startLocalCluster({ dir, nodes, machines, readyTimeoutMs: 120_000 });
    const pids = cluster.servers.flatMap((server) => (server.pid === undefined ? [] : [server.pid]));
    return { cluster, pids, stop: () => stopClusterIn(dir) };
  } catch (error) {
    await stopClusterIn(dir);
    throw error;
  }
}

/** CPU seconds (user + system) used so far by each pid; 0 for one that is gone. */
export function cpuSecondsOf(pids: readonly number[]): number[] {
  return pids.map((pid) => {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return 0;
    }
  });
}

/** Resident memory (MB) of each pid now; 0 for one that is gone. */
export function rssMbOf(pids: readonly number[]): number[] {
  return pids.map((pid) => {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match === null ? 0 : Number(match[1]) / 1024;
    } catch {
      return 0;
    }
  });
}
