// Observations in plain words about what each variation changed: every variation is compared
// with the first (the baseline), metric by metric: the ratio of the means, and "clearly" or
// "within noise" from the 95% CI of the paired differences (repeat i of both used the same seed)
// when every repeat completed, else from whether the two 95% CIs overlap. Plain strings; the
// caller escapes them.
import type { Comparison, MetricComparison, VariationComparison } from "../../analysis/comparison/index.ts";
import {
  clearlyDifferent,
  METRIC_KEYS,
  METRIC_LABELS,
  type MetricKey,
  type Summary,
  summarize,
} from "../../analysis/comparison/index.ts";
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

/**
 * Paired differences (variation minus baseline, repeat by repeat): repeat i has the same seed in
 * every variation, so pairing removes the luck of the draw. Null when the runs do not pair up.
 */
function pairedDifferences(mine: MetricComparison, base: MetricComparison, paired: boolean): Summary | null {
  if (!paired || mine.values.length !== base.values.length) return null;
  const diffs = mine.values.map((v, i) => {
    const b = base.values[i];
    return v === null || b === null || b === undefined ? null : v - b;
  });
  const summary = summarize(diffs);
  return summary.ciLow === null ? null : summary;
}

function compare(
  key: MetricKey,
  mine: MetricComparison,
  base: MetricComparison,
  paired: boolean,
): { kind: "clear" | "noise" | "unknown" | "same"; text: string } | null {
  if (mine.mean === null || base.mean === null) return null;
  const label = METRIC_LABELS[key].replace(/ \((%|ms)\)$/, "");
  if (mine.values.length === base.values.length && mine.values.every((v, i) => v === base.values[i])) {
    return { kind: "same", text: label };
  }
  const diff = pairedDifferences(mine, base, paired);
  const different = diff !== null ? diff.ciLow! > 0 || diff.ciHigh! < 0 : clearlyDifferent(mine, base);
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
    // Every repeat of both completed: compare repeat by repeat (same seeds); else by CI overlap.
    const paired =
      variation.runs === comparison.experiment.repeats && base.runs === comparison.experiment.repeats;
    const results = METRIC_KEYS.map((key) =>
      compare(key, variation.metrics[key], base.metrics[key], paired),
    ).filter((r) => r !== null);
    const clear = results.filter((r) => r.kind === "clear").map((r) => r.text);
    const noise = results.filter((r) => r.kind === "noise").map((r) => r.text);
    const unknown = results.filter((r) => r.kind === "unknown").map((r) => r.text);
    const same = results.filter((r) => r.kind === "same").map((r) => r.text);
    const sentences = [`${variation.name} against ${base.name}: ${what(variation)}.`];
    if (clear.length > 0) sentences.push(`It changed: ${clear.join("; ")}.`);
    else if (unknown.length === 0) sentences.push("No key metric changed beyond the noise between repeats.");
    if (noise.length > 0) {
      const why = paired ? "the paired differences' 95% CI includes 0" : "the 95% CIs overlap";
      sentences.push(`Within noise (${why}): ${noise.join("; ")}.`);
    }
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
