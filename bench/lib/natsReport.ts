// The text of BENCHMARKS.md's "NATS transport" section: the throughput table with ratios, the live
// lateness table, the goals' verdicts and the 20-host model.
import type { LiveResult } from "./natsLive.ts";
import { KINDS, SYSTEMS, type SystemName, type ThroughputSample } from "./natsThroughput.ts";
import { fixed, markdownTable, ratio, verdict, whole } from "./table.ts";

const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 20;

export interface NatsReportInput {
  throughput: Map<string, ThroughputSample>;
  live: LiveResult[];
  durationS: number;
  rounds: number;
  windowFrames: number;
  warmupMs: number;
  measureMs: number;
  clusterMachines: number;
  clusterStartS: number;
  command: string;
  model: (sendFirst: ThroughputSample, largest: LiveResult) => string;
  footer: string;
}

const passes = (r: LiveResult) => r.exitCode === 0 && r.latenessMs.p99 <= GOAL_P99_MS && r.lost === 0;

export function natsSectionText(input: NatsReportInput): string {
  const get = (system: SystemName, kind: string) => input.throughput.get(`${system}|${kind}`);
  const rate = (system: SystemName, kind: string) => get(system, kind)?.deliveriesPerSecond ?? Number.NaN;
  const us = (seconds: number | undefined) => fixed((seconds ?? Number.NaN) * 1e6, 2);
  const throughputRows = SYSTEMS.flatMap((system) =>
    KINDS.map((kind) => [
      system,
      kind,
      whole(rate(system, kind)),
      ratio(rate(system, kind) / rate("raw NATS clients", kind)),
      us(get(system, kind)?.machinesCpuSecondsPerDelivery),
      us(get(system, kind)?.relayCpuSecondsPerDelivery),
    ]),
  );
  const liveRows = input.live.map((r) => [
    whole(r.machines),
    r.transport === "nats" ? "NATS, 3 nodes" : "TCP router",
    String(r.exitCode),
    String(r.clientProcesses),
    `${whole(r.ticks)} / ${whole(r.ticksExpected)}`,
    fixed(r.latenessMs.p50, 2),
    fixed(r.latenessMs.p99, 2),
    fixed(r.latenessMs.max, 1),
    whole(r.routed),
    whole(r.dropped),
    whole(r.lost),
    fixed(r.routerCpuSeconds, 1),
    fixed(r.clientsCpuSeconds, 1),
    r.transport === "nats" ? fixed(r.serversCpuSeconds, 1) : "-",
    fixed(r.clientPeakRssMb, 0),
    r.transport === "nats" ? fixed(r.serversRssMb, 0) : "-",
    fixed(r.wallSeconds, 0),
    passes(r) ? "pass" : "FAIL",
  ]);
  const goalRows = KINDS.map((kind) => {
    const value = rate("clocklab over NATS", kind) / rate("raw NATS clients", kind);
    return [
      `clocklab over NATS vs raw NATS, ${kind}`,
      ratio(value),
      `>= ${GOAL_RATIO}x`,
      verdict(value >= GOAL_RATIO),
    ];
  });
  const largestPassing = (transport: string) =>
    Math.max(0, ...input.live.filter((r) => r.transport === transport && passes(r)).map((r) => r.machines));
  const natsLargest = largestPassing("nats");
  const tcpLargest = largestPassing("tcp");
  if (input.live.length > 0)
    goalRows.push([
      `NATS holds p99 <= ${GOAL_P99_MS} ms where the TCP router does not`,
      `NATS up to ${whole(natsLargest)}, TCP up to ${whole(tcpLargest)} machines`,
      "NATS larger",
      verdict(natsLargest > tcpLargest),
    ]);
  const sendFirst = get("clocklab over NATS", "SEND_FIRST");
  // The model's per-tick cost: the largest NATS run that passed, else that ticked, else a TCP run's
  // (the clients' tick work is the same; the model then says the servers' upkeep is unmeasured).
  const ticked = (transport: string) => input.live.filter((r) => r.transport === transport && r.ticks > 0);
  const modelBase = ticked("nats").filter(passes).at(-1) ?? ticked("nats").at(-1) ?? ticked("tcp").at(-1);
  return [
    "`npm run bench:nats` (bench/nats.bench.ts). One local 3-node nats-server 2.9 cluster on 127.0.0.1, started",
    `by the bench as \`clocklab cluster up --nodes 3 --machines ${whole(input.clusterMachines)}\` does (${fixed(input.clusterStartS, 0)} s to generate`,
    "the nkeys and configs and start the nodes), used by every measurement below and stopped by pid.",
    "",
    "Throughput: m1 on node 1, m2 on node 2, m3 on node 3 (every delivery crosses a route), m1 sending with at most",
    `${whole(input.windowFrames)} frames in flight, deliveries counted over ${input.measureMs / 1000} s after ${input.warmupMs / 1000} s warm-up; median of ${input.rounds}`,
    "interleaved rounds. clocklab over NATS drives the transport's own pieces in the bench process, not machine",
    "processes: m1's NatsEdgeRun (SenderEdge, the part log edges/m1.jsonl encoded as bytes and flushed once per",
    "event-loop turn ahead of that turn's publishes, deliver frames encoded as bytes, publish on clocklab.<run>.to.m2.m1",
    "or .all.m1) fed realistic sends (distinct ids, fractional sentAt, vector clocks); m2 and m3 take each message as",
    "NatsLink does (senderOf, NatsEdgeRun.peerMessage on the payload's bytes: the deliver-frame scanner, else",
    "parsePeerMessage; ArrivalBooks) up to the frame a session would queue. Raw NATS: plain nats.js clients with the",
    "same credentials, subjects and payload bytes (precomputed deliver frames), receivers only counting. TCP router:",
    "the router benchmark's routerServer (router.jsonl on) and TCP machines. CPU µs per delivery over the whole",
    "measurement: the machines = this bench process (sender and both receivers), the relay = the 3 nats-servers",
    "together, or the router process.",
    "",
    markdownTable(
      [
        "system",
        "traffic",
        "deliveries/s",
        "vs raw NATS",
        "machines CPU µs/delivery",
        "relay CPU µs/delivery",
      ],
      throughputRows,
    ),
    "",
    `Live: \`${input.command}\` for N in ${input.live
      .filter((r) => r.transport === "nats")
      .map((r) => whole(r.machines))
      .join(", ")}, and the same`,
    "without `--transport nats --cluster DIR` (the TCP router). Lateness of tick k = trueTime - (t0 + k * 1000 / speed)",
    "over every event of every machine; lost from each machine's log and final file against router.jsonl or the",
    "senders' edges/*.jsonl. CPU seconds from /proc over the whole run, start-up included; servers' CPU is the three",
    "nats-servers' over the run, their RSS at its end. Router CPU is the TCP router, or under NATS the coordinator.",
    "",
    markdownTable(
      [
        "machines",
        "transport",
        "exit",
        "client processes",
        "ticks logged / expected",
        "lateness p50 ms",
        "p99 ms",
        "max ms",
        "routed",
        "dropped",
        "lost",
        "router/coordinator CPU s",
        "clients CPU s",
        "nats-servers CPU s",
        "client peak RSS MB",
        "nats-servers RSS MB",
        "wall s",
        `p99 <= ${GOAL_P99_MS} ms, none lost`,
      ],
      liveRows,
    ),
    "",
    ...input.live
      .filter((r) => r.failure !== "")
      .map((r) => `- ${r.transport} ${whole(r.machines)}: ${r.failure}`),
    "",
    markdownTable(["goal", "measured", "target", "verdict"], goalRows),
    "",
    sendFirst !== undefined && modelBase !== undefined ? input.model(sendFirst, modelBase) : "",
    "",
    input.footer,
  ].join("\n");
}
