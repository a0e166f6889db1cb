// Which machines' own time series a RunAnalysis carries. Up to MAX_MACHINE_SERIES machines, all of
// them (a chart draws one line each); beyond that a line per machine is unreadable and costs memory
// per machine and bin, so only the most extreme machines keep theirs and a band (min / median / max
// across all machines per bin) stands for the rest.
import type { BinGrid, BinnedSeries } from "./timeBins.ts";
import type { BandPoint, HighlightedMachine, MachineMetrics, SeriesPoint } from "./types.ts";

export const MAX_MACHINE_SERIES = 20;

type Pick = [reason: string, value: (m: MachineMetrics) => number | null, direction: 1 | -1];

/** In this order; ties go to the first machine in id order (as the report's observations do). */
const PICKS: Pick[] = [
  ["fastest", (m) => m.ticksPerSecond, 1],
  ["slowest", (m) => m.ticksPerSecond, -1],
  ["highest final Lamport", (m) => m.lamportFinal, 1],
  ["lowest final Lamport", (m) => m.lamportFinal, -1],
  ["largest jump", (m) => m.jumpMax, 1],
  ["largest queue", (m) => m.queueMax, 1],
];

/** The machines that stand out (each pick names one; a machine may stand out for several reasons). */
export function highlightMachines(ids: string[], metrics: MachineMetrics[]): HighlightedMachine[] {
  const out: HighlightedMachine[] = [];
  for (const [reason, value, direction] of PICKS) {
    let best = -1;
    let bestValue = 0;
    for (let i = 0; i < ids.length; i++) {
      const m = metrics[i]!;
      if (m.events === 0) continue;
      const v = value(m);
      if (v === null) continue;
      if (best < 0 || (v - bestValue) * direction > 0) {
        best = i;
        bestValue = v;
      }
    }
    if (best < 0) continue;
    const id = ids[best]!;
    const known = out.find((h) => h.id === id);
    if (known === undefined) out.push({ id, reasons: [reason] });
    else known.reasons.push(reason);
  }
  return out;
}

/**
 * Min / median / max across machines per bin. A machine counts from its first non-empty bin on;
 * in a bin without events it counts with its latest earlier value (the value it still holds).
 */
export function bandOf(grid: BinGrid, series: BinnedSeries[]): BandPoint[] {
  const held = new Float64Array(series.length).fill(Number.NaN);
  const scratch = new Float64Array(series.length);
  const out: BandPoint[] = [];
  for (let bin = 0; bin < grid.bins; bin++) {
    let n = 0;
    let fresh = false;
    for (let i = 0; i < series.length; i++) {
      const value = series[i]!.values[bin]!;
      if (!Number.isNaN(value)) {
        held[i] = value;
        fresh = true;
      }
      const current = held[i]!;
      if (!Number.isNaN(current)) scratch[n++] = current;
    }
    // Bins past the last event (or before the first) have nothing new: no point.
    if (!fresh || n === 0) continue;
    const sorted = scratch.subarray(0, n).sort();
    const middle = n >> 1;
    const median = n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    out.push({ tS: ((bin + 0.5) * grid.widthMs) / 1000, min: sorted[0]!, median, max: sorted[n - 1]! });
  }
  return out;
}

export interface MachineSeries {
  lamport: Record<string, SeriesPoint[]>;
  queue: Record<string, SeriesPoint[]>;
  highlighted: HighlightedMachine[];
  lamportBand: BandPoint[] | null;
  queueBand: BandPoint[] | null;
}

/** The per-machine part of RunSeries, from the binned series of every machine. */
export function machineSeries(
  grid: BinGrid | null,
  ids: string[],
  metrics: MachineMetrics[],
  lamport: BinnedSeries[],
  queue: BinnedSeries[],
): MachineSeries {
  const points = (s: BinnedSeries): SeriesPoint[] => (grid === null ? [] : grid.points(s));
  if (ids.length <= MAX_MACHINE_SERIES) {
    return {
      lamport: Object.fromEntries(ids.map((id, i) => [id, points(lamport[i]!)])),
      queue: Object.fromEntries(ids.map((id, i) => [id, points(queue[i]!)])),
      highlighted: [],
      lamportBand: null,
      queueBand: null,
    };
  }
  const highlighted = highlightMachines(ids, metrics);
  const index = new Map(ids.map((id, i) => [id, i]));
  const kept = (all: BinnedSeries[]) =>
    Object.fromEntries(highlighted.map(({ id }) => [id, points(all[index.get(id)!]!)]));
  return {
    lamport: kept(lamport),
    queue: kept(queue),
    highlighted,
    lamportBand: grid === null ? [] : bandOf(grid, lamport),
    queueBand: grid === null ? [] : bandOf(grid, queue),
  };
}
