// The key metrics of one run that an experiment compares, derived from its RunAnalysis
// (docs/analyze.md defines each): the largest jump and queue over machines, the mean jump, the Lamport spread, and how
// far the measured tick rates came from the configured speeds, and the longest message transit as
// the machines' physical clocks tell it (which shows clock skew), and how far a hybrid logical
// clock ran ahead of its own machine's physical clock (HLC's response to skew).
import type { RunAnalysis } from "../types.ts";

export const METRIC_KEYS = [
  "jumpMax",
  "jumpMean",
  "queueMax",
  "spreadFinal",
  "spreadMax",
  "tickRateErrorPct",
  "transitMsMax",
  "hlcAheadMsMax",
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

export const METRIC_LABELS: Record<MetricKey, string> = {
  jumpMax: "largest jump",
  jumpMean: "mean jump",
  queueMax: "largest queue",
  spreadFinal: "final Lamport spread",
  spreadMax: "largest Lamport spread",
  tickRateErrorPct: "tick rate error (%)",
  transitMsMax: "largest transit (ms)",
  hlcAheadMsMax: "HLC ahead of own clock (ms)",
};

/**
 * The smallest value each metric can take: none of them can be negative except the largest
 * transit, which under clock skew can be (a receiver whose clock is behind the sender's).
 */
export const METRIC_LOWER_BOUNDS: Record<MetricKey, number | null> = {
  jumpMax: 0,
  jumpMean: 0,
  queueMax: 0,
  spreadFinal: 0,
  spreadMax: 0,
  tickRateErrorPct: 0,
  transitMsMax: null,
  hlcAheadMsMax: 0,
};

export type RunMetricValues = Record<MetricKey, number | null>;

function defined(values: Array<number | null | undefined>): number[] {
  return values.filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
}

function maxOf(values: number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

function meanOf(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function runMetricValues(analysis: RunAnalysis): RunMetricValues {
  const machines = analysis.machineIds.map((id) => ({ id, m: analysis.metrics.machines[id]! }));
  const rateErrors = machines.map(({ id, m }) => {
    const configured = analysis.run.configuredSpeeds[id];
    if (configured === undefined || configured <= 0 || m.ticksPerSecond === null) return null;
    return (Math.abs(m.ticksPerSecond - configured) / configured) * 100;
  });
  return {
    jumpMax: maxOf(defined(machines.map(({ m }) => m.jumpMax))),
    jumpMean: meanOf(defined(machines.map(({ m }) => m.jumpMean))),
    queueMax: maxOf(defined(machines.map(({ m }) => m.queueMax))),
    spreadFinal: analysis.metrics.run.spreadFinal,
    spreadMax: analysis.metrics.run.spreadMax,
    tickRateErrorPct: maxOf(defined(rateErrors)),
    // Receive time minus send time by the two machines' own clocks: skew shows up here.
    transitMsMax: maxOf(defined(machines.map(({ m }) => m.transitMsMax))),
    // HLC wall minus the machine's own clock reading: 0 with true clocks, about the skew without.
    hlcAheadMsMax: maxOf(defined(machines.map(({ m }) => m.hlcAheadMsMax))),
  };
}
