// Number formatting for the comparison: decimals that suit the size of the value, the mean with
// its CI half-width, and a variation's overrides as "key=value" text.
import type { MetricComparison } from "../../analysis/comparison/index.ts";
import { formatNumber } from "../format.ts";

export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const size = Math.abs(value);
  return formatNumber(value, Number.isInteger(value) ? 0 : size >= 100 ? 0 : size >= 10 ? 1 : 2);
}

/** "18.6 ± 4.2" (mean ± 95% CI half-width); the mean alone when there is no CI. */
export function formatMeanCi(metric: MetricComparison): string {
  if (metric.mean === null) return "–";
  return metric.halfWidth === null
    ? formatValue(metric.mean)
    : `${formatValue(metric.mean)} ± ${formatValue(metric.halfWidth)}`;
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
