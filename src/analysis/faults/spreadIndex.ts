// The Lamport spread (largest minus smallest value across the machines that take part) at every
// event, not only at the one-second samples: a min/max tree over the machines' current values,
// O(log n) per event and O(1) to read, so a fault's effect on the spread is measured to the event.
// A machine counts with 0 before its first event, as in the run's spread.

export class SpreadIndex {
  readonly #size: number;
  readonly #min: Float64Array;
  readonly #max: Float64Array;

  /** `participates[i]`: machine i has events in the run (others never count). */
  constructor(participates: readonly boolean[]) {
    let size = 1;
    while (size < participates.length) size *= 2;
    this.#size = size;
    this.#min = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
    this.#max = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    participates.forEach((takesPart, i) => {
      if (!takesPart) return;
      this.#min[size + i] = 0;
      this.#max[size + i] = 0;
    });
    for (let node = size - 1; node >= 1; node--) this.#pull(node);
  }

  set(machine: number, lamport: number): void {
    let node = this.#size + machine;
    if (this.#min[node] === Number.POSITIVE_INFINITY) return;
    this.#min[node] = lamport;
    this.#max[node] = lamport;
    for (node >>= 1; node >= 1; node >>= 1) this.#pull(node);
  }

  /** Largest minus smallest current value; null when no machine takes part. */
  get spread(): number | null {
    const high = this.#max[1]!;
    const low = this.#min[1]!;
    return high < low ? null : high - low;
  }

  /** The largest current value across machines (NEGATIVE_INFINITY when none takes part). */
  get max(): number {
    return this.#max[1]!;
  }

  #pull(node: number): void {
    const left = 2 * node;
    const right = left + 1;
    this.#min[node] = Math.min(this.#min[left]!, this.#min[right]!);
    this.#max[node] = Math.max(this.#max[left]!, this.#max[right]!);
  }
}
