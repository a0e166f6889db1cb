// One small chart per key metric: per variation, its mean (dot) with the 95% CI (bar) and each
// run's value (faint dots), drawn server-side as static SVG to sit side by side.
import * as Plot from "@observablehq/plot";
import type { Comparison } from "../../analysis/comparison/index.ts";
import { METRIC_LABELS, type MetricKey } from "../../analysis/comparison/index.ts";
import { renderPlot } from "../plotDocument.ts";

export function metricChart(comparison: Comparison, key: MetricKey): string {
  const names = comparison.variations.map((v) => v.name);
  const summaries = comparison.variations.flatMap((v) => {
    const m = v.metrics[key];
    return m.mean === null ? [] : [{ variation: v.name, mean: m.mean, low: m.ciLow, high: m.ciHigh }];
  });
  const runs = comparison.variations.flatMap((v) =>
    v.metrics[key].values.flatMap((value) => (value === null ? [] : [{ variation: v.name, value }])),
  );
  const withCi = summaries.filter((s) => s.low !== null && s.high !== null);
  const longNames = names.some((n) => n.length > 8) || names.length > 4;
  return renderPlot({
    width: 320,
    height: longNames ? 260 : 220,
    marginLeft: 50,
    marginBottom: longNames ? 70 : 30,
    x: { domain: names, label: null, tickRotate: longNames ? -30 : 0, padding: 0.4 },
    y: { label: METRIC_LABELS[key], grid: true, zero: true },
    marks: [
      Plot.dot(runs, { x: "variation", y: "value", r: 2, fill: "#9a9a9a", fillOpacity: 0.6 }),
      Plot.ruleX(withCi, { x: "variation", y1: "low", y2: "high", stroke: "#4269d0", strokeWidth: 2 }),
      Plot.tickY(withCi, { x: "variation", y: "low", stroke: "#4269d0" }),
      Plot.tickY(withCi, { x: "variation", y: "high", stroke: "#4269d0" }),
      Plot.dot(summaries, { x: "variation", y: "mean", r: 4, fill: "#4269d0" }),
    ],
  });
}
