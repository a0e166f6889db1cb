// The NATS benchmark's written model of 20 hosts: what 10,000 machines (500 a host) at the live
// runs' mix would cost, from the per-process costs measured in the same run, arithmetic shown.

import type { LiveResult } from "./natsLive.ts";
import type { ThroughputSample } from "./natsThroughput.ts";
import { fixed, whole } from "./table.ts";

const HOSTS = 20;
const MACHINES = 10_000;
/** Speeds are drawn uniformly from 1..6 ticks/s: 3.5 on average. */
const MEAN_TICKS_PER_S = 3.5;
/** direct=3, internal=7: 0.3 sends a tick, one delivery each. */
const DELIVERIES_PER_TICK = 0.3;

export function hostModel(sendFirst: ThroughputSample, live: LiveResult, durationS: number): string {
  const perHost = MACHINES / HOSTS;
  const ticksPerS = MACHINES * MEAN_TICKS_PER_S;
  const deliveriesPerS = ticksPerS * DELIVERIES_PER_TICK;
  const clientCpuPerTickS = live.clientsCpuSeconds / live.ticks;
  const hostTicksPerS = perHost * MEAN_TICKS_PER_S;
  const hostTickCores = hostTicksPerS * clientCpuPerTickS;
  const deliveryCpuS = sendFirst.machinesCpuSecondsPerDelivery;
  const hostDeliveryCores = (deliveriesPerS / HOSTS) * deliveryCpuS;
  const serverDeliveryCores = deliveriesPerS * sendFirst.relayCpuSecondsPerDelivery;
  // What the servers spent in the live run beyond its deliveries: connection upkeep (pings,
  // subscriptions, the coordinator's requests), per connection and second.
  const liveDeliveryCpuS = live.routed * sendFirst.relayCpuSecondsPerDelivery;
  const upkeepPerConnectionCores =
    Math.max(0, live.serversCpuSeconds - liveDeliveryCpuS) / live.machines / durationS;
  const serverUpkeepCores = MACHINES * upkeepPerConnectionCores;
  const clientRssPerMachineMb = live.clientPeakRssMb / (live.machines / Math.max(1, live.clientProcesses));
  const serverRssPerConnectionMb = live.serversRssMb / live.machines;
  const us = (seconds: number) => `${fixed(seconds * 1e6, 1)} µs`;
  return [
    `Model: ${whole(MACHINES)} machines on ${HOSTS} hosts (${whole(perHost)} each), speeds 1-6 ticks/s (mean ${MEAN_TICKS_PER_S}),`,
    `the live runs' mix (0.3 DIRECT sends a tick), a NATS cluster whose servers share the load. Costs measured above:`,
    `clients ${us(clientCpuPerTickS)} CPU a tick (${fixed(live.clientsCpuSeconds, 1)} CPU-s / ${whole(live.ticks)} ticks in the ${whole(live.machines)}-machine ${live.transport === "nats" ? "NATS" : "TCP (no NATS run ticked: the servers' upkeep below is then unmeasured, 0)"} run, start-up included);`,
    `${us(deliveryCpuS)} CPU a delivery in the machines' processes and ${us(sendFirst.relayCpuSecondsPerDelivery)} in the nats-servers (SEND_FIRST throughput, sender and receiver sides together);`,
    `nats-server upkeep ${fixed(upkeepPerConnectionCores * 1e6, 1)} µs CPU per connection-second (live servers' CPU ${fixed(live.serversCpuSeconds, 1)} s minus ${whole(live.routed)} deliveries × the per-delivery cost, / ${whole(live.machines)} connections / ${durationS} s).`,
    "",
    `- Ticks: ${whole(perHost)} × ${MEAN_TICKS_PER_S} = ${whole(hostTicksPerS)} ticks/s a host × ${us(clientCpuPerTickS)} = ${fixed(hostTickCores, 2)} cores a host.`,
    `- Deliveries: ${whole(MACHINES)} × ${MEAN_TICKS_PER_S} × ${DELIVERIES_PER_TICK} = ${whole(deliveriesPerS)} deliveries/s in all; a host sends and receives ${whole(deliveriesPerS / HOSTS)}/s × ${us(deliveryCpuS)} = ${fixed(hostDeliveryCores, 3)} cores.`,
    `- nats-servers, all nodes together: ${whole(deliveriesPerS)} × ${us(sendFirst.relayCpuSecondsPerDelivery)} = ${fixed(serverDeliveryCores, 3)} cores for deliveries, plus ${whole(MACHINES)} connections × ${fixed(upkeepPerConnectionCores * 1e6, 1)} µs/s = ${fixed(serverUpkeepCores, 2)} cores of upkeep.`,
    `- Memory: ${fixed(clientRssPerMachineMb, 2)} MB a machine in the clients (peak RSS of a process / its machines) → ${whole(perHost * clientRssPerMachineMb)} MB a host; servers ${fixed(serverRssPerConnectionMb * 1000, 0)} KB a connection → ${whole(MACHINES * serverRssPerConnectionMb)} MB over the cluster.`,
    `- So a 2-core host carries its ${whole(perHost)} machines with ${fixed(hostTickCores + hostDeliveryCores, 2)} cores busy (${fixed(((hostTickCores + hostDeliveryCores) / 2) * 100, 0)}% of 2 cores), before any nats-server it also runs; the`,
    `  message traffic (${whole(deliveriesPerS)}/s) is ${fixed((deliveriesPerS / sendFirst.deliveriesPerSecond) * 100, 1)}% of what one bench process pushed through the cluster here (${whole(sendFirst.deliveriesPerSecond)}/s):`,
    "  at this mix the ticks, not the messages, are what a host spends its CPU on.",
  ].join("\n");
}
