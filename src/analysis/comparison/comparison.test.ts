import { describe, expect, it } from "vitest";
import { buildComparison, type ComparedRun, constantValue } from "./comparison.ts";
import type { RunMetricValues } from "./runMetrics.ts";

function values(jumpMax: number, spreadMax: number | null = 10): RunMetricValues {
  return {
    jumpMax,
    jumpMean: 2,
    queueMax: 1,
    spreadFinal: 3,
    spreadMax,
    tickRateErrorPct: 0,
    transitMsMax: 1,
    hlcAheadMsMax: 0,
  };
}

describe("buildComparison", () => {
  it("summarises each metric per variation across its runs, in repeat order", () => {
    const runs: ComparedRun[] = [
      ...[5, 3, 1, 4, 2].map((j, i) => ({
        variation: "a",
        repeat: [5, 3, 1, 4, 2][i]!,
        seed: i,
        dir: "",
        values: values(j),
      })),
      { variation: "b", repeat: 1, seed: 0, dir: "", values: values(9, null) },
    ];
    const c = buildComparison(
      { name: "x", description: "", mode: "sim", durationS: 20, repeats: 5, seed: 1 },
      [
        { name: "a", description: "", set: {} },
        { name: "b", description: "", set: { "machine.speedMin": 5 } },
      ],
      runs,
    );
    const a = c.variations[0]!;
    expect(a.runs).toBe(5);
    expect(a.metrics.jumpMax.values).toEqual([1, 2, 3, 4, 5]);
    expect(a.metrics.jumpMax.mean).toBe(3);
    expect(a.metrics.jumpMax.halfWidth).toBeCloseTo(1.963, 3);
    const b = c.variations[1]!;
    expect(b.metrics.jumpMax).toMatchObject({ n: 1, mean: 9, halfWidth: null });
    expect(b.metrics.spreadMax).toMatchObject({ n: 0, mean: null });
    expect(a.metrics.hlcAheadMsMax).toMatchObject({ n: 5, mean: 0 });
  });
});

describe("what the comparison says about small samples", () => {
  const header = { name: "x", description: "", mode: "sim" as const, durationS: 20, repeats: 3, seed: 1 };
  const variations = [
    { name: "a", description: "", set: {} },
    { name: "b", description: "", set: {} },
  ];
  const run = (variation: string, repeat: number, v: Partial<RunMetricValues>): ComparedRun => ({
    variation,
    repeat,
    seed: repeat,
    dir: "",
    values: { ...values(5), tickRateErrorPct: 0, ...v },
  });

  it("cuts the CI of a metric that cannot be negative at 0, but not the transit's", () => {
    const runs = [0, 1, 2].map((q, i) => run("a", i + 1, { queueMax: q, transitMsMax: q - 1 }));
    const a = buildComparison(header, variations, runs).variations[0]!;
    expect(a.metrics.queueMax).toMatchObject({ ciLow: 0, ciCut: true });
    expect(a.metrics.transitMsMax.ciCut).toBe(false);
    expect(a.metrics.transitMsMax.ciLow).toBeLessThan(-1);
  });

  it("knows a metric that is the same in every run of every variation", () => {
    const runs = [1, 2, 3].flatMap((r) => [run("a", r, { jumpMax: r }), run("b", r, { jumpMax: r + 1 })]);
    const c = buildComparison(header, variations, runs);
    expect(constantValue(c, "tickRateErrorPct")).toBe(0);
    expect(constantValue(c, "jumpMax")).toBeNull();
    expect(constantValue(buildComparison(header, variations, []), "jumpMax")).toBeNull();
  });
});
