// A partition's effect on the Lamport spread: its level in the seconds before, the spread when it
// began, its peak while it lasted, the spread at the heal, how long after the heal it took to be
// back within the level before (to the event), and on each side the first receive of a message
// from across after the heal, with its jump. Sides: the groups (for a one-way partition, the groups
// that could not hear the first one), or each machine of a ring (cut from all but its neighbours).

import type { HealReceive, PartitionEffect } from "./faultTypes.ts";
import type { AnalysisFaultWindow } from "./faultWindows.ts";
import { BASELINE_MS, type EffectTracker, type TimeBase, type TrackedEvent } from "./tracker.ts";

interface Receive {
  machine: string;
  from: string;
  atMs: number;
  jump: number | null;
}

interface Side {
  machines: string[];
  found: Receive | null;
  largest: Receive | null;
}

export class PartitionTracker implements EffectTracker {
  readonly startMs: number;
  readonly #fromMs: number;
  readonly #toMs: number;
  readonly #ids: readonly string[];
  readonly #index: ReadonlyMap<string, number>;
  /** Machine index -> its side (-1: none). */
  readonly #sideOf: Int32Array;
  readonly #sides: Side[];
  /** Whether a message from `sender` to `receiver` (indexes) was cut. */
  readonly #cut: (receiver: number, sender: number) => boolean;
  #level = Number.NaN;
  #atStart = Number.NaN;
  #peak = Number.NaN;
  #peakAt = Number.NaN;
  #atHeal = Number.NaN;
  #recoveryAt = Number.NaN;
  #atRecovery = Number.NaN;
  #sidesLeft: number;

  constructor(window: AnalysisFaultWindow, runStartMs: number, ids: readonly string[]) {
    this.#fromMs = runStartMs + window.fromMs;
    this.#toMs = runStartMs + window.toMs;
    this.startMs = this.#fromMs - BASELINE_MS;
    this.#ids = ids;
    this.#index = new Map(ids.map((id, i) => [id, i]));
    this.#sideOf = new Int32Array(ids.length).fill(-1);
    const action = window.action?.kind === "partition" ? window.action : null;
    if (window.groups !== null && action?.ring !== true) {
      const groupOf = new Int32Array(ids.length).fill(-1);
      window.groups.forEach((group, g) => {
        for (const id of group) {
          const i = this.#index.get(id);
          if (i !== undefined) groupOf[i] = g;
        }
      });
      // One way, only messages from the first group were cut: only the other groups missed news.
      const oneWay = action?.oneWay === true;
      const sideOfGroup = window.groups.map(() => -1);
      this.#sides = [];
      window.groups.forEach((machines, g) => {
        if (oneWay && g === 0) return;
        sideOfGroup[g] = this.#sides.length;
        this.#sides.push({ machines, found: null, largest: null });
      });
      groupOf.forEach((g, i) => {
        if (g >= 0) this.#sideOf[i] = sideOfGroup[g]!;
      });
      this.#cut = (r, s) => groupOf[s]! >= 0 && groupOf[s] !== groupOf[r] && (!oneWay || groupOf[s] === 0);
    } else {
      // A ring: each machine reaches only its neighbours in id order (the last next to the first).
      const n = ids.length;
      this.#sides = ids.map((id) => ({ machines: [id], found: null, largest: null }));
      this.#sideOf = Int32Array.from(ids, (_, i) => i);
      this.#cut = (r, s) => {
        const d = Math.abs(r - s);
        return d > 1 && d < n - 1;
      };
    }
    this.#sidesLeft = this.#sides.length;
  }

  event({ machine, event, step, spreadBefore, spreadAfter }: TrackedEvent): boolean {
    const t = event.trueTime;
    const before = spreadBefore ?? Number.NaN;
    const after = spreadAfter ?? Number.NaN;
    if (t < this.#fromMs) {
      this.#raiseLevel(before);
      this.#raiseLevel(after);
      return true;
    }
    if (Number.isNaN(this.#atStart)) {
      // The first event at or after the start: the spread before it is the one in force at the start.
      this.#raiseLevel(before);
      this.#atStart = before;
      this.#raisePeak(before, this.#fromMs);
    }
    if (t < this.#toMs) {
      this.#raisePeak(after, t);
      return true;
    }
    if (Number.isNaN(this.#atHeal)) {
      this.#atHeal = before;
      if (before <= this.#level) this.#recovered(this.#toMs, before);
    }
    const recovering = Number.isNaN(this.#recoveryAt);
    this.#healReceive(machine, t, step, event.type === "RECEIVE" ? event.message : undefined, recovering);
    if (recovering && after <= this.#level) this.#recovered(t, after);
    return Number.isNaN(this.#recoveryAt) || this.#sidesLeft > 0;
  }

  #raiseLevel(spread: number): void {
    if (!Number.isNaN(spread) && !(spread <= this.#level)) this.#level = spread;
  }

  #raisePeak(spread: number, atMs: number): void {
    if (!Number.isNaN(spread) && !(spread <= this.#peak)) {
      this.#peak = spread;
      this.#peakAt = atMs;
    }
  }

  #recovered(atMs: number, spread: number): void {
    this.#recoveryAt = atMs;
    this.#atRecovery = spread;
  }

  #healReceive(
    machine: number,
    atMs: number,
    step: number | null,
    message: { from?: string; duplicate?: boolean } | undefined,
    recovering: boolean,
  ): void {
    if (message?.from === undefined) return;
    const s = this.#sideOf[machine]!;
    if (s < 0) return;
    const side = this.#sides[s]!;
    if (side.found !== null && !recovering) return;
    const sender = this.#index.get(message.from);
    if (sender === undefined || !this.#cut(machine, sender)) return;
    const receive = { machine: this.#ids[machine]!, from: message.from, atMs, jump: step };
    if (recovering && step !== null && !(step <= (side.largest?.jump ?? Number.NEGATIVE_INFINITY)))
      side.largest = receive;
    if (side.found === null) {
      side.found = receive;
      this.#sidesLeft--;
    }
  }

  result(time: TimeBase): PartitionEffect {
    const value = (v: number) => (Number.isNaN(v) ? null : v);
    const healReceives: HealReceive[] = this.#sides.map((side) => ({
      side: side.machines,
      machine: side.found?.machine ?? null,
      from: side.found?.from ?? null,
      atS: side.found === null ? null : time.since(side.found.atMs),
      jump: side.found?.jump ?? null,
      jumpMax: side.largest?.jump ?? null,
      jumpMaxAtS: side.largest === null ? null : time.since(side.largest.atMs),
      jumpMaxMachine: side.largest?.machine ?? null,
    }));
    return {
      kind: "partition",
      spreadBefore: value(this.#level),
      spreadAtStart: value(this.#atStart),
      spreadPeak: value(this.#peak),
      spreadPeakAtS: time.since(this.#peakAt),
      spreadAtHeal: value(this.#atHeal),
      recoveryMs: Number.isNaN(this.#recoveryAt) ? null : this.#recoveryAt - this.#toMs,
      spreadAtRecovery: value(this.#atRecovery),
      healReceives,
    };
  }
}
