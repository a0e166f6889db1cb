// The absolute tick schedule: tick k (1-based) happens at t0 + k / speed, never "sleep after
// work", so a machine's rate does not drift with its own processing time.

export function tickTimeMs(t0Ms: number, ticksPerSecond: number, tick: number): number {
  return t0Ms + (tick * 1000) / ticksPerSecond;
}

/** How many ticks fall in (t0, t0 + duration]. */
export function ticksInDuration(ticksPerSecond: number, durationMs: number): number {
  return Math.floor((durationMs * ticksPerSecond) / 1000 + 1e-9);
}
