// The host clock for live mode: epoch milliseconds with sub-millisecond resolution, monotonic
// within a process (performance.now() on top of the process's time origin).

export function hostNowMs(): number {
  return performance.timeOrigin + performance.now();
}
