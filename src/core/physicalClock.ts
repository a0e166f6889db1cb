// A machine's physical clock: what it believes the time is, given the time that really passed.
// Separates tick speed (how often a machine acts) from clock error (DESIGN.md section 5).

export interface PhysicalClockParams {
  /** Constant error added to the reading, ms. */
  offsetMs: number;
  /** Rate error in parts per million: +100 gains 0.1 ms per true second. */
  driftPpm: number;
}

export const PERFECT_CLOCK: PhysicalClockParams = { offsetMs: 0, driftPpm: 0 };

export function readPhysicalClock(params: PhysicalClockParams, trueTimeMs: number): number {
  return trueTimeMs * (1 + params.driftPpm / 1e6) + params.offsetMs;
}
