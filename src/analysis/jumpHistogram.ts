// An exact histogram of integer Lamport steps (L_i - L_(i-1)): a dense array for the usual small
// sizes and a map for the rest, so percentiles are exact and memory does not grow with events. The
// dense array starts small and doubles up to DENSE_SIZES as larger steps appear, so ten thousand
// machines that mostly step by 1 cost a few hundred bytes each, not 32 KB.

const DENSE_SIZES = 4096;
const FIRST_DENSE_SIZES = 16;

export class JumpHistogram {
  #dense = new Float64Array(FIRST_DENSE_SIZES);
  readonly #sparse = new Map<number, number>();
  count = 0;
  sum = 0;
  max = Number.NEGATIVE_INFINITY;
  over1 = 0;

  add(step: number): void {
    this.count++;
    this.sum += step;
    if (step > this.max) this.max = step;
    if (step > 1) this.over1++;
    if (step >= 0 && step < DENSE_SIZES && Number.isInteger(step)) {
      if (step >= this.#dense.length) this.#grow(step);
      this.#dense[step]!++;
    } else this.#sparse.set(step, (this.#sparse.get(step) ?? 0) + 1);
  }

  #grow(step: number): void {
    let length = this.#dense.length;
    while (length <= step) length *= 2;
    const dense = new Float64Array(Math.min(DENSE_SIZES, length));
    dense.set(this.#dense);
    this.#dense = dense;
  }

  /** (size, count) pairs with count > 0, smallest size first. */
  entries(): Array<{ size: number; count: number }> {
    const out: Array<{ size: number; count: number }> = [];
    for (const [size, count] of this.#sparse) if (size < 0) out.push({ size, count });
    for (let size = 0; size < this.#dense.length; size++) {
      const count = this.#dense[size]!;
      if (count > 0) out.push({ size, count });
    }
    for (const [size, count] of this.#sparse) if (size >= 0) out.push({ size, count });
    return out.sort((a, b) => a.size - b.size);
  }

  /**
   * The p-th percentile by the nearest-rank method: the smallest step s such that at least
   * ceil(p/100 x count) steps are <= s. Null when there are no steps.
   */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const { size, count } of this.entries()) {
      seen += count;
      if (seen >= rank) return size;
    }
    return this.max;
  }
}
