// Mean and 95% confidence interval of a metric across repeats: Student's t with n - 1 degrees of
// freedom (a table up to 30, then interpolated in 1/df towards the normal 1.96). n = 1 has no CI.
// For a metric that cannot go below a bound (most cannot be negative) the interval is cut at that
// bound: the true mean lies above it, so the cut interval still holds it 95% of the time.

/** Two-sided 95% quantiles t(0.975, df) for df = 1..30. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
/** Beyond the table: [df, t] anchors; between them t is linear in 1/df (df = Infinity: normal). */
const T_975_TAIL: Array<[number, number]> = [
  [30, 2.042],
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
  [Number.POSITIVE_INFINITY, 1.96],
];

export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1)
    throw new RangeError(`degrees of freedom ${df}: expected a whole number >= 1`);
  if (df <= T_975.length) return T_975[df - 1]!;
  for (let i = 1; i < T_975_TAIL.length; i++) {
    const [hiDf, hiT] = T_975_TAIL[i]!;
    if (df <= hiDf) {
      const [loDf, loT] = T_975_TAIL[i - 1]!;
      const fraction = (1 / loDf - 1 / df) / (1 / loDf - 1 / hiDf);
      return loT + (hiT - loT) * fraction;
    }
  }
  return 1.96;
}

export interface Summary {
  /** Values that were defined (null metrics are left out). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1); null for n < 2. */
  sd: number | null;
  /** Half-width of the 95% t interval of the mean; null for n < 2. */
  halfWidth: number | null;
  /** The 95% CI of the mean: mean ± halfWidth, its low end cut at the metric's lower bound. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Whether mean − halfWidth fell below the metric's lower bound, so ciLow is the bound. */
  ciCut: boolean;
  min: number | null;
  max: number | null;
}

/** `lowerBound`: the smallest value the metric can take (0 for a count), or null if none. */
export function summarize(values: ReadonlyArray<number | null>, lowerBound: number | null = null): Summary {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  const none = { sd: null, halfWidth: null, ciLow: null, ciHigh: null, ciCut: false };
  if (n === 0) return { n, mean: null, ...none, min: null, max: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  if (n === 1) return { n, mean, ...none, min, max };
  const variance = xs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const halfWidth = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  const ciCut = lowerBound !== null && mean - halfWidth < lowerBound;
  const ciLow = ciCut ? lowerBound : mean - halfWidth;
  return { n, mean, sd, halfWidth, ciLow, ciHigh: mean + halfWidth, ciCut, min, max };
}

/** Whether two CIs are disjoint; null when either is undefined. */
export function clearlyDifferent(a: Summary, b: Summary): boolean | null {
  if (a.ciLow === null || a.ciHigh === null || b.ciLow === null || b.ciHigh === null) return null;
  return a.ciHigh < b.ciLow || b.ciHigh < a.ciLow;
}
