// A machine's physical clock: what it believes the time is, given the time that really passed.
// It reads true time plus a constant offset, plus drift accumulated since the run's start t0
// (never since the Unix epoch), plus every clock step (a clock fault) applied so far. This keeps
// tick speed (how often a machine acts) apart from clock error (how wrong its wall clock is).
import type { ClockStep } from "./protocol.ts";

export interface PhysicalClockParams {
  /** Constant error added to the reading, ms. */
  offsetMs: number;
  /** Rate error in parts per million, from t0: +100 gains 0.1 ms per true second of the run. */
  driftPpm: number;
}

export const PERFECT_CLOCK: PhysicalClockParams = { offsetMs: 0, driftPpm: 0 };

/** The reading at `trueTimeMs` of a clock with these parameters, for a run that started at `t0Ms`. */
export function readPhysicalClock(params: PhysicalClockParams, trueTimeMs: number, t0Ms = 0): number {
  return trueTimeMs + params.offsetMs + (params.driftPpm / 1e6) * (trueTimeMs - t0Ms);
}

export class PhysicalClock {
  readonly #params: PhysicalClockParams;
  readonly #t0Ms: number;
  /** Steps in time order, and how many of them have been passed (readings only move forward in true time). */
  readonly #steps: readonly ClockStep[];
  #stepsPassed = 0;
  #stepTotalMs = 0;

  constructor(params: PhysicalClockParams, t0Ms: number, steps: readonly ClockStep[] = []) {
    this.#params = params;
    this.#t0Ms = t0Ms;
    this.#steps = [...steps].sort((a, b) => a.atMs - b.atMs);
  }

  read(trueTimeMs: number): number {
    const steps = this.#steps;
    if (steps.length > 0) {
      // Readings come in true-time order; a reading before a step already passed (a driver that
      // asks out of order) recomputes the sum from the start.
      if (this.#stepsPassed > 0 && steps[this.#stepsPassed - 1]!.atMs > trueTimeMs) {
        this.#stepsPassed = 0;
        this.#stepTotalMs = 0;
      }
      while (this.#stepsPassed < steps.length && steps[this.#stepsPassed]!.atMs <= trueTimeMs) {
        this.#stepTotalMs += steps[this.#stepsPassed]!.stepMs;
        this.#stepsPassed++;
      }
    }
    const reading = readPhysicalClock(this.#params, trueTimeMs, this.#t0Ms);
    return this.#stepTotalMs === 0 ? reading : reading + this.#stepTotalMs;
  }
}
