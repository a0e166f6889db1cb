// Public entry of src/analysis/comparison: the model of an experiment's comparison. Each run's key
// metrics (from its RunAnalysis), their summaries per variation (mean and 95% CI), as plain,
// JSON-serialisable data. src/report/comparison renders it; src/experiment fills it from its runs.
export {
  buildComparison,
  type ComparedRun,
  type Comparison,
  type ExperimentHeader,
  type MetricComparison,
  type VariationComparison,
} from "./comparison.ts";
export {
  METRIC_KEYS,
  METRIC_LABELS,
  type MetricKey,
  type RunMetricValues,
  runMetricValues,
} from "./runMetrics.ts";
export { clearlyDifferent, type Summary, summarize, tQuantile975 } from "./stats.ts";
