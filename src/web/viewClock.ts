// Which stretch of true time the diagram shows. Following, its right edge is the newest event,
// moved on smoothly between updates at the run's pace (real time live, the replay speed in a
// replay, still once a run is over), and never before the run's first span; paused or scrubbed,
// it stays where the user put it.

export class ViewClock {
  following = true;
  /** Right edge while not following (ms of true time). */
  pausedEndMs = 0;
  spanMs = 10_000;
  #latestMs: number | null = null;
  #latestAt = 0;
  /** True ms per wall ms at which the run advances now (0: it does not). */
  rate = 0;
  earliestMs: number | null = null;

  /** A newer event time arrived. */
  advanceTo(latestMs: number, now = performance.now()): void {
    if (this.#latestMs === null || latestMs > this.#latestMs) {
      this.#latestMs = latestMs;
      this.#latestAt = now;
    }
    if (this.earliestMs === null || latestMs < this.earliestMs) this.earliestMs = latestMs;
  }

  noteEarliest(earliestMs: number | null): void {
    if (earliestMs !== null && (this.earliestMs === null || earliestMs < this.earliestMs)) {
      this.earliestMs = earliestMs;
    }
  }

  get latestMs(): number | null {
    return this.#latestMs;
  }

  /** The newest instant the run has reached, interpolated (at most one second ahead of the data). */
  headMs(now = performance.now()): number {
    if (this.#latestMs === null) return 0;
    const ahead = Math.min((now - this.#latestAt) * this.rate, 1000 * Math.max(1, this.rate));
    return this.#latestMs + Math.max(0, ahead);
  }

  endMs(now = performance.now()): number {
    if (!this.following) return this.pausedEndMs;
    // Early in a run the diagram fills from the left instead of showing empty time before it.
    const head = this.headMs(now);
    return this.earliestMs === null ? head : Math.max(head, this.earliestMs + this.spanMs);
  }

  startMs(now = performance.now()): number {
    return this.endMs(now) - this.spanMs;
  }

  pause(now = performance.now()): void {
    if (this.following) this.pausedEndMs = this.headMs(now);
    this.following = false;
  }

  follow(): void {
    this.following = true;
  }

  /** Moves the right edge (pausing), kept within the run. */
  scrubTo(endMs: number): void {
    this.following = false;
    const earliest = this.earliestMs ?? endMs;
    const latest = this.#latestMs ?? endMs;
    this.pausedEndMs = Math.min(Math.max(endMs, earliest), latest);
  }

  reset(): void {
    this.#latestMs = null;
    this.earliestMs = null;
  }
}
