// comparison.html tells the truth about small samples: a metric constant in every run is said to
// be constant (no chart on a zero-height axis), an interval of a metric that cannot be negative
// stops at 0 and the page names the method, and the verdict rules are spelled out.
import { describe, expect, it } from "vitest";
import { buildComparison, type ComparedRun, type RunMetricValues } from "../../analysis/comparison/index.ts";
import { renderComparisonHtml } from "./html.ts";
import { comparisonObservations } from "./observations.ts";

function run(variation: string, repeat: number, queueMax: number): ComparedRun {
  const values: RunMetricValues = {
    jumpMax: 10 + repeat,
    jumpMean: 2 + repeat / 10,
    queueMax,
    spreadFinal: 3 + repeat,
    spreadMax: 5 + repeat,
    tickRateErrorPct: 0,
    transitMsMax: 10 * repeat,
    hlcAheadMsMax: 0,
  };
  return { variation, repeat, seed: repeat, dir: "", values };
}

function page(): string {
  const header = { name: "x", description: "", mode: "sim" as const, durationS: 20, repeats: 3, seed: 1 };
  const variations = [
    { name: "base", description: "", set: {} },
    { name: "other", description: "", set: {} },
  ];
  // Largest queue 0, 0, 3 in base: mean 1, t interval 1 ± 4.3 would reach −3.3.
  const runs = [0, 0, 3].flatMap((q, i) => [run("base", i + 1, q), run("other", i + 1, q + 5)]);
  const comparison = buildComparison(header, variations, runs);
  comparison.observations = comparisonObservations(comparison);
  return renderComparisonHtml(comparison);
}

function figure(html: string, key: string): string {
  const start = html.indexOf(`data-chart="${key}"`);
  return html.slice(start, html.indexOf("</figure>", start));
}

describe("comparison.html", () => {
  it("shows a metric that is the same in every run as that value, without a chart", () => {
    const html = page();
    for (const key of ["tickRateErrorPct", "hlcAheadMsMax"]) {
      const chart = figure(html, key);
      expect(chart).toContain("0 in every run");
      expect(chart).not.toContain("<svg");
    }
    expect(figure(html, "jumpMax")).toContain("<svg");
  });

  it("draws no interval below 0 for a metric that cannot be negative, and names the method", () => {
    const html = page();
    // Observable Plot writes negative tick labels with U+2212.
    expect(figure(html, "queueMax")).toContain("<svg");
    expect(figure(html, "queueMax")).not.toContain("−");
    expect(html).toContain("[0, 5.30] (cut at 0)");
    expect(html).toMatch(/Student t with n − 1 degrees of freedom/);
    expect(html).toMatch(/cut at 0/);
    expect(html).toMatch(/No call is made from fewer than 3 pairs/);
    expect(html).toContain("tick rate error (%) 0 (every run)");
  });
});
