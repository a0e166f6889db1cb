// The router benchmark's machines over NATS: m1..m3 each on a connection of their own to a local
// nats-server. m2 and m3 subscribe to their own subject and to "all"; SEND_FIRST is one publish to
// "m2", BROADCAST one publish to "all" (fan-out done by the server, as the clocklab router does).
// The payload is the same JSON send-frame body the TCP machines send.
import { connect, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { type MessageKind, type RelayHarness, sendFrameBody } from "./relayHarness.ts";

export async function natsHarness(port: number, kind: MessageKind): Promise<RelayHarness> {
  const connections: NatsConnection[] = await Promise.all(
    ["m1", "m2", "m3"].map((name) => connect({ servers: `127.0.0.1:${port}`, name, noEcho: true })),
  );
  const subject = kind === "BROADCAST" ? "all" : "m2";
  const payload = new TextEncoder().encode(JSON.stringify(sendFrameBody(kind, 1, 0)));
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let sequence = 1;
  const harness: RelayHarness = {
    fanout: kind === "BROADCAST" ? 2 : 1,
    stamped: false,
    onDeliveries: () => {},
    onLatencyMs: () => {},
    send(count) {
      const sender = connections[0]!;
      for (let i = 0; i < count; i++) sender.publish(subject, payload);
    },
    sendStamped(sentAtMs) {
      const body = encoder.encode(JSON.stringify(sendFrameBody(kind, ++sequence, sentAtMs)));
      connections[0]!.publish(subject, body);
    },
    async close() {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
  const callback = (error: Error | null, msg: Msg) => {
    if (error !== null) return;
    if (harness.stamped) {
      const { sentAt } = JSON.parse(decoder.decode(msg.data)) as { sentAt: number };
      harness.onLatencyMs(performance.now() - sentAt);
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
