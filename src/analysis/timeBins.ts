// Downsampled time series on a shared, self-widening grid of time bins: the grid starts at the
// run's first event with 1 ms bins and doubles the bin width (merging neighbours) whenever an event
// falls past the last bin, so memory is bounded by the bin count, never by the number of events.

export type BinCombine = "last" | "max";

export class BinnedSeries {
  readonly combine: BinCombine;
  values: Float64Array;

  constructor(bins: number, combine: BinCombine) {
    this.combine = combine;
    this.values = new Float64Array(bins).fill(Number.NaN);
  }

  record(bin: number, value: number): void {
    const values = this.values;
    if (this.combine === "last") {
      values[bin] = value;
      return;
    }
    const old = values[bin]!;
    if (!(old >= value)) values[bin] = value;
  }

  /** Halves the resolution in place: bin i takes bins 2i and 2i+1 (i <= 2i, so nothing is read after it is written). */
  halve(): void {
    const values = this.values;
    const half = values.length / 2;
    for (let i = 0; i < half; i++) {
      const a = values[2 * i]!;
      const b = values[2 * i + 1]!;
      if (this.combine === "last") values[i] = Number.isNaN(b) ? a : b;
      else values[i] = Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
    }
    values.fill(Number.NaN, half);
  }
}

export class BinGrid {
  readonly bins: number;
  readonly originMs: number;
  widthMs = 1;
  readonly #series: BinnedSeries[] = [];

  constructor(originMs: number, bins = 512) {
    if (bins % 2 !== 0) throw new RangeError("bins must be even");
    this.originMs = originMs;
    this.bins = bins;
  }

  series(combine: BinCombine): BinnedSeries {
    const s = new BinnedSeries(this.bins, combine);
    this.#series.push(s);
    return s;
  }

  /** The bin of a time (ms), widening the grid if needed. Times before the origin go to bin 0. */
  binOf(timeMs: number): number {
    const offset = timeMs - this.originMs;
    if (!(offset > 0)) return 0;
    let bin = Math.floor(offset / this.widthMs);
    while (bin >= this.bins) {
      this.widthMs *= 2;
      for (const s of this.#series) s.halve();
      bin = Math.floor(offset / this.widthMs);
    }
    return bin;
  }

  /** Non-empty bins as (seconds since origin at the bin's middle, value). */
  points(series: BinnedSeries): Array<{ tS: number; value: number }> {
    const out: Array<{ tS: number; value: number }> = [];
    const values = series.values;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      if (!Number.isNaN(value)) out.push({ tS: ((i + 0.5) * this.widthMs) / 1000, value });
    }
    return out;
  }
}
