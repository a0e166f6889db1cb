// The comparison as terminal text: one row per key metric, one column per variation, each cell
// the mean ± the 95% CI half-width across repeats (or the interval, where it was cut at 0); then
// the observations.
import type { Comparison } from "../../analysis/comparison/index.ts";
import { METRIC_KEYS, METRIC_LABELS } from "../../analysis/comparison/index.ts";
import { printable } from "../terminalText.ts";
import { formatMeanCi } from "./numbers.ts";

export function formatComparisonTable(comparison: Comparison): string {
  const { experiment: e, variations } = comparison;
  const header = ["metric", ...variations.map((v) => printable(v.name))];
  const rows = [
    ["runs", ...variations.map((v) => String(v.runs))],
    ...METRIC_KEYS.map((key) => [METRIC_LABELS[key], ...variations.map((v) => formatMeanCi(v.metrics[key]))]),
  ];
  const anyCut = variations.some((v) => METRIC_KEYS.some((key) => v.metrics[key].ciCut));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [
    `Experiment ${printable(e.name)} (${e.mode}, ${e.repeats} repeats × ${e.durationS} s, seed ${e.seed}): ` +
      "mean ± 95% CI half-width across repeats",
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    ...(anyCut ? ["", "[low, high]: the 95% CI cut at 0, as the metric cannot be negative"] : []),
    "",
    "Observations:",
    ...comparison.observations.map((o) => `- ${printable(o)}`),
  ].join("\n");
}
