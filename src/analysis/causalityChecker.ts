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
import { type AnalysisEvent, hasVector, vectorOf } from "./event.ts";
import { type CheckedVector, dominates, entryOf, NOT_PLAIN, plainVector } from "./vectorText.ts";

export const MAX_PENDING = 200_000;

interface PendingMessage {
  vector: CheckedVector;
  remaining: number;
}

/** The last event of a machine whose vector was read, and that vector. */
interface LastRead {
  event: AnalysisEvent;
  vector: CheckedVector;
}

export class CausalityChecker {
  readonly #pending = new Map<string, PendingMessage>();
  readonly #maxPending: number;
  /** By machine: its last event whose vector was read (its next event's previous, as a rule). */
  readonly #lastRead = new Map<string, LastRead>();
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
      const vector = this.#read(event, self);
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
    const vector = this.#read(event, self);
    if (vector !== undefined) {
      const own = (entryOf(vector, self) ?? 0) as number;
      // A restart with its clocks from zero (a crash fault) starts the machine's own entry over:
      // its Lamport value drops, which it never does otherwise.
      const restartedFromZero = previous !== undefined && event.lamport < previous.lamport;
      const previousOwn =
        previous === undefined || restartedFromZero ? undefined : this.#ownEntry(previous, self);
      if (previousOwn !== undefined && !(own > (previousOwn as number))) violated = true;
      const sent = this.#pending.get(message.id);
      if (sent === undefined) {
        this.vectorChecksSkipped++;
      } else {
        this.vectorChecksMade++;
        if (!dominates(vector, sent.vector)) violated = true;
        if (--sent.remaining <= 0) this.#pending.delete(message.id);
      }
    }
    if (violated) this.violations++;
  }

  /** The event's vector (undefined if it has none, or it is corrupt), remembered as the machine's last. */
  #read(event: AnalysisEvent, self: string): CheckedVector | undefined {
    if (!hasVector(event)) return undefined;
    const text = event.vector === undefined ? event.vectorText : undefined;
    const vector = (text === undefined ? undefined : (plainVector(text) ?? undefined)) ?? vectorOf(event);
    if (vector === undefined) return undefined;
    const last = this.#lastRead.get(self);
    if (last === undefined) this.#lastRead.set(self, { event, vector });
    else {
      last.event = event;
      last.vector = vector;
    }
    return vector;
  }

  #ownEntry(previous: AnalysisEvent, self: string): unknown {
    const last = this.#lastRead.get(self);
    if (last !== undefined && last.event === previous) return entryOf(last.vector, self);
    return ownEntry(previous, self);
  }
}

/** A machine's own entry in an event's vector, without making an object of it when it is still text. */
function ownEntry(event: AnalysisEvent, self: string): unknown {
  if (event.vector !== undefined) return event.vector[self];
  const text = event.vectorText;
  if (text === undefined) return undefined;
  const plain = plainVector(text);
  if (plain !== NOT_PLAIN) return entryOf(plain, self);
  const key = `${JSON.stringify(self)}:`;
  const at = text.indexOf(key);
  if (at < 0) return hasVector(event) ? vectorOf(event)?.[self] : undefined;
  return Number.parseFloat(text.slice(at + key.length));
}
