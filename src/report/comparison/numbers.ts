// Number formatting for the comparison: decimals that suit the size of the value, the mean with
// its CI (half-width, or the interval where it was cut at 0), and a variation's overrides as
// "key=value" text.
import type { MetricComparison } from "../../analysis/comparison/index.ts";
import { formatNumber } from "../format.ts";

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const size = Math.abs(value);
  return formatNumber(value, Number.isInteger(value) ? 0 : size >= 100 ? 0 : size >= 10 ? 1 : 2);
}

/**
 * "18.6 ± 4.2" (mean ± 95% CI half-width); the mean alone when there is no CI; "1.2 [0, 3.7]" when
 * the interval was cut at the metric's lower bound (it is then no longer symmetric).
 */
export function formatMeanCi(metric: MetricComparison): string {
  if (metric.mean === null) return "–";
  if (metric.halfWidth === null) return formatValue(metric.mean);
  if (metric.ciCut) return `${formatValue(metric.mean)} [${formatCi(metric, ", ")}]`;
  return `${formatValue(metric.mean)} ± ${formatValue(metric.halfWidth)}`;
}

/** The 95% CI as "low<separator>high". */
export function formatCi(metric: MetricComparison, separator: string): string {
  return `${formatValue(metric.ciLow)}${separator}${formatValue(metric.ciHigh)}`;
}

/** "cut at 0" where the interval's low end was cut at the metric's lower bound, else "". */
export function cutNote(metric: MetricComparison): string {
  return metric.ciCut ? `cut at ${formatValue(metric.ciLow)}` : "";
}

/** A variation's overrides flattened to "machine.speedMin=5" entries. */
export function describeSet(set: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(set).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0
      ? describeSet(value as Record<string, unknown>, path)
      : [`${path}=${JSON.stringify(value)}`];
  });
}
