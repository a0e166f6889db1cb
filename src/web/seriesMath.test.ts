// The charts' arithmetic: Lamport lag against the largest value at each instant, the band
// across machines, and which machines stand out.
import { describe, expect, it } from "vitest";
import { bandOf, lagColumns, standouts } from "./seriesMath.ts";

describe("series math", () => {
  it("computes lag as value minus the row's largest value, null where a machine has none", () => {
    expect(
      lagColumns(
        [
          [1, 5, 9],
          [null, 7, 8],
          [2, 2, 2],
        ],
        3,
      ),
    ).toEqual([
      [-1, -2, 0],
      [null, 0, -1],
      [0, -5, -7],
    ]);
  });

  it("gives min, median and max across machines", () => {
    const band = bandOf(
      [
        [1, null],
        [4, null],
        [2, 3],
        [10, null],
      ],
      2,
    );
    expect(band).toEqual({ min: [1, 3], median: [3, 3], max: [10, 3] });
  });

  it("picks the machines with the lowest or highest mean", () => {
    const columns = [
      [0, 0],
      [-5, -7],
      [null, null],
      [-1, -2],
    ];
    expect(standouts(columns, 2, "lowest")).toEqual([1, 3]);
    expect(standouts(columns, 1, "highest")).toEqual([0]);
    expect(
      standouts(
        [
          [0, 0],
          [0, 0],
        ],
        2,
        "highest",
      ),
    ).toEqual([]);
  });
});
