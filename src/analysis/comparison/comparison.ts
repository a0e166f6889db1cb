// The numbers of an experiment's comparison: per variation and per key metric, the values of its
// runs and their mean with a 95% CI (stats.ts), cut at 0 for metrics that cannot be negative.
// Plain, JSON-serialisable data for src/report/comparison.
import { METRIC_KEYS, METRIC_LOWER_BOUNDS, type MetricKey, type RunMetricValues } from "./runMetrics.ts";
import { type Summary, summarize } from "./stats.ts";
import { judgeVariations, type VariationVerdicts } from "./verdicts.ts";

export interface ComparedRun {
  variation: string;
  repeat: number;
  seed: number;
  dir: string;
  values: RunMetricValues;
}

export interface MetricComparison extends Summary {
  /** One per run of the variation, in repeat order (null where the metric is undefined). */
  values: Array<number | null>;
}

export interface VariationComparison {
  name: string;
  description: string;
  /** The config keys the variation sets, as written in the experiment file. */
  set: Record<string, unknown>;
  /** Completed runs that went into the numbers. */
  runs: number;
  metrics: Record<MetricKey, MetricComparison>;
}

export interface ExperimentHeader {
  name: string;
  description: string;
  mode: "live" | "sim";
  durationS: number;
  repeats: number;
  seed: number;
}

export interface Comparison {
  experiment: ExperimentHeader;
  /** In file order; the first is the baseline the observations compare against. */
  variations: VariationComparison[];
  runs: ComparedRun[];
  /** Each variation after the first against the first, metric by metric (verdicts.ts). */
  verdicts: VariationVerdicts[];
  /** Plain-word observations (filled in by src/report/comparison/observations.ts). */
  observations: string[];
}

export function buildComparison(
  experiment: ExperimentHeader,
  variations: Array<{ name: string; description: string; set: Record<string, unknown> }>,
  runs: ComparedRun[],
): Comparison {
  const compared = variations.map((variation): VariationComparison => {
    const mine = runs.filter((r) => r.variation === variation.name).sort((a, b) => a.repeat - b.repeat);
    const metrics = Object.fromEntries(
      METRIC_KEYS.map((key) => {
        const values = mine.map((r) => r.values[key]);
        return [key, { ...summarize(values, METRIC_LOWER_BOUNDS[key]), values }];
      }),
    ) as Record<MetricKey, MetricComparison>;
    return { ...variation, runs: mine.length, metrics };
  });
  const verdicts = judgeVariations(compared, experiment.repeats);
  return { experiment, variations: compared, runs, verdicts, observations: [] };
}

/** The metric's value if every run of every variation has that same value, else null. */
export function constantValue(comparison: Comparison, key: MetricKey): number | null {
  const values = comparison.variations.flatMap((v) => v.metrics[key].values);
  const first = values[0];
  if (first === undefined || first === null) return null;
  return values.every((value) => value === first) ? first : null;
}
