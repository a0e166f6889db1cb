// Observations in plain words about what each variation changed: every variation is compared
// with the first (the baseline), metric by metric: the ratio of the means and whether the 95%
// CIs overlap ("clearly" when they do not, "within noise" when they do). Plain strings; the
// caller escapes them.
import type { Comparison, MetricComparison, VariationComparison } from "../../experiment/comparison.ts";
import { METRIC_KEYS, METRIC_LABELS, type MetricKey } from "../../experiment/runMetrics.ts";
import { clearlyDifferent } from "../../experiment/stats.ts";
import { describeSet, formatValue } from "./numbers.ts";

function ratioText(mean: number, base: number): string {
  if (base === 0) return mean === 0 ? "both 0" : `from 0 to ${formatValue(mean)}`;
  const ratio = mean / base;
  return `${formatValue(mean)} vs ${formatValue(base)}, ×${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}`;
}

function what(variation: VariationComparison): string {
  const sets = describeSet(variation.set);
  const change = sets.length === 0 ? "the base config as is" : `sets ${sets.join(", ")}`;
  return variation.description ? `${variation.description} (${change})` : change;
}

function compare(
  key: MetricKey,
  mine: MetricComparison,
  base: MetricComparison,
): { kind: "clear" | "noise" | "unknown" | "same"; text: string } | null {
  if (mine.mean === null || base.mean === null) return null;
  const label = METRIC_LABELS[key].replace(/ \((%|ms)\)$/, "");
  if (mine.values.length === base.values.length && mine.values.every((v, i) => v === base.values[i])) {
    return { kind: "same", text: label };
  }
  const different = clearlyDifferent(mine, base);
  if (different === null) return { kind: "unknown", text: `${label} ${ratioText(mine.mean, base.mean)}` };
  if (!different) return { kind: "noise", text: `${label} (${ratioText(mine.mean, base.mean)})` };
  const direction = mine.mean > base.mean ? "higher" : "lower";
  return { kind: "clear", text: `${label} clearly ${direction} (${ratioText(mine.mean, base.mean)})` };
}

function baselineLine(base: VariationComparison): string {
  const parts = METRIC_KEYS.flatMap((key) => {
    const m = base.metrics[key];
    if (m.mean === null) return [];
    const ci = m.ciLow === null ? "" : ` (95% CI ${formatValue(m.ciLow)} to ${formatValue(m.ciHigh)})`;
    return [`${METRIC_LABELS[key]} ${formatValue(m.mean)}${ci}`];
  });
  if (parts.length === 0) return `Baseline ${base.name}: ${what(base)}; no completed run to measure.`;
  return (
    `Baseline ${base.name}: ${what(base)}; over ${base.runs} run${base.runs === 1 ? "" : "s"} the means are ` +
    `${parts.join(", ")}.`
  );
}

export function comparisonObservations(comparison: Comparison): string[] {
  const [base, ...others] = comparison.variations;
  if (base === undefined) return [];
  const lines = [baselineLine(base)];
  for (const variation of others) {
    const results = METRIC_KEYS.map((key) => compare(key, variation.metrics[key], base.metrics[key])).filter(
      (r) => r !== null,
    );
    const clear = results.filter((r) => r.kind === "clear").map((r) => r.text);
    const noise = results.filter((r) => r.kind === "noise").map((r) => r.text);
    const unknown = results.filter((r) => r.kind === "unknown").map((r) => r.text);
    const same = results.filter((r) => r.kind === "same").map((r) => r.text);
    const sentences = [`${variation.name} against ${base.name}: ${what(variation)}.`];
    if (clear.length > 0) sentences.push(`It changed: ${clear.join("; ")}.`);
    else if (unknown.length === 0) sentences.push("No key metric changed beyond the noise between repeats.");
    if (noise.length > 0) sentences.push(`Within noise (95% CIs overlap): ${noise.join("; ")}.`);
    if (same.length > 0) sentences.push(`Identical run for run (same seeds): ${same.join(", ")}.`);
    if (unknown.length > 0) {
      sentences.push(
        `With a single run there is no confidence interval, so no call on: ${unknown.join("; ")}.`,
      );
    }
    lines.push(sentences.join(" "));
  }
  const short = comparison.variations.filter((v) => v.runs < comparison.experiment.repeats);
  if (short.length > 0) {
    lines.push(
      `Fewer runs than the ${comparison.experiment.repeats} repeats went into: ` +
        `${short.map((v) => `${v.name} (${v.runs})`).join(", ")}; their intervals are wider.`,
    );
  }
  return lines;
}
