// Counts causality violations: RECEIVE events whose Lamport value is not above
// the message's, plus vector-clock inconsistencies: a RECEIVE whose vector does not dominate the
// sender's vector at its SEND, or whose own entry did not increase. An event counts once however
// many rules it breaks.
//
// Memory caveat: the vector check needs the sender's vector, so the vector of every message sent
// but not yet received by all its destinations is kept, keyed by message id (events are visited in
// true-time order, so a SEND comes before its RECEIVEs). A slow machine's growing queue makes that
// map grow; it is capped at MAX_PENDING messages, beyond which new messages go unchecked (counted
// in `vectorChecksSkipped`). Runs without vector clocks keep nothing.
import type { VectorClock } from "../core/types.ts";
import { type AnalysisEvent, hasVector, vectorOf } from "./event.ts";

export const MAX_PENDING = 200_000;

interface PendingMessage {
  vector: VectorClock;
  remaining: number;
}

export class CausalityChecker {
  readonly #pending = new Map<string, PendingMessage>();
  readonly #maxPending: number;
  violations = 0;
  vectorChecksSkipped = 0;
  /** RECEIVE events whose vector was checked against the sender's. */
  vectorChecksMade = 0;

  constructor(maxPending = MAX_PENDING) {
    this.#maxPending = maxPending;
  }

  /** `previous` is this machine's previous event (undefined for its first). */
  event(event: AnalysisEvent, self: string, previous: AnalysisEvent | undefined, destinations: number): void {
    const message = event.message;
    if (event.type === "SEND") {
      const vector = hasVector(event) ? vectorOf(event) : undefined;
      if (vector !== undefined && message !== undefined && destinations > 0) {
        // Beyond the cap the message is not kept; its receives count as skipped checks.
        if (this.#pending.size < this.#maxPending) {
          this.#pending.set(message.id, { vector, remaining: destinations });
        }
      }
      return;
    }
    if (event.type !== "RECEIVE" || message === undefined) return;
    let violated = event.lamport <= message.lamport;
    const vector = hasVector(event) ? vectorOf(event) : undefined;
    if (vector !== undefined) {
      const own = vector[self] ?? 0;
      // A restart with its clocks from zero (a crash fault) starts the machine's own entry over:
      // its Lamport value drops, which it never does otherwise.
      const restartedFromZero = previous !== undefined && event.lamport < previous.lamport;
      const previousOwn = previous === undefined || restartedFromZero ? undefined : ownEntry(previous, self);
      if (previousOwn !== undefined && !(own > previousOwn)) violated = true;
      const sent = this.#pending.get(message.id);
      if (sent === undefined) {
        this.vectorChecksSkipped++;
      } else {
        this.vectorChecksMade++;
        for (const key in sent.vector) {
          if (!((vector[key] ?? 0) >= sent.vector[key]!)) violated = true;
        }
        if (--sent.remaining <= 0) this.#pending.delete(message.id);
      }
    }
    if (violated) this.violations++;
  }
}

/** A machine's own entry in an event's vector, without parsing the whole vector when it is still text. */
function ownEntry(event: AnalysisEvent, self: string): number | undefined {
  if (event.vector !== undefined) return event.vector[self];
  const text = event.vectorText;
  if (text === undefined) return undefined;
  const key = `${JSON.stringify(self)}:`;
  const at = text.indexOf(key);
  if (at < 0) return hasVector(event) ? vectorOf(event)?.[self] : undefined;
  return Number.parseFloat(text.slice(at + key.length));
}
