// A replay's clock: it starts when the first page connects, at the earliest line any file holds,
// and from then on lines are due up to that trueTime plus the wall time since, times the speed.
import type { TailedFile } from "./tailedFile.ts";

export class ReplayClock {
  readonly #speed: number;
  #startWallMs: number | null = null;
  #originMs: number | null = null;

  constructor(speed: number) {
    this.#speed = speed;
  }

  /** The first page connected (later calls change nothing). */
  startOnce(nowMs: number): void {
    this.#startWallMs ??= nowMs;
  }

  /** The trueTime up to which lines are due now; -Infinity before the start or any line. */
  dueUntilMs(files: Iterable<TailedFile>, nowMs: number): number {
    if (this.#startWallMs === null) return Number.NEGATIVE_INFINITY;
    if (this.#originMs === null) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const file of files) {
        const head = file.peek();
        if (head !== undefined && Number.isFinite(head.timeMs)) earliest = Math.min(earliest, head.timeMs);
      }
      if (!Number.isFinite(earliest)) return Number.NEGATIVE_INFINITY;
      this.#originMs = earliest;
      this.#startWallMs = nowMs;
    }
    return this.#originMs + (nowMs - this.#startWallMs) * this.#speed;
  }
}
