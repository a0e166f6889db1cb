// The band across machines (carry-forward of a machine's latest value, median of an even count) and
// the highlighted machines (first machine in id order wins a tie).
import { describe, expect, it } from "vitest";
import { bandOf, highlightMachines } from "./machineSeries.ts";
import { BinGrid } from "./timeBins.ts";
import type { MachineMetrics } from "./types.ts";

describe("bandOf", () => {
  it("counts a machine from its first bin on, with its latest value in bins without events", () => {
    const grid = new BinGrid(0, 4);
    const a = grid.series("last");
    const b = grid.series("last");
    a.record(0, 1);
    a.record(2, 5);
    b.record(1, 3);
    expect(bandOf(grid, [a, b])).toEqual([
      { tS: 0.0005, min: 1, median: 1, max: 1 },
      { tS: 0.0015, min: 1, median: 2, max: 3 },
      { tS: 0.0025, min: 3, median: 4, max: 5 },
    ]);
  });
});

describe("highlightMachines", () => {
  it("names the extremes, merging reasons of one machine and skipping machines without events", () => {
    const m = (
      events: number,
      ticksPerSecond: number,
      lamportFinal: number,
      jumpMax: number,
      queueMax: number,
    ) => ({ events, ticksPerSecond, lamportFinal, jumpMax, queueMax }) as MachineMetrics;
    const picks = highlightMachines(
      ["m1", "m2", "m3", "m4"],
      [m(10, 2, 50, 3, 1), m(10, 6, 90, 3, 9), m(10, 6, 40, 1, 0), m(0, 9, 99, 9, 9)],
    );
    expect(picks).toEqual([
      { id: "m2", reasons: ["fastest", "highest final Lamport", "largest queue"] },
      { id: "m1", reasons: ["slowest", "largest jump"] },
      { id: "m3", reasons: ["lowest final Lamport"] },
    ]);
  });
});
