// The terminal table and comparison.csv say where an interval was cut at 0, as the page does.
import { describe, expect, it } from "vitest";
import { buildComparison, type ComparedRun, type RunMetricValues } from "../../analysis/comparison/index.ts";
import { comparisonCsv } from "./csv.ts";
import { formatComparisonTable } from "./table.ts";

function comparison() {
  const header = { name: "x", description: "", mode: "sim" as const, durationS: 20, repeats: 3, seed: 1 };
  const runs = [0, 0, 3].map((queueMax, i): ComparedRun => {
    const values: RunMetricValues = {
      jumpMax: 10 + i,
      jumpMean: 2,
      queueMax,
      spreadFinal: 3,
      spreadMax: 5,
      tickRateErrorPct: 0,
      transitMsMax: 10,
      hlcAheadMsMax: 0,
    };
    return { variation: "base", repeat: i + 1, seed: i + 1, dir: "", values };
  });
  return buildComparison(header, [{ name: "base", description: "", set: {} }], runs);
}

describe("comparison files", () => {
  it("shows a cut interval as [low, high] in the terminal and explains it", () => {
    const table = formatComparisonTable(comparison());
    expect(table).toMatch(/largest queue\s+1 \[0, 5\.30\]/);
    expect(table).toMatch(/largest jump\s+11 ± 2\.48/);
    expect(table).toContain("[low, high]: the 95% CI cut at 0, as the metric cannot be negative");
  });

  it("names each interval's method in comparison.csv", () => {
    const rows = comparisonCsv(comparison()).trimEnd().split("\n");
    expect(rows[0]).toBe("variation,metric,n,mean,sd,ci95Low,ci95High,ci95HalfWidth,min,max,ci95Method");
    expect(rows.find((r) => r.startsWith("base,queueMax,"))).toMatch(
      /^base,queueMax,3,1,[\d.]+,0,[\d.]+,[\d.]+,0,3,student-t-cut-at-0$/,
    );
    expect(rows.find((r) => r.startsWith("base,jumpMax,"))).toMatch(/,student-t$/);
  });
});
