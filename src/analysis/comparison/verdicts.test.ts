// Verdicts against the baseline: "clear" only with at least 3 pairs (or runs a side) that vary;
// the same difference in every repeat, or two values, are named as such and never called clear.
import { describe, expect, it } from "vitest";
import { buildComparison, type ComparedRun } from "./comparison.ts";
import type { RunMetricValues } from "./runMetrics.ts";
import type { MetricVerdict } from "./verdicts.ts";

const header = (repeats: number) => ({
  name: "x",
  description: "",
  mode: "sim" as const,
  durationS: 20,
  repeats,
  seed: 1,
});
const variations = [
  { name: "base", description: "", set: {} },
  { name: "other", description: "", set: {} },
];

function run(variation: string, repeat: number, jumpMax: number): ComparedRun {
  const values: RunMetricValues = {
    jumpMax,
    jumpMean: 2,
    queueMax: 1,
    spreadFinal: 3,
    spreadMax: 5,
    tickRateErrorPct: 0,
    transitMsMax: 10,
    hlcAheadMsMax: 0,
  };
  return { variation, repeat, seed: repeat, dir: "", values };
}

/** The verdict on the largest jump, for base and other values by repeat (null: that run is missing). */
function jumpVerdict(
  repeats: number,
  base: Array<number | null>,
  other: Array<number | null>,
): MetricVerdict {
  const runs = [
    ...base.flatMap((v, i) => (v === null ? [] : [run("base", i + 1, v)])),
    ...other.flatMap((v, i) => (v === null ? [] : [run("other", i + 1, v)])),
  ];
  return buildComparison(header(repeats), variations, runs).verdicts[0]!.verdicts.find(
    (v) => v.key === "jumpMax",
  )!;
}

describe("verdicts against the baseline", () => {
  it("calls a paired difference clear only with 3 pairs or more that vary", () => {
    expect(jumpVerdict(3, [20, 22, 24], [4, 6, 5])).toMatchObject({ kind: "clear", method: "paired", n: 3 });
    expect(jumpVerdict(3, [10, 20, 30], [9, 19.1, 28.9])).toMatchObject({ kind: "clear" });
    expect(jumpVerdict(3, [3, 5, 4], [2, 6, 4])).toMatchObject({ kind: "noise" });
    // Two pairs: t(0.975, 1) = 12.7 would call this clear; two values are too few to know the noise.
    expect(jumpVerdict(2, [20, 22], [4, 5])).toMatchObject({ kind: "tooFew", method: "paired", n: 2 });
  });

  it("names the same difference in every repeat instead of calling it clear", () => {
    expect(jumpVerdict(3, [10, 20, 30], [9, 19, 29])).toMatchObject({
      kind: "noSpread",
      method: "paired",
      difference: -1,
    });
    expect(jumpVerdict(3, [10, 20, 30], [10, 20, 30])).toMatchObject({ kind: "same" });
    // Means of floating-point values: the same shift up to rounding is still the same shift.
    expect(jumpVerdict(3, [0.1, 0.2, 0.7], [0.4, 0.5, 1.0])).toMatchObject({ kind: "noSpread" });
  });

  it("compares CIs when runs are missing, with the same small-sample rules", () => {
    expect(jumpVerdict(4, [20, 22, 24, 23], [4, 5, 6])).toMatchObject({
      kind: "clear",
      method: "overlap",
      n: 3,
    });
    expect(jumpVerdict(3, [20, 22, 24], [4, 5])).toMatchObject({ kind: "tooFew", method: "overlap", n: 2 });
    expect(jumpVerdict(4, [7, 7, 7, 7], [9, 9, 9])).toMatchObject({ kind: "noSpread", method: "overlap" });
    expect(jumpVerdict(3, [20], [4])).toMatchObject({ kind: "tooFew", n: 1 });
  });
});
