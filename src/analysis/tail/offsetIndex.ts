// Where in a machine's log each stretch of true time starts: a checkpoint (trueTime, byte offset)
// every CHECKPOINT_LINES lines, so reading the events of a past time range (the page scrubbing
// back) starts near it instead of at the top of the file. A few numbers per thousand lines.

const CHECKPOINT_LINES = 256;

export class OffsetIndex {
  readonly #times: number[] = [];
  readonly #offsets: number[] = [];
  #linesSinceCheckpoint = CHECKPOINT_LINES;

  /** Notes a line of the file (in file order). */
  add(timeMs: number, startOffset: number): void {
    if (this.#linesSinceCheckpoint >= CHECKPOINT_LINES) {
      this.#times.push(timeMs);
      this.#offsets.push(startOffset);
      this.#linesSinceCheckpoint = 0;
    }
    this.#linesSinceCheckpoint++;
  }

  /** A byte offset from which every line with trueTime ≥ fromMs follows. */
  startFor(fromMs: number): number {
    let low = 0;
    let high = this.#times.length - 1;
    let found = 0;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.#times[middle]! < fromMs) {
        found = this.#offsets[middle]!;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}
