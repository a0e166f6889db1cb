// The events the page holds for one stretch of true time: per machine in log order, with every
// message's SEND and RECEIVEs indexed by id (for arrows and the causal graph). The live window
// drops its oldest events so memory stays bounded; a window fetched for scrubbing back holds one
// past range. It holds every event with trueTime ≥ `fromMs`, so causal walks inside it are exact.
import type { WireEvent } from "../core/watch/protocol.ts";
import type { CausalGraph } from "./causal.ts";

export interface ViewEvent extends WireEvent {
  /** Lamport step from the machine's previous event (L_i − L_(i−1)); undefined for the first held. */
  jump?: number;
  /** Date.now() when it reached the page (for the display-lag hook). */
  arrivedAt?: number;
  /** Where the diagram drew it (canvas pixels), in which frame, and whether it ever did. */
  drawnX?: number;
  drawnY?: number;
  drawnFrame?: number;
  drawnFirst?: true;
}

let windowsMade = 0;

/** One number per event of a run: its machine index and sequence number. */
export function eventKey(event: { m: number; seq: number }): number {
  return event.m * 4_294_967_296 + event.seq;
}

export class EventWindow implements CausalGraph<ViewEvent> {
  /** Tells windows apart (a fetched window replaces another of the same version). */
  readonly id = ++windowsMade;
  readonly lanes: ViewEvent[][] = [];
  readonly #sends = new Map<string, ViewEvent>();
  readonly #receives = new Map<string, ViewEvent[]>();
  /** Every event with trueTime ≥ fromMs (up to the latest) is held. */
  fromMs: number;
  latestMs = Number.NEGATIVE_INFINITY;
  /** Every event up to this trueTime is held (the latest event's, or a fetched range's end). */
  heldToMs = Number.NEGATIVE_INFINITY;
  count = 0;
  /** Bumped on every change, so views know when to redraw or recompute. */
  version = 0;

  /** A window of a stretch fetched from the server (held from its first event if it was cut). */
  static fromRangeReply(reply: {
    events: WireEvent[];
    complete: boolean;
    fromMs: number;
    toMs: number;
  }): EventWindow {
    const window = new EventWindow(reply.complete ? reply.fromMs : (reply.events[0]?.t ?? reply.toMs));
    window.add(reply.events);
    window.heldToMs = Math.max(window.heldToMs, reply.toMs);
    return window;
  }

  constructor(fromMs = Number.NEGATIVE_INFINITY) {
    this.fromMs = fromMs;
  }

  sendOf(msgId: string): ViewEvent | undefined {
    return this.#sends.get(msgId);
  }

  receivesOf(msgId: string): ViewEvent[] {
    return this.#receives.get(msgId) ?? [];
  }

  #lane(machine: number): ViewEvent[] {
    while (this.lanes.length <= machine) this.lanes.push([]);
    return this.lanes[machine]!;
  }

  add(events: ReadonlyArray<WireEvent>, arrivedAt?: number): void {
    for (const wire of events) {
      if (wire.t < this.fromMs) continue;
      const event = wire as ViewEvent;
      if (arrivedAt !== undefined) event.arrivedAt = arrivedAt;
      const lane = this.#lane(event.m);
      const last = lane[lane.length - 1];
      if (last === undefined || last.t <= event.t) {
        if (last !== undefined) event.jump = event.lamport - last.lamport;
        lane.push(event);
      } else {
        lane.splice(this.#insertionIndex(lane, event.t), 0, event);
      }
      if (event.msgId !== undefined) {
        if (event.kind === "SEND") this.#sends.set(event.msgId, event);
        else if (event.kind === "RECEIVE") {
          const list = this.#receives.get(event.msgId);
          if (list === undefined) this.#receives.set(event.msgId, [event]);
          else list.push(event);
        }
      }
      if (event.t > this.latestMs) this.latestMs = event.t;
      if (event.t > this.heldToMs) this.heldToMs = event.t;
      this.count++;
    }
    this.version++;
  }

  #insertionIndex(lane: ReadonlyArray<ViewEvent>, timeMs: number): number {
    let low = 0;
    let high = lane.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (lane[middle]!.t <= timeMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Index of the first event of `lane` with t ≥ timeMs. */
  firstAtOrAfter(lane: ReadonlyArray<ViewEvent>, timeMs: number): number {
    let low = 0;
    let high = lane.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (lane[middle]!.t < timeMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Whether every event in [fromMs, toMs] is held. */
  covers(fromMs: number, toMs: number): boolean {
    return fromMs >= this.fromMs && toMs <= Math.max(this.heldToMs, this.fromMs);
  }

  find(machine: number, seq: number): ViewEvent | undefined {
    return this.lanes[machine]?.find((event) => event.seq === seq);
  }

  /** Drops every event older than cutoffMs. */
  evictBefore(cutoffMs: number): void {
    if (cutoffMs <= this.fromMs) return;
    this.fromMs = cutoffMs;
    for (const lane of this.lanes) {
      const drop = this.firstAtOrAfter(lane, cutoffMs);
      if (drop === 0) continue;
      for (const event of lane.slice(0, drop)) this.#unindex(event);
      lane.splice(0, drop);
      this.count -= drop;
      const first = lane[0];
      if (first !== undefined) first.jump = undefined;
    }
    this.version++;
  }

  #unindex(event: ViewEvent): void {
    if (event.msgId === undefined) return;
    if (event.kind === "SEND") {
      if (this.#sends.get(event.msgId) === event) this.#sends.delete(event.msgId);
    } else if (event.kind === "RECEIVE") {
      const list = this.#receives.get(event.msgId);
      if (list === undefined) return;
      const kept = list.filter((other) => other !== event);
      if (kept.length === 0) this.#receives.delete(event.msgId);
      else this.#receives.set(event.msgId, kept);
    }
  }

  /** Keeps at most spanMs of true time and at most maxEvents events. */
  bound(spanMs: number, maxEvents: number): void {
    let cutoff = this.latestMs - spanMs;
    // Evict in steps (a second of time, a tenth of the events): splicing every lane for a few
    // events at a time is wasted work.
    if (this.count <= maxEvents && cutoff - this.fromMs < 1000) return;
    const keep = Math.floor(maxEvents * 0.9);
    if (this.count - this.#countBefore(cutoff) > keep) {
      // Binary search for the cutoff that leaves `keep` events.
      let low = cutoff;
      let high = this.latestMs;
      for (let i = 0; i < 40 && high - low > 0.001; i++) {
        const middle = (low + high) / 2;
        if (this.count - this.#countBefore(middle) > keep) low = middle;
        else high = middle;
      }
      cutoff = high;
    }
    this.evictBefore(cutoff);
  }

  #countBefore(timeMs: number): number {
    let n = 0;
    for (const lane of this.lanes) n += this.firstAtOrAfter(lane, timeMs);
    return n;
  }
}
