// A machine's physical clock: what it believes the time is, given the time that really passed.
// It reads true time plus a constant offset, plus drift accumulated since the run's start t0
// (never since the Unix epoch), plus what clock faults do to it: steps applied so far, extra drift
// for a while, a strobe (flipping back and forth), a periodic error. This keeps tick speed (how
// often a machine acts) apart from clock error (how wrong its wall clock is).
import type { ClockFaultPlan } from "./protocol.ts";

export interface PhysicalClockParams {
  /** Constant error added to the reading, ms. */
  offsetMs: number;
  /** Rate error in parts per million, from t0: +100 gains 0.1 ms per true second of the run. */
  driftPpm: number;
}

export const PERFECT_CLOCK: PhysicalClockParams = { offsetMs: 0, driftPpm: 0 };

/** The reading at `trueTimeMs` of a clock with these parameters, for a run that started at `t0Ms`. */
export function readPhysicalClock(params: PhysicalClockParams, trueTimeMs: number, t0Ms = 0): number {
  return reading(trueTimeMs, params.offsetMs, params.driftPpm / 1e6, t0Ms);
}

/** The reading without faults, with the drift as a rate (driftPpm / 1e6). */
function reading(trueTimeMs: number, offsetMs: number, driftRate: number, t0Ms: number): number {
  return trueTimeMs + offsetMs + driftRate * (trueTimeMs - t0Ms);
}

/** What one clock fault adds to the reading at `t` (true ms). */
export function clockFaultErrorMs(fault: ClockFaultPlan, t: number): number {
  if (t < fault.fromMs) return 0;
  const endMs = fault.toMs ?? Number.POSITIVE_INFINITY;
  switch (fault.kind) {
    case "step":
      return t >= endMs ? 0 : (fault.stepMs ?? 0);
    case "drift":
      return ((fault.driftPpm ?? 0) / 1e6) * (Math.min(t, endMs) - fault.fromMs);
    case "strobe": {
      if (t >= endMs) return 0;
      const flips = Math.floor((t - fault.fromMs) / (fault.periodMs ?? 1));
      return flips % 2 === 0 ? (fault.amplitudeMs ?? 0) : -(fault.amplitudeMs ?? 0);
    }
    case "periodic":
      if (t >= endMs) return 0;
      return (fault.amplitudeMs ?? 0) * Math.sin((2 * Math.PI * (t - fault.fromMs)) / (fault.periodMs ?? 1));
  }
}

export class PhysicalClock {
  readonly #offsetMs: number;
  /** driftPpm / 1e6, divided once per clock rather than once per reading (the same bits). */
  readonly #driftRate: number;
  readonly #t0Ms: number;
  /** Null when there are none: a reading then looks at nothing but this object. */
  readonly #faults: readonly ClockFaultPlan[] | null;

  constructor(params: PhysicalClockParams, t0Ms: number, faults: readonly ClockFaultPlan[] = []) {
    this.#offsetMs = params.offsetMs;
    this.#driftRate = params.driftPpm / 1e6;
    this.#t0Ms = t0Ms;
    this.#faults = faults.length > 0 ? faults : null;
  }

  read(trueTimeMs: number): number {
    const base = reading(trueTimeMs, this.#offsetMs, this.#driftRate, this.#t0Ms);
    const faults = this.#faults;
    if (faults === null) return base;
    let errorMs = 0;
    for (let i = 0; i < faults.length; i++) errorMs += clockFaultErrorMs(faults[i]!, trueTimeMs);
    return base + errorMs;
  }
}
