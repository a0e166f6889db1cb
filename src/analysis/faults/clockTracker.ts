// A clock fault's effect on hybrid logical clocks, per machine: how far each HLC ran ahead of its
// own physical clock (hlc.wall − floor(systemTime)) in the seconds before, and from the fault on:
// the largest lead, the largest logical counter (an HLC whose clock fell behind holds its wall and
// counts), how far it was from true time, when it first ran further ahead than before and how long
// it took to be back within that. Targets are the machines whose clock the fault changed; of the
// others, the most affected is kept (a clock stepped forward pulls the others' HLCs ahead). Each
// machine is watched until it caught up, or until the next clock fault on a target, or the run's end.

import type { ClockEffect, ClockMachineEffect } from "./faultTypes.ts";
import type { AnalysisFaultWindow } from "./faultWindows.ts";
import { BASELINE_MS, type EffectTracker, maxOf, type TimeBase, type TrackedEvent } from "./tracker.ts";

export class ClockTracker implements EffectTracker {
  readonly startMs: number;
  readonly #fromMs: number;
  readonly #untilMs: number;
  readonly #ids: readonly string[];
  readonly #target: Uint8Array;
  readonly #before: Float64Array;
  readonly #aheadMax: Float64Array;
  readonly #aheadMaxAt: Float64Array;
  readonly #logicalMax: Float64Array;
  readonly #offTrueMax: Float64Array;
  readonly #aheadFrom: Float64Array;
  readonly #caughtUpAt: Float64Array;
  readonly #aheadLast: Float64Array;

  /** `untilMs`: where the next clock fault on one of its targets begins (or Infinity), true time. */
  constructor(window: AnalysisFaultWindow, runStartMs: number, ids: readonly string[], untilMs: number) {
    this.#fromMs = runStartMs + window.fromMs;
    this.startMs = this.#fromMs - BASELINE_MS;
    this.#untilMs = untilMs;
    this.#ids = ids;
    const n = ids.length;
    const targets = new Set(window.targets);
    this.#target = Uint8Array.from(ids, (id) => (targets.has(id) ? 1 : 0));
    const nan = () => new Float64Array(n).fill(Number.NaN);
    this.#before = nan();
    this.#aheadMax = nan();
    this.#aheadMaxAt = nan();
    this.#logicalMax = nan();
    this.#offTrueMax = nan();
    this.#aheadFrom = nan();
    this.#caughtUpAt = nan();
    this.#aheadLast = nan();
  }

  event({ machine: m, event }: TrackedEvent): boolean {
    const t = event.trueTime;
    if (t >= this.#untilMs) return false;
    const wall = event.hlcWall;
    if (wall === undefined) return true;
    const ahead = wall - Math.floor(event.systemTime);
    if (t < this.#fromMs) {
      this.#before[m] = maxOf(this.#before[m]!, ahead);
      return true;
    }
    // Caught up: this machine's episode is over (the others are watched on: a clock stepped forward
    // keeps pulling their HLCs ahead for as long as it runs ahead).
    if (!Number.isNaN(this.#caughtUpAt[m]!)) return true;
    if (!(ahead <= this.#aheadMax[m]!)) {
      this.#aheadMax[m] = ahead;
      this.#aheadMaxAt[m] = t;
    }
    this.#logicalMax[m] = maxOf(this.#logicalMax[m]!, event.hlcLogical!);
    this.#offTrueMax[m] = maxOf(this.#offTrueMax[m]!, Math.abs(wall - event.trueTime));
    this.#aheadLast[m] = ahead;
    const level = this.#level(m);
    if (Number.isNaN(this.#aheadFrom[m]!)) {
      if (ahead > level) this.#aheadFrom[m] = t;
    } else if (ahead <= level) {
      this.#caughtUpAt[m] = t;
    }
    return true;
  }

  #level(m: number): number {
    const before = this.#before[m]!;
    return Number.isNaN(before) ? 0 : Math.max(0, before);
  }

  #machine(m: number, time: TimeBase): ClockMachineEffect {
    const value = (v: number) => (Number.isNaN(v) ? null : v);
    const aheadFrom = this.#aheadFrom[m]!;
    const caughtUpAt = this.#caughtUpAt[m]!;
    return {
      machine: this.#ids[m]!,
      target: this.#target[m] === 1,
      hlcAheadMsBefore: value(this.#before[m]!),
      hlcAheadMsMax: value(this.#aheadMax[m]!),
      hlcAheadMaxAtS: time.since(this.#aheadMaxAt[m]!),
      hlcLogicalMax: value(this.#logicalMax[m]!),
      hlcOffTrueMsMax: value(this.#offTrueMax[m]!),
      aheadFromS: time.since(aheadFrom),
      caughtUpMs: Number.isNaN(caughtUpAt) ? null : caughtUpAt - aheadFrom,
      hlcAheadMsAtEnd: value(this.#aheadLast[m]!),
    };
  }

  result(time: TimeBase): ClockEffect {
    const targets: ClockMachineEffect[] = [];
    let other = -1;
    let otherRise = 0;
    for (let m = 0; m < this.#ids.length; m++) {
      if (this.#target[m] === 1) {
        targets.push(this.#machine(m, time));
        continue;
      }
      const max = this.#aheadMax[m]!;
      const rise = max - this.#level(m);
      if (!Number.isNaN(max) && rise > otherRise) {
        other = m;
        otherRise = rise;
      }
    }
    return { kind: "clock", targets, mostAffectedOther: other < 0 ? null : this.#machine(other, time) };
  }
}
