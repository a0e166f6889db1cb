// The charts that show drift and hybrid clocks: the Lamport lag (each machine's value minus the
// largest across machines at the end of each time bin: 0 for the leader, below 0 behind it, so
// machines of similar speed that share one line on the Lamport chart come apart), how far each
// hybrid clock (HLC) ran ahead of its machine's own physical clock, and its logical counter (an
// HLC whose clock fell behind holds its wall and counts). Bands plus the standout machines above
// 20 machines, as the other time charts; fault windows shaded.
import type { RunAnalysis } from "../analysis/index.ts";
import { machineTimeChart } from "./charts.ts";

export function lagChart(analysis: RunAnalysis): string {
  const { lag, lagBand } = analysis.series;
  return machineTimeChart(analysis, lag, lagBand, 300, "Lamport lag (value − largest value)");
}

/** Whether the logs carry a hybrid clock at all (the original exercise's do not). */
export function hasHlc(analysis: RunAnalysis): boolean {
  const { hlcAhead, hlcAheadBand } = analysis.series;
  return (hlcAheadBand?.length ?? 0) > 0 || Object.values(hlcAhead).some((points) => points.length > 0);
}

export function hlcAheadChart(analysis: RunAnalysis): string {
  const { hlcAhead, hlcAheadBand } = analysis.series;
  return machineTimeChart(analysis, hlcAhead, hlcAheadBand, 280, "HLC ahead of own clock (ms)");
}

export function hlcLogicalChart(analysis: RunAnalysis): string {
  const { hlcLogical, hlcLogicalBand } = analysis.series;
  return machineTimeChart(analysis, hlcLogical, hlcLogicalBand, 240, "HLC logical counter (largest in bin)");
}
