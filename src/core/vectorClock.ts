// Vector clock rules over a fixed, sorted list of machine ids. Inside a machine the clock is an
// array indexed like that list (cheap); on the wire and in logs it is an object keyed by id.
import type { MachineId, VectorClock } from "./types.ts";

export class VectorClockState {
  readonly #ids: readonly MachineId[];
  readonly #selfIndex: number;
  readonly #counters: number[];

  constructor(ids: readonly MachineId[], self: MachineId, initial?: VectorClock) {
    this.#ids = ids;
    this.#selfIndex = ids.indexOf(self);
    if (this.#selfIndex < 0) throw new RangeError(`vector clock: ${self} is not among ${ids.join(", ")}`);
    this.#counters = ids.map((id) => initial?.[id] ?? 0);
  }

  /** Internal event or send: `vc[self] += 1`. */
  tickLocal(): void {
    this.#counters[this.#selfIndex]! += 1;
  }

  /** Receive: pointwise max with the message's clock, then `vc[self] += 1`. */
  merge(message: VectorClock): void {
    const counters = this.#counters;
    for (let i = 0; i < counters.length; i++) {
      const theirs = message[this.#ids[i]!];
      if (theirs !== undefined && theirs > counters[i]!) counters[i] = theirs;
    }
    counters[this.#selfIndex]! += 1;
  }

  snapshot(): VectorClock {
    const out: VectorClock = {};
    for (let i = 0; i < this.#ids.length; i++) out[this.#ids[i]!] = this.#counters[i]!;
    return out;
  }
}

/** True when every entry of `a` is >= the same entry of `b` (missing entries count as 0). */
export function vectorDominates(a: VectorClock, b: VectorClock): boolean {
  for (const id of Object.keys(b)) {
    if ((a[id] ?? 0) < (b[id] ?? 0)) return false;
  }
  return true;
}
