// Public entry of src/analysis/comparison: the model of an experiment's comparison. Each run's key
// metrics (from its RunAnalysis), their summaries per variation (mean and 95% CI) and each variation's verdicts against
// the baseline, as plain,
// JSON-serialisable data. src/report/comparison renders it; src/experiment fills it from its runs.
export {
  buildComparison,
  type ComparedRun,
  type Comparison,
  constantValue,
  type ExperimentHeader,
  type MetricComparison,
  type VariationComparison,
} from "./comparison.ts";
export {
  METRIC_KEYS,
  METRIC_LABELS,
  METRIC_LOWER_BOUNDS,
  type MetricKey,
  type RunMetricValues,
  runMetricValues,
} from "./runMetrics.ts";
export { clearlyDifferent, type Summary, summarize, tQuantile975 } from "./stats.ts";
export {
  judgeVariations,
  type MetricVerdict,
  MIN_RUNS_FOR_A_CALL,
  type VariationVerdicts,
  type VerdictKind,
} from "./verdicts.ts";
