// The metrics of one phase of a fault (before, during or after its window) over all machines,
// accumulated one event at a time, plus the router's drops in it. Constant memory per phase.
import type { AnalysisEvent } from "../event.ts";
import type { PhaseMetrics } from "./faultTypes.ts";

export class PhaseAccumulator {
  /** ms, true time: the phase is [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  events = 0;
  receives = 0;
  queueMax = Number.NEGATIVE_INFINITY;
  transitSum = 0;
  transitCount = 0;
  spreadMax = Number.NEGATIVE_INFINITY;
  drops = 0;
  readonly dropsByReason: Record<string, number> = {};

  constructor(fromMs: number, toMs: number) {
    this.fromMs = fromMs;
    this.toMs = Math.max(fromMs, toMs);
  }

  /** The spread in force when the phase begins (the state the previous event left). */
  begin(spread: number | null): void {
    if (spread !== null && spread > this.spreadMax) this.spreadMax = spread;
  }

  event(event: AnalysisEvent, spreadAfter: number | null): void {
    this.events++;
    if (event.queueLength > this.queueMax) this.queueMax = event.queueLength;
    if (event.type === "RECEIVE") {
      this.receives++;
      this.transitSum += event.systemTime - event.message!.sentAt;
      this.transitCount++;
    }
    if (spreadAfter !== null && spreadAfter > this.spreadMax) this.spreadMax = spreadAfter;
  }

  drop(reason: string): void {
    this.drops++;
    this.dropsByReason[reason] = (this.dropsByReason[reason] ?? 0) + 1;
  }

  /** The phase clipped to the run's events [firstMs, lastMs], in seconds since firstMs. */
  result(firstMs: number, lastMs: number): PhaseMetrics {
    const from = Math.min(Math.max(this.fromMs, firstMs), lastMs);
    const to = Math.max(from, Math.min(this.toMs, lastMs));
    const durationS = (to - from) / 1000;
    return {
      fromS: (from - firstMs) / 1000,
      toS: (to - firstMs) / 1000,
      durationS,
      events: this.events,
      eventsPerSecond: durationS > 0 ? this.events / durationS : null,
      receives: this.receives,
      drops: this.drops,
      dropsByReason: this.dropsByReason,
      queueMax: this.events > 0 ? this.queueMax : null,
      transitMsMean: this.transitCount > 0 ? this.transitSum / this.transitCount : null,
      // A phase outside the run's events has no spread to speak of.
      spreadMax:
        Number.isFinite(this.spreadMax) && (durationS > 0 || this.events > 0) ? this.spreadMax : null,
    };
  }
}

/**
 * Every phase of every fault, fed the events in true-time order (each event goes to the phases it
 * falls in) and the router's drops in any order (found by binary search over the phases' starts).
 */
export class PhaseSet {
  readonly #sorted: PhaseAccumulator[];
  readonly #longestMs: number;
  readonly #active: PhaseAccumulator[] = [];
  #next = 0;

  constructor(phases: PhaseAccumulator[]) {
    this.#sorted = [...phases].sort((a, b) => a.fromMs - b.fromMs);
    this.#longestMs = phases.reduce((max, p) => Math.max(max, p.toMs - p.fromMs), 0);
  }

  event(event: AnalysisEvent, spreadBefore: number | null, spreadAfter: number | null): void {
    const t = event.trueTime;
    this.#begin(t, spreadBefore);
    const active = this.#active;
    for (let i = 0; i < active.length; ) {
      const phase = active[i]!;
      if (phase.toMs <= t) {
        active[i] = active[active.length - 1]!;
        active.pop();
        continue;
      }
      phase.event(event, spreadAfter);
      i++;
    }
  }

  /** After the last event: phases not begun yet begin with the spread the run ended with. */
  finish(spread: number | null): void {
    this.#begin(Number.POSITIVE_INFINITY, spread);
  }

  drop(atMs: number, reason: string): void {
    const sorted = this.#sorted;
    // The last phase that starts at or before atMs, then back over those that may still hold it.
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sorted[middle]!.fromMs <= atMs) low = middle + 1;
      else high = middle;
    }
    for (let i = low - 1; i >= 0 && sorted[i]!.fromMs >= atMs - this.#longestMs; i--) {
      const phase = sorted[i]!;
      if (atMs < phase.toMs) phase.drop(reason);
    }
  }

  #begin(timeMs: number, spread: number | null): void {
    const sorted = this.#sorted;
    while (this.#next < sorted.length && sorted[this.#next]!.fromMs <= timeMs) {
      const phase = sorted[this.#next++]!;
      phase.begin(spread);
      this.#active.push(phase);
    }
  }
}
