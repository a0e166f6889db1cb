// What the router benchmark drives: three machines m1..m3 attached to some relay, m1 sending.
// `send(count)` emits `count` copies of the fixed throughput frame; `sendStamped(sentAtMs)` one
// frame carrying a send time. Receivers report deliveries (counted without parsing) and, for
// stamped frames, the one-way latency measured on this process's clock.
export type MessageKind = "SEND_FIRST" | "BROADCAST";

export interface RelayHarness {
  /** Deliveries one frame from m1 turns into (1 for SEND_FIRST, 2 for BROADCAST). */
  readonly fanout: number;
  send(count: number): void;
  sendStamped(sentAtMs: number): void;
  /** Receivers parse every frame and report latencies (true) or just count frames (false). */
  stamped: boolean;
  onDeliveries: (count: number) => void;
  onLatencyMs: (latencyMs: number) => void;
  close(): Promise<void>;
}

/** The body of the send frame m1 sends: what a machine of a 3-machine run sends (vector clocks on). */
export function sendFrameBody(
  kind: MessageKind,
  sequence: number,
  sentAtMs: number,
): Record<string, unknown> {
  return {
    type: "send",
    kind,
    id: `m1:${sequence}`,
    lamport: sequence,
    vector: { m1: sequence, m2: 0, m3: 0 },
    hlc: { wall: 1_795_719_736_296, logical: 0 },
    sentAt: sentAtMs,
  };
}
