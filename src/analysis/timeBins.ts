// Downsampled time series on a shared, self-widening grid of time bins: the grid starts at the
// run's first event with 1 ms bins and doubles the bin width (merging neighbours) whenever an event
// falls past the last bin, so memory is bounded by the bin count, never by the number of events.

export type BinCombine = "last" | "max";

/**
 * The values of one or more series side by side, bin by bin (bin b of series k at b * stride + k):
 * the series of all machines, which events visit in turn at nearly the same time, then share the
 * few cache lines of their current bin instead of each having its own.
 */
class SeriesBlock {
  readonly combine: BinCombine;
  readonly stride: number;
  readonly values: Float64Array;

  constructor(bins: number, combine: BinCombine, stride: number) {
    this.combine = combine;
    this.stride = stride;
    this.values = new Float64Array(bins * stride).fill(Number.NaN);
  }

  /** Halves the resolution in place: bin i takes bins 2i and 2i+1 (i <= 2i, so nothing is read after it is written). */
  halve(): void {
    const { values, stride } = this;
    const half = values.length / 2;
    const last = this.combine === "last";
    for (let bin = 0; bin * stride < half; bin++) {
      for (let k = 0; k < stride; k++) {
        const a = values[2 * bin * stride + k]!;
        const b = values[(2 * bin + 1) * stride + k]!;
        values[bin * stride + k] = last
          ? Number.isNaN(b)
            ? a
            : b
          : Number.isNaN(a)
            ? b
            : Number.isNaN(b)
              ? a
              : Math.max(a, b);
      }
    }
    values.fill(Number.NaN, half);
  }
}

/** One series of the grid: a value per bin, NaN where no event fell. */
export class BinnedSeries {
  readonly combine: BinCombine;
  readonly #values: Float64Array;
  readonly #stride: number;
  readonly #offset: number;

  constructor(block: SeriesBlock, offset: number) {
    this.combine = block.combine;
    this.#values = block.values;
    this.#stride = block.stride;
    this.#offset = offset;
  }

  record(bin: number, value: number): void {
    const values = this.#values;
    const i = bin * this.#stride + this.#offset;
    if (this.combine === "last") {
      values[i] = value;
      return;
    }
    const old = values[i]!;
    if (!(old >= value)) values[i] = value;
  }

  /** The value of a bin (NaN: no event fell in it). */
  at(bin: number): number {
    return this.#values[bin * this.#stride + this.#offset]!;
  }
}

export class BinGrid {
  readonly bins: number;
  readonly originMs: number;
  widthMs = 1;
  readonly #blocks: SeriesBlock[] = [];

  constructor(originMs: number, bins = 512) {
    if (bins % 2 !== 0) throw new RangeError("bins must be even");
    this.originMs = originMs;
    this.bins = bins;
  }

  series(combine: BinCombine): BinnedSeries {
    return this.seriesSet(combine, 1)[0]!;
  }

  /** `count` series (one per machine) whose values sit side by side, bin by bin. */
  seriesSet(combine: BinCombine, count: number): BinnedSeries[] {
    const block = new SeriesBlock(this.bins, combine, count);
    this.#blocks.push(block);
    return Array.from({ length: count }, (_, k) => new BinnedSeries(block, k));
  }

  /** The bin of a time (ms), widening the grid if needed. Times before the origin go to bin 0. */
  binOf(timeMs: number): number {
    const offset = timeMs - this.originMs;
    if (!(offset > 0)) return 0;
    let bin = Math.floor(offset / this.widthMs);
    while (bin >= this.bins) {
      this.widthMs *= 2;
      for (const block of this.#blocks) block.halve();
      bin = Math.floor(offset / this.widthMs);
    }
    return bin;
  }

  /** Non-empty bins as (seconds since origin at the bin's middle, value). */
  points(series: BinnedSeries): Array<{ tS: number; value: number }> {
    const out: Array<{ tS: number; value: number }> = [];
    for (let i = 0; i < this.bins; i++) {
      const value = series.at(i);
      if (!Number.isNaN(value)) out.push({ tS: ((i + 0.5) * this.widthMs) / 1000, value });
    }
    return out;
  }
}
