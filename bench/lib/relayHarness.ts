// What the router benchmark drives: three machines m1..m3 attached to some relay, m1 sending.
// `send(count)` emits `count` frames, each with an id and clocks of its own (sendFrames.ts);
// `sendStamped(sentAtMs)` one frame carrying a send time. Receivers report deliveries (counted
// without parsing) and, for stamped frames, the one-way latency measured on this process's clock.
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

/** Epoch milliseconds with sub-millisecond resolution: the clock stamped frames carry. */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
