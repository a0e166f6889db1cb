// What each variation changed, metric by metric, against the first variation (the baseline), and
// how sure the numbers let us be. Two methods:
// - paired, when every repeat of both completed: repeat i of both used the same seed, so the
//   differences d_i = x_i(variation) − x_i(baseline) remove the luck of the draw; "clear" when
//   their 95% t interval excludes 0;
// - overlap otherwise: "clear" when the two variations' 95% CIs do not overlap.
// A call needs at least MIN_RUNS_FOR_A_CALL pairs (or runs on each side) and some spread between
// repeats: a t interval from 2 values rests on one degree of freedom, and one from values that do
// not vary at all has width 0 and says nothing about the noise. Those cases are named, not judged.
import type { MetricComparison, VariationComparison } from "./comparison.ts";
import { METRIC_KEYS, type MetricKey } from "./runMetrics.ts";
import { clearlyDifferent, summarize } from "./stats.ts";

export const MIN_RUNS_FOR_A_CALL = 3;

/**
 * clear: changed beyond the noise; noise: within it; same: identical run for run;
 * noSpread: the repeats do not vary (paired: the same difference in every repeat), so there is
 * no interval to judge by; tooFew: fewer than MIN_RUNS_FOR_A_CALL pairs or runs.
 */
export type VerdictKind = "clear" | "noise" | "same" | "noSpread" | "tooFew";

export interface MetricVerdict {
  key: MetricKey;
  kind: VerdictKind;
  method: "paired" | "overlap";
  mean: number;
  baseMean: number;
  /** Pairs (paired) or the smaller side's runs (overlap) the verdict rests on. */
  n: number;
  /** Paired noSpread: the difference every repeat showed; else null. */
  difference: number | null;
}

export interface VariationVerdicts {
  variation: string;
  baseline: string;
  paired: boolean;
  /** One per key metric defined on both sides, in METRIC_KEYS order. */
  verdicts: MetricVerdict[];
}

/** Floating-point rounding: differences smaller than 1 part in 10^9 of the values are none. */
function negligible(x: number, scale: number): boolean {
  return Math.abs(x) <= 1e-9 * Math.max(1, Math.abs(scale));
}

/** Whether values vary at all, beyond rounding. */
function varies(summary: { sd: number | null; mean: number | null }): boolean {
  return summary.sd !== null && !negligible(summary.sd, summary.mean ?? 0);
}

function pairedVerdict(
  mine: MetricComparison,
  base: MetricComparison,
): Omit<MetricVerdict, "key" | "mean" | "baseMean"> {
  const diffs = mine.values.map((v, i) => {
    const b = base.values[i];
    return v === null || b === null || b === undefined ? null : v - b;
  });
  const d = summarize(diffs);
  const verdict = { method: "paired" as const, n: d.n, difference: null };
  if (d.n < MIN_RUNS_FOR_A_CALL) return { ...verdict, kind: "tooFew" };
  if (!varies(d)) {
    return negligible(d.mean!, base.mean!)
      ? { ...verdict, kind: "same" }
      : { ...verdict, kind: "noSpread", difference: d.mean };
  }
  const excludesZero = d.ciLow! > 0 || d.ciHigh! < 0;
  return { ...verdict, kind: excludesZero ? "clear" : "noise" };
}

function overlapVerdict(
  mine: MetricComparison,
  base: MetricComparison,
): Omit<MetricVerdict, "key" | "mean" | "baseMean"> {
  const verdict = { method: "overlap" as const, n: Math.min(mine.n, base.n), difference: null };
  if (verdict.n < MIN_RUNS_FOR_A_CALL) return { ...verdict, kind: "tooFew" };
  if (!varies(mine) && !varies(base)) {
    return { ...verdict, kind: negligible(mine.mean! - base.mean!, base.mean!) ? "same" : "noSpread" };
  }
  return { ...verdict, kind: clearlyDifferent(mine, base) ? "clear" : "noise" };
}

function judge(
  key: MetricKey,
  mine: MetricComparison,
  base: MetricComparison,
  paired: boolean,
): MetricVerdict | null {
  if (mine.mean === null || base.mean === null) return null;
  const means = { key, mean: mine.mean, baseMean: base.mean };
  const identical =
    mine.values.length === base.values.length && mine.values.every((v, i) => v === base.values[i]);
  const method = paired && mine.values.length === base.values.length ? "paired" : "overlap";
  if (identical) return { ...means, kind: "same", method, n: Math.min(mine.n, base.n), difference: null };
  return { ...means, ...(method === "paired" ? pairedVerdict(mine, base) : overlapVerdict(mine, base)) };
}

/** Every variation after the first, judged against the first; `repeats`: runs each should have. */
export function judgeVariations(variations: VariationComparison[], repeats: number): VariationVerdicts[] {
  const [base, ...others] = variations;
  if (base === undefined) return [];
  return others.map((variation) => {
    // Every repeat of both completed: compare repeat by repeat (same seeds); else by CI overlap.
    const paired = variation.runs === repeats && base.runs === repeats;
    const verdicts = METRIC_KEYS.map((key) =>
      judge(key, variation.metrics[key], base.metrics[key], paired),
    ).filter((v) => v !== null);
    return { variation: variation.name, baseline: base.name, paired, verdicts };
  });
}
