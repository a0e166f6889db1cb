// The NATS benchmark's machines m1..m3 on a 3-node cluster, m1 on node 1, m2 on node 2, m3 on
// node 3 (so every delivery crosses a route), each with its own credentials and the run's subjects
// and permissions. Two harnesses with the router benchmark's interface (relayHarness.ts):
// - raw: plain nats.js clients publishing precomputed deliver-frame payloads (distinct ids)
//   on m1's subjects; receivers only count messages;
// - clocklab: the real NATS transport pieces driven in this process: m1's NatsEdgeRun (SenderEdge,
//   part log written and flushed ahead of each publish, deliverFrameJson), and for m2 and m3 what
//   NatsLink does with a message (senderOf the subject, NatsEdgeRun.peerMessage: parsePeerMessage
//   and ArrivalBooks), up to the frame a machine session would queue. No machine session runs.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Msg, NatsConnection } from "@nats-io/transport-node";
import {
  broadcastSubject,
  directSubject,
  machineSubscriptions,
  senderOf,
} from "../../src/core/nats/subjects.ts";
import type { ServerFrame } from "../../src/core/protocol.ts";
import { hostNowMs } from "../../src/runtime/clock.ts";
import type { LinkEvents } from "../../src/runtime/links/machineLink.ts";
import type { Cluster } from "../../src/runtime/nats/clusterFile.ts";
import { connectAs } from "../../src/runtime/nats/connect.ts";
import { NatsEdgeRun } from "../../src/runtime/nats/natsEdgeRun.ts";
import { PartLog } from "../../src/runtime/nats/partLog.ts";
import { BENCH_MACHINES, deliverPayloads, realisticSend } from "./natsFrames.ts";
import type { MessageKind, RelayHarness } from "./relayHarness.ts";

const PAYLOAD_POOL = 8192;

async function connectMachines(cluster: Cluster): Promise<NatsConnection[]> {
  return Promise.all(
    BENCH_MACHINES.map((id, index) =>
      connectAs([cluster.urls[index % cluster.urls.length]!], join(cluster.credentialsDir, `${id}.nk`), {
        name: id,
        connection: { noEcho: true },
      }),
    ),
  );
}

function baseHarness(kind: MessageKind, connections: NatsConnection[]): RelayHarness {
  return {
    fanout: kind === "BROADCAST" ? 2 : 1,
    stamped: false,
    onDeliveries: () => {},
    onLatencyMs: () => {},
    send() {},
    sendStamped() {},
    async close() {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
}

/** Plain nats.js clients on the run's subjects: the ceiling clocklab-over-NATS is measured against. */
export async function rawClusterHarness(
  cluster: Cluster,
  run: string,
  kind: MessageKind,
): Promise<RelayHarness> {
  const connections = await connectMachines(cluster);
  const payloads = deliverPayloads(kind, PAYLOAD_POOL);
  const subject = kind === "BROADCAST" ? broadcastSubject(run, "m1") : directSubject(run, "m2", "m1");
  const harness = baseHarness(kind, connections);
  let next = 0;
  harness.send = (count) => {
    const sender = connections[0]!;
    for (let i = 0; i < count; i++) sender.publish(subject, payloads[next++ % PAYLOAD_POOL]!);
  };
  for (const [index, id] of ["m2", "m3"].entries()) {
    for (const pattern of machineSubscriptions(run, id))
      connections[index + 1]!.subscribe(pattern, {
        callback: (error) => {
          if (error === null) harness.onDeliveries(1);
        },
      });
  }
  await Promise.all(connections.map((connection) => connection.flush()));
  return harness;
}

/** The clocklab NATS transport's sender and receiver paths, each machine with its own part log. */
export async function clocklabClusterHarness(
  cluster: Cluster,
  run: string,
  kind: MessageKind,
  partDir: string,
): Promise<RelayHarness> {
  const connections = await connectMachines(cluster);
  const harness = baseHarness(kind, connections);
  const t0 = hostNowMs();
  const start = {
    frame: { type: "start" as const, t0, peers: [...BENCH_MACHINES], endAt: t0 + 3_600_000 },
    faults: [],
  };
  mkdirSync(partDir, { recursive: true });
  const failures: Error[] = [];
  const runs = BENCH_MACHINES.map((id, index) => {
    const partLog = new PartLog(partDir, id, [id]);
    partLog.open(run);
    const events: LinkEvents = {
      up() {},
      frame(frame: ServerFrame) {
        if (frame.type === "deliver") harness.onDeliveries(1);
      },
      down() {},
      fail(error) {
        failures.push(error);
      },
      notice() {},
    };
    const connection = connections[index]!;
    return {
      partLog,
      edge: new NatsEdgeRun({ id, run, seed: 1, start, connection, partLog, events, afterWake() {} }),
    };
  });
  for (const [index, { edge }] of runs.entries()) {
    if (index === 0) continue;
    const id = BENCH_MACHINES[index]!;
    const callback = (error: Error | null, msg: Msg) => {
      if (error !== null || msg.subject.endsWith(".ctl")) return;
      const from = senderOf(msg.subject);
      if (from !== null && from !== id) edge.peerMessage(from, msg.data);
    };
    for (const pattern of machineSubscriptions(run, id)) connections[index]!.subscribe(pattern, { callback });
  }
  await Promise.all(connections.map((connection) => connection.flush()));
  let sequence = 0;
  const sender = runs[0]!.edge;
  harness.send = (count) => {
    for (let i = 0; i < count; i++) sender.route(realisticSend(kind, ++sequence), hostNowMs());
    if (failures.length > 0) throw failures[0];
  };
  const closeConnections = harness.close;
  harness.close = async () => {
    for (const { edge, partLog } of runs) {
      edge.close();
      partLog.close();
    }
    await closeConnections();
  };
  return harness;
}
