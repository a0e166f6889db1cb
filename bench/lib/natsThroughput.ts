// The throughput half of the NATS benchmark: deliveries/s of SEND_FIRST and BROADCAST through
// clocklab-over-NATS, raw NATS clients and the TCP router, in interleaved rounds (every system
// once per round, so a burst of load on the shared machine hits all of them), with the CPU each
// side spent: this process (the machines), the relay (nats-servers or the router child).
import { join } from "node:path";
import type { Cluster } from "../../src/runtime/nats/clusterFile.ts";
import { measureThroughput } from "./measureRelay.ts";
import { cpuSecondsOf } from "./natsCluster.ts";
import { clocklabClusterHarness, rawClusterHarness } from "./natsClusterHarness.ts";
import { startTsChild, stopChild, waitForJsonLine } from "./processes.ts";
import type { MessageKind, RelayHarness } from "./relayHarness.ts";
import { tcpHarness } from "./tcpHarness.ts";

export const SYSTEMS = ["clocklab over NATS", "raw NATS clients", "clocklab TCP router"] as const;
export type SystemName = (typeof SYSTEMS)[number];
export const KINDS: MessageKind[] = ["SEND_FIRST", "BROADCAST"];

export interface ThroughputSample {
  deliveriesPerSecond: number;
  /** CPU seconds per delivery in the bench process (the three machines). */
  machinesCpuSecondsPerDelivery: number;
  /** CPU seconds per delivery in the relay: the 3 nats-servers, or the router process. */
  relayCpuSecondsPerDelivery: number;
}

export interface ThroughputOptions {
  cluster: Cluster;
  serverPids: number[];
  workDir: string;
  windowFrames: number;
  warmupMs: number;
  measureMs: number;
}

interface Opened {
  harness: RelayHarness;
  relayPids: number[];
  stop(): Promise<void>;
}

let sessions = 0;

async function open(system: SystemName, kind: MessageKind, options: ThroughputOptions): Promise<Opened> {
  const run = `bench${++sessions}`;
  if (system === "clocklab over NATS") {
    const harness = await clocklabClusterHarness(options.cluster, run, kind, join(options.workDir, run));
    return { harness, relayPids: options.serverPids, stop: () => harness.close() };
  }
  if (system === "raw NATS clients") {
    const harness = await rawClusterHarness(options.cluster, run, kind);
    return { harness, relayPids: options.serverPids, stop: () => harness.close() };
  }
  const script = join(import.meta.dirname, "routerServer.ts");
  const child = startTsChild(script, ["--expect", "3", "--log", "file", "--dir", options.workDir], "router");
  try {
    const { port } = await waitForJsonLine<{ port: number }>(child, "clocklab router");
    const harness = await tcpHarness(port, kind);
    return {
      harness,
      relayPids: [child.pid],
      async stop() {
        await harness.close();
        await stopChild(child);
      },
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** One measurement of one system; CPU is taken over the whole measurement (warm-up and drain too). */
export async function measureOnce(
  system: SystemName,
  kind: MessageKind,
  options: ThroughputOptions,
): Promise<ThroughputSample> {
  const opened = await open(system, kind, options);
  try {
    const cpuBefore = process.cpuUsage();
    const relayBefore = sum(cpuSecondsOf(opened.relayPids));
    const startMs = performance.now();
    const result = await measureThroughput(
      opened.harness,
      options.windowFrames,
      options.warmupMs,
      options.measureMs,
    );
    const wallS = (performance.now() - startMs) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const relayCpuS = sum(cpuSecondsOf(opened.relayPids)) - relayBefore;
    // Deliveries over the whole call, at the measured rate (the warm-up and drain run at about it).
    const deliveries = result.deliveriesPerSecond * wallS;
    return {
      deliveriesPerSecond: result.deliveriesPerSecond,
      machinesCpuSecondsPerDelivery: (cpu.user + cpu.system) / 1e6 / deliveries,
      relayCpuSecondsPerDelivery: relayCpuS / deliveries,
    };
  } finally {
    await opened.stop();
  }
}

/** The median sample of each system and kind over `rounds` interleaved rounds. */
export async function measureAll(
  rounds: number,
  options: ThroughputOptions,
  progress: (text: string) => void,
): Promise<Map<string, ThroughputSample>> {
  const samples = new Map<string, ThroughputSample[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const kind of KINDS) {
      for (const system of SYSTEMS) {
        const sample = await measureOnce(system, kind, options);
        const key = `${system}|${kind}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        progress(`round ${round} ${kind} ${system}: ${Math.round(sample.deliveriesPerSecond)} deliveries/s`);
      }
    }
  }
  const medians = new Map<string, ThroughputSample>();
  for (const [key, list] of samples) {
    const sorted = [...list].sort((a, b) => a.deliveriesPerSecond - b.deliveriesPerSecond);
    medians.set(key, sorted[Math.floor(sorted.length / 2)]!);
  }
  return medians;
}
