// Realistic frames for the NATS benchmark: what m1 of a 3-machine run with vector clocks sends
// (distinct ids, a fractional sentAt from the host clock, a vector clock that moves), and the
// deliver-frame JSON a clocklab sender edge publishes for it, for the raw NATS clients to publish
// byte for byte.
import { deliverFrameJson } from "../../src/core/logFormat/deliverFrame.ts";
import type { SendFrame } from "../../src/core/protocol.ts";
import { hostNowMs } from "../../src/runtime/clock.ts";
import type { MessageKind } from "./relayHarness.ts";

export const BENCH_MACHINES = ["m1", "m2", "m3"] as const;

/** The `sequence`-th send of m1 (1-based). */
export function realisticSend(kind: MessageKind, sequence: number): SendFrame {
  const wallMs = hostNowMs();
  return {
    type: "send",
    kind,
    id: `m1:${sequence}`,
    lamport: sequence * 2 + 1,
    vector: { m1: sequence, m2: sequence >> 1, m3: sequence >> 2 },
    hlc: { wall: Math.floor(wallMs), logical: sequence % 3 },
    sentAt: wallMs,
  };
}

/** `count` distinct deliver-frame payloads (UTF-8) as m1's edge would publish them. */
export function deliverPayloads(kind: MessageKind, count: number): Uint8Array[] {
  const encoder = new TextEncoder();
  return Array.from({ length: count }, (_, index) => {
    const { type: _type, ...message } = realisticSend(kind, index + 1);
    return encoder.encode(
      deliverFrameJson({ ...message, type: "deliver", from: "m1", routedAt: hostNowMs() }),
    );
  });
}
