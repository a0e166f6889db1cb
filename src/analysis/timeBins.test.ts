// The time-bin grid: a set of series stored side by side (one per machine) holds, after any number
// of widenings, what each series would hold alone, and both equal a direct count: per final bin
// the last value recorded in it ("last") or the largest ("max").
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BinCombine, BinGrid } from "./timeBins.ts";

const records = fc.array(
  fc.record({
    timeMs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    series: fc.nat(6),
    value: fc.integer({ min: -50, max: 50 }),
  }),
  { maxLength: 300 },
);

function expected(
  grid: BinGrid,
  list: Array<{ timeMs: number; series: number; value: number }>,
  combine: BinCombine,
) {
  const out = Array.from({ length: 7 }, () => new Array<number>(grid.bins).fill(Number.NaN));
  for (const { timeMs, series, value } of list) {
    const bin = Math.min(grid.bins - 1, Math.floor((timeMs - grid.originMs) / grid.widthMs));
    const old = out[series]![bin]!;
    out[series]![bin] = combine === "last" || Number.isNaN(old) ? value : Math.max(old, value);
  }
  return out;
}

describe("BinGrid series sets", () => {
  for (const combine of ["last", "max"] as const) {
    it(`a set of ${combine} series equals the series alone and a direct count`, () => {
      fc.assert(
        fc.property(records, fc.constantFrom(4, 16, 512), (unsorted, bins) => {
          // The analyser records in true-time order.
          const list = [...unsorted].sort((a, b) => a.timeMs - b.timeMs);
          const grid = new BinGrid(0, bins);
          const set = grid.seriesSet(combine, 7);
          const alone = Array.from({ length: 7 }, () => grid.series(combine));
          for (const { timeMs, series, value } of list) {
            const bin = grid.binOf(timeMs);
            set[series]!.record(bin, value);
            alone[series]!.record(bin, value);
          }
          const want = expected(grid, list, combine);
          for (let k = 0; k < 7; k++) {
            const got = Array.from({ length: bins }, (_, bin) => set[k]!.at(bin));
            expect(got).toEqual(Array.from({ length: bins }, (_, bin) => alone[k]!.at(bin)));
            expect(got).toEqual(want[k]);
          }
        }),
        { seed: 16, numRuns: 300 },
      );
    });
  }
});
