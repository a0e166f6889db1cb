// The router benchmark's machines over NATS: m1..m3 each on a connection of their own to a local
// nats-server. m2 and m3 subscribe to their own subject and to "all"; SEND_FIRST is one publish to
// "m2", BROADCAST one publish to "all" (fan-out done by the server, as the clocklab router does).
// The payloads are the same JSON send-frame bodies the TCP machines send (sendFrames.ts).
import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { epochNowMs, type MessageKind, type RelayHarness } from "./relayHarness.ts";
import { framePool, PoolCursor, SendFrames } from "./sendFrames.ts";

export async function natsHarness(port: number, kind: MessageKind): Promise<RelayHarness> {
  const connections: NatsConnection[] = await Promise.all(
    ["m1", "m2", "m3"].map((name) => connect({ servers: `127.0.0.1:${port}`, name, noEcho: true })),
  );
  const subject = kind === "BROADCAST" ? "all" : "m2";
  const pool = new PoolCursor(framePool(kind));
  const frames = new SendFrames(kind);
  const decoder = new TextDecoder();
  const harness: RelayHarness = {
    fanout: kind === "BROADCAST" ? 2 : 1,
    stamped: false,
    onDeliveries: () => {},
    onLatencyMs: () => {},
    send(count) {
      const sender = connections[0]!;
      pool.takeBodies(count, (body) => sender.publish(subject, body));
    },
    sendStamped(sentAtMs) {
      connections[0]!.publish(subject, frames.nextPayload(sentAtMs));
    },
    async close() {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
  const callback = (error: Error | null, msg: Msg) => {
    if (error !== null) return;
    if (harness.stamped) {
      const { sentAt } = JSON.parse(decoder.decode(msg.data)) as { sentAt: number };
      harness.onLatencyMs(epochNowMs() - sentAt);
    }
    harness.onDeliveries(1);
  };
  for (const [index, id] of ["m2", "m3"].entries()) {
    const connection = connections[index + 1]!;
    connection.subscribe(id, { callback });
    connection.subscribe("all", { callback });
  }
  // Subscriptions are registered with the server once each connection has flushed.
  await Promise.all(connections.map((connection) => connection.flush()));
  return harness;
}
