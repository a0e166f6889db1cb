// comparison.csv: one row per variation and metric with n, mean, sd and the 95% CI, for a
// spreadsheet or a notebook, and how the CI was made: `student-t`, or `student-t-cut-at-0` for a
// metric that cannot be negative whose t interval reached below 0. The per-run values are in
// comparison.json.
import { type Comparison, METRIC_KEYS, type MetricComparison } from "../../analysis/comparison/index.ts";

function ciMethod(m: MetricComparison): string | null {
  if (m.ciLow === null) return null;
  return m.ciCut ? "student-t-cut-at-0" : "student-t";
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function comparisonCsv(comparison: Comparison): string {
  const rows: Array<Array<string | number | null>> = [
    [
      "variation",
      "metric",
      "n",
      "mean",
      "sd",
      "ci95Low",
      "ci95High",
      "ci95HalfWidth",
      "min",
      "max",
      "ci95Method",
    ],
  ];
  for (const v of comparison.variations) {
    for (const key of METRIC_KEYS) {
      const m = v.metrics[key];
      rows.push([v.name, key, m.n, m.mean, m.sd, m.ciLow, m.ciHigh, m.halfWidth, m.min, m.max, ciMethod(m)]);
    }
  }
  return `${rows.map((r) => r.map(cell).join(",")).join("\n")}\n`;
}
