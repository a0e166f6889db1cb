// What the shared suites' cases have in common: the messages they send, the deliveries a machine
// received, and a run whose machines have all joined and reached their start time t0 (a machine
// sends nothing before t0, which over NATS can lie a few milliseconds after the start frames).
import type { MessageKind, OutboundMessage } from "../../src/core/types.ts";
import type { NetworkPeer, NetworkUnderTest, ReceivedFrame } from "./adapter.ts";

export function message(id: string, kind: MessageKind, lamport: number, to?: string): OutboundMessage {
  const out: OutboundMessage = {
    kind,
    id,
    lamport,
    hlc: { wall: 1000 + lamport, logical: 0 },
    sentAt: 1000.5,
  };
  if (to !== undefined) out.to = to;
  return out;
}

export const deliveries = (peer: NetworkPeer): ReceivedFrame[] =>
  peer.frames.filter((f) => f.type === "deliver");

/** Joins `ids` in order, waits for every start frame, then for the latest t0. */
export async function joinAndStart(net: NetworkUnderTest, ids: string[]): Promise<NetworkPeer[]> {
  const peers: NetworkPeer[] = [];
  for (const id of ids) peers.push(await net.join(id));
  const starts = await net.waitFor(() => {
    const frames = peers.map((p) => p.frames.find((f) => f.type === "start"));
    return frames.every((f) => f !== undefined) ? frames : undefined;
  }, "start frames");
  const t0 = Math.max(...starts.map((s) => s.t0 as number));
  await net.waitFor(() => net.nowMs() >= t0, "the run's start time t0");
  return peers;
}
