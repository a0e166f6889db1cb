import { describe, expect, it } from "vitest";
import type { RunMetricValues } from "../../analysis/comparison/index.ts";
import { buildComparison, type ComparedRun } from "../../analysis/comparison/index.ts";
import { comparisonObservations } from "./observations.ts";
import { formatComparisonTable } from "./table.ts";

function run(
  variation: string,
  repeat: number,
  jumpMax: number,
  queueMax: number,
  hlcAheadMsMax = 0,
): ComparedRun {
  const values: RunMetricValues = {
    jumpMax,
    jumpMean: 2,
    queueMax,
    spreadFinal: 3,
    spreadMax: 5,
    tickRateErrorPct: 0,
    transitMsMax: 10,
    hlcAheadMsMax,
  };
  return { variation, repeat, seed: repeat, dir: "", values };
}

const header = { name: "x", description: "", mode: "sim" as const, durationS: 20, repeats: 3, seed: 1 };
const variations = [
  { name: "base", description: "", set: {} },
  { name: "small", description: "speeds 5-6", set: { machine: { speedMin: 5 } } },
];

describe("comparisonObservations", () => {
  it("names what changed clearly (paired by seed), what is within noise, and what is identical", () => {
    const runs = [
      run("base", 1, 20, 3),
      run("base", 2, 22, 5),
      run("base", 3, 24, 4),
      run("small", 1, 4, 2),
      run("small", 2, 5, 6),
      run("small", 3, 6, 4),
    ];
    const c = buildComparison(header, variations, runs);
    const [baseline, small] = comparisonObservations(c);
    expect(baseline).toContain(
      "Baseline base: the base config as is; over 3 runs the means are largest jump 22",
    );
    expect(small).toContain("small against base: speeds 5-6 (sets machine.speedMin=5).");
    expect(small).toContain("largest jump clearly lower (5 vs 22, ×0.23)");
    expect(small).toContain(
      "Within noise (the paired differences' 95% CI includes 0): largest queue (4 vs 4, ×1.00)",
    );
    expect(small).toContain("Identical run for run (same seeds): mean jump, final Lamport spread");
  });

  it("shows the HLC's lead over its own clock as a key metric, in the table and the observations", () => {
    const runs = [1, 2, 3].flatMap((repeat) => [
      run("base", repeat, 20, 3, 0),
      run("small", repeat, 20, 3, 1990 + repeat * 5),
    ]);
    const c = buildComparison(header, variations, runs);
    const lines = comparisonObservations(c);
    expect(lines[1]).toContain("HLC ahead of own clock clearly higher (from 0 to 2,000)");
    expect(formatComparisonTable({ ...c, observations: lines })).toMatch(
      /HLC ahead of own clock \(ms\)\s+0 ± 0\s+2,000 ± 12.4/,
    );
  });

  it("pairing by seed sees a consistent change that overlapping CIs would call noise", () => {
    // Widely spread values, but every repeat of "small" is about 1 below its baseline repeat.
    const runs = [10, 20, 30].flatMap((jump, i) => [
      run("base", i + 1, jump, 1),
      run("small", i + 1, jump - [1, 0.9, 1.1][i]!, 1),
    ]);
    const [, small] = comparisonObservations(buildComparison(header, variations, runs));
    expect(small).toContain("largest jump clearly lower (19 vs 20, ×0.95)");
  });

  it("names the same difference in every repeat, and never calls it clear", () => {
    const runs = [10, 20, 30].flatMap((jump, i) => [
      run("base", i + 1, jump, 1),
      run("small", i + 1, jump - 1, 1),
    ]);
    const [, small] = comparisonObservations(buildComparison(header, variations, runs));
    expect(small).not.toContain("clearly");
    expect(small).toContain(
      "The same difference in every repeat, so no interval to judge the noise by: largest jump −1 in each of 3 repeats (19 vs 20, ×0.95)",
    );
  });

  it("falls back to CI overlap when runs are missing", () => {
    const runs = [
      ...[20, 22, 24, 23].map((jump, i) => run("base", i + 1, jump, [3, 5, 4, 4][i]!)),
      ...[4, 5, 6].map((jump, i) => run("small", i + 1, jump, [2, 6, 4][i]!)),
    ];
    const c = buildComparison({ ...header, repeats: 4 }, variations, runs);
    const [, small] = comparisonObservations(c);
    expect(small).toContain("largest jump clearly lower");
    expect(small).toContain("Within noise (the 95% CIs overlap): largest queue (4 vs 4, ×1.00)");
  });

  it("makes no call with fewer than 3 runs a side, however far apart, and says when runs are missing", () => {
    const runs = [run("base", 1, 20, 3), run("base", 2, 22, 5), run("small", 1, 4, 2), run("small", 2, 5, 6)];
    const two = comparisonObservations(buildComparison({ ...header, repeats: 2 }, variations, runs));
    expect(two[1]).not.toContain("clearly");
    expect(two[1]).toContain(
      "Too few runs for a call (it needs 3 pairs or more): largest jump 4.50 vs 21, ×0.21",
    );
    const c = buildComparison(header, variations, [run("base", 1, 20, 3), run("small", 1, 4, 2)]);
    const lines = comparisonObservations(c);
    expect(lines[1]).toContain(
      "Too few runs for a call (it needs 3 runs or more on each side): largest jump 4 vs 20, ×0.20",
    );
    expect(lines[2]).toContain("Fewer runs than the 3 repeats went into: base (1), small (1)");
    const table = formatComparisonTable({ ...c, observations: lines });
    expect(table).toContain("largest jump");
    expect(table).toMatch(/largest jump\s+20\s+4/);
  });
});
