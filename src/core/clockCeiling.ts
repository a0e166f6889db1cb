// The largest clock values a message of a run can legitimately carry at a given true time. Every
// event raises one machine's clocks by one step, and a receive only takes the larger of two values
// that already existed, so no Lamport value, vector entry or HLC logical counter can exceed the
// number of events the run has had; and no HLC wall can run ahead of the fastest physical clock in
// the run. A message above these ceilings was not made by the model's rules: the router refuses
// it, so a peer can never push a machine's clocks towards Number.MAX_SAFE_INTEGER (where the
// receive rule would stop being exact) or freeze its hybrid clock far in the future.
import type { HlcTimestamp, VectorClock } from "./types.ts";

/** Room for host clocks that disagree (a machine on another host) and for late catch-up ticks. */
export const CEILING_SLACK_MS = 60_000;

export interface ClockCeilingInput {
  t0Ms: number;
  machines: number;
  /** Every machine's speed summed. */
  runTicksPerSecond: number;
  /** How far ahead of true time any machine's physical clock can read during the run, ms. */
  maxClockLeadMs: number;
}

export interface ClockCeilings {
  /** For Lamport values, vector entries and HLC logical counters. */
  counter: number;
  /** For HLC walls. */
  wallMs: number;
}

export function clockCeilings(input: ClockCeilingInput, nowMs: number): ClockCeilings {
  const elapsedMs = Math.max(0, nowMs - input.t0Ms) + CEILING_SLACK_MS;
  const events = input.machines + Math.ceil((input.runTicksPerSecond * elapsedMs) / 1000);
  return {
    counter: Math.min(Number.MAX_SAFE_INTEGER, events),
    wallMs: Math.ceil(nowMs + CEILING_SLACK_MS + Math.max(0, input.maxClockLeadMs)),
  };
}

/** Names the first clock value above the ceilings (e.g. "lamport 9007199254740991"), or null. */
export function clockAboveCeiling(
  message: { lamport: number; hlc: HlcTimestamp; vector?: VectorClock },
  ceilings: ClockCeilings,
): string | null {
  if (message.lamport > ceilings.counter) return `lamport ${message.lamport}`;
  if (message.hlc.logical > ceilings.counter) return `hlc.logical ${message.hlc.logical}`;
  if (message.hlc.wall > ceilings.wallMs) return `hlc.wall ${message.hlc.wall}`;
  const vector = message.vector;
  if (vector !== undefined) {
    for (const id in vector) if (vector[id]! > ceilings.counter) return `vector.${id} ${vector[id]}`;
  }
  return null;
}
