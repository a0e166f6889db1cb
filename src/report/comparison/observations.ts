// Observations in plain words about what each variation changed against the first (the baseline),
// worded from the comparison's verdicts (src/analysis/comparison/verdicts.ts): the two means and
// their ratio, then "clearly", "within noise", "identical", "the same difference every repeat" or
// "too few runs". Plain strings; the caller escapes them.
import {
  type Comparison,
  METRIC_KEYS,
  METRIC_LABELS,
  type MetricVerdict,
  MIN_RUNS_FOR_A_CALL,
  type VariationComparison,
  type VariationVerdicts,
} from "../../analysis/comparison/index.ts";
import { cutNote, describeSet, formatCi, formatValue } from "./numbers.ts";

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

function label(v: MetricVerdict): string {
  return METRIC_LABELS[v.key].replace(/ \((%|ms)\)$/, "");
}

function signed(value: number): string {
  return value > 0 ? `+${formatValue(value)}` : `−${formatValue(-value)}`;
}

function baselineLine(base: VariationComparison): string {
  const parts = METRIC_KEYS.flatMap((key) => {
    const m = base.metrics[key];
    if (m.mean === null) return [];
    const cut = m.ciCut ? `, ${cutNote(m)}` : "";
    const ci =
      m.ciLow === null ? "" : m.min === m.max ? " (every run)" : ` (95% CI ${formatCi(m, " to ")}${cut})`;
    return [`${METRIC_LABELS[key]} ${formatValue(m.mean)}${ci}`];
  });
  if (parts.length === 0) return `Baseline ${base.name}: ${what(base)}; no completed run to measure.`;
  return (
    `Baseline ${base.name}: ${what(base)}; over ${base.runs} run${base.runs === 1 ? "" : "s"} the means are ` +
    `${parts.join(", ")}.`
  );
}

function variationLine(variation: VariationComparison, judged: VariationVerdicts): string {
  const of = (kind: MetricVerdict["kind"]) => judged.verdicts.filter((v) => v.kind === kind);
  const clear = of("clear").map((v) => {
    const direction = v.mean > v.baseMean ? "higher" : "lower";
    return `${label(v)} clearly ${direction} (${ratioText(v.mean, v.baseMean)})`;
  });
  const noise = of("noise").map((v) => `${label(v)} (${ratioText(v.mean, v.baseMean)})`);
  const same = of("same").map(label);
  const noSpread = of("noSpread").map((v) =>
    v.difference === null
      ? `${label(v)} ${ratioText(v.mean, v.baseMean)}`
      : `${label(v)} ${signed(v.difference)} in each of ${v.n} repeats (${ratioText(v.mean, v.baseMean)})`,
  );
  const tooFew = of("tooFew").map((v) => `${label(v)} ${ratioText(v.mean, v.baseMean)}`);

  const sentences = [`${variation.name} against ${judged.baseline}: ${what(variation)}.`];
  if (clear.length > 0) sentences.push(`It changed: ${clear.join("; ")}.`);
  else if (noSpread.length === 0 && tooFew.length === 0) {
    sentences.push("No key metric changed beyond the noise between repeats.");
  }
  if (noise.length > 0) {
    const why = judged.paired ? "the paired differences' 95% CI includes 0" : "the 95% CIs overlap";
    sentences.push(`Within noise (${why}): ${noise.join("; ")}.`);
  }
  if (same.length > 0) {
    sentences.push(
      judged.paired
        ? `Identical run for run (same seeds): ${same.join(", ")}.`
        : `The same value in every run of both: ${same.join(", ")}.`,
    );
  }
  if (noSpread.length > 0) {
    sentences.push(
      judged.paired
        ? `The same difference in every repeat, so no interval to judge the noise by: ${noSpread.join("; ")}.`
        : `No spread between repeats on either side, so no interval to judge the noise by: ${noSpread.join("; ")}.`,
    );
  }
  if (tooFew.length > 0) {
    const needs = judged.paired
      ? `it needs ${MIN_RUNS_FOR_A_CALL} pairs or more`
      : `it needs ${MIN_RUNS_FOR_A_CALL} runs or more on each side`;
    sentences.push(`Too few runs for a call (${needs}): ${tooFew.join("; ")}.`);
  }
  return sentences.join(" ");
}

export function comparisonObservations(comparison: Comparison): string[] {
  const [base] = comparison.variations;
  if (base === undefined) return [];
  const lines = [baselineLine(base)];
  for (const judged of comparison.verdicts) {
    const variation = comparison.variations.find((v) => v.name === judged.variation);
    if (variation !== undefined) lines.push(variationLine(variation, judged));
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
