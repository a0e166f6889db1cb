// Which machines' own time series a RunAnalysis carries. Up to MAX_MACHINE_SERIES machines, all of
// them (a chart draws one line each); beyond that a line per machine is unreadable and costs memory
// per machine and bin, so only the most extreme machines keep theirs and a band (min / median / max
// across all machines per bin) stands for the rest. The Lamport lag (a machine's value minus the
// largest across machines at the end of each bin) is made here from the Lamport series themselves.
import type { BinGrid, BinnedSeries } from "./timeBins.ts";
import type { BandPoint, HighlightedMachine, MachineMetrics, SeriesPoint } from "./types.ts";

export const MAX_MACHINE_SERIES = 20;

type Pick = [
  reason: string,
  value: (m: MachineMetrics) => number | null | undefined,
  direction: 1 | -1,
  /** A value must be above this to stand out (none: any value). */
  above?: number,
];

/** In this order; ties go to the first machine in id order (as the report's observations do). */
const PICKS: Pick[] = [
  ["fastest", (m) => m.ticksPerSecond, 1],
  ["slowest", (m) => m.ticksPerSecond, -1],
  ["highest final Lamport", (m) => m.lamportFinal, 1],
  ["lowest final Lamport", (m) => m.lamportFinal, -1],
  ["largest jump", (m) => m.jumpMax, 1],
  ["largest queue", (m) => m.queueMax, 1],
  // Only when some HLC ran ahead at all (with true clocks none does).
  ["HLC furthest ahead", (m) => m.hlcAheadMsMax, 1, 0],
];

/** The machines that stand out (each pick names one; a machine may stand out for several reasons). */
export function highlightMachines(ids: string[], metrics: MachineMetrics[]): HighlightedMachine[] {
  const out: HighlightedMachine[] = [];
  for (const [reason, value, direction, above] of PICKS) {
    let best = -1;
    let bestValue = 0;
    for (let i = 0; i < ids.length; i++) {
      const m = metrics[i]!;
      if (m.events === 0) continue;
      const v = value(m);
      if (v === null || v === undefined || (above !== undefined && !(v > above))) continue;
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
      const value = series[i]!.at(bin);
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

/**
 * Each of `keep`'s machines' Lamport lag in every bin where any machine had an event: its latest
 * value minus the largest latest value across all machines (the value each machine still holds
 * at the end of the bin). A machine has no lag before its first event.
 */
export function lagOf(grid: BinGrid, lamport: BinnedSeries[], keep: number[]): SeriesPoint[][] {
  const held = new Float64Array(lamport.length).fill(Number.NaN);
  const out: SeriesPoint[][] = keep.map(() => []);
  for (let bin = 0; bin < grid.bins; bin++) {
    let fresh = false;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < lamport.length; i++) {
      const value = lamport[i]!.at(bin);
      if (!Number.isNaN(value)) {
        held[i] = value;
        fresh = true;
      }
      const current = held[i]!;
      if (current > max) max = current;
    }
    if (!fresh) continue;
    const tS = ((bin + 0.5) * grid.widthMs) / 1000;
    keep.forEach((i, k) => {
      const current = held[i]!;
      if (!Number.isNaN(current)) out[k]!.push({ tS, value: current - max });
    });
  }
  return out;
}

/** The lag band from the Lamport band: the same bins, each value minus the bin's largest. */
export function lagBandOf(lamportBand: BandPoint[]): BandPoint[] {
  return lamportBand.map((p) => ({ tS: p.tS, min: p.min - p.max, median: p.median - p.max, max: 0 }));
}

export interface MachineSeries {
  lamport: Record<string, SeriesPoint[]>;
  queue: Record<string, SeriesPoint[]>;
  highlighted: HighlightedMachine[];
  lamportBand: BandPoint[] | null;
  queueBand: BandPoint[] | null;
  lag: Record<string, SeriesPoint[]>;
  lagBand: BandPoint[] | null;
  hlcAhead: Record<string, SeriesPoint[]>;
  hlcAheadBand: BandPoint[] | null;
  hlcLogical: Record<string, SeriesPoint[]>;
  hlcLogicalBand: BandPoint[] | null;
}

/** A machine's binned series of each kind (the HLC ones absent for logs without a hybrid clock). */
export interface BinnedMachineSeries {
  lamport: BinnedSeries[];
  queue: BinnedSeries[];
  hlcAhead: Array<BinnedSeries | undefined>;
  hlcLogical: Array<BinnedSeries | undefined>;
}

/** The per-machine part of RunSeries, from the binned series of every machine. */
export function machineSeries(
  grid: BinGrid | null,
  ids: string[],
  metrics: MachineMetrics[],
  binned: BinnedMachineSeries,
): MachineSeries {
  const points = (s: BinnedSeries | undefined): SeriesPoint[] =>
    grid === null || s === undefined ? [] : grid.points(s);
  const some = (all: Array<BinnedSeries | undefined>) => all.filter((s) => s !== undefined);
  const many = ids.length > MAX_MACHINE_SERIES;
  const highlighted = many ? highlightMachines(ids, metrics) : [];
  const index = new Map(ids.map((id, i) => [id, i]));
  const shown = many ? highlighted.map(({ id }) => index.get(id)!) : ids.map((_, i) => i);
  const kept = (all: Array<BinnedSeries | undefined>) =>
    Object.fromEntries(
      shown.flatMap((i) => (all[i] === undefined ? [] : [[ids[i]!, points(all[i])] as const])),
    );
  const lag = grid === null ? shown.map(() => []) : lagOf(grid, binned.lamport, shown);
  const band = (all: Array<BinnedSeries | undefined>) => {
    if (!many) return null;
    const present = some(all);
    return grid === null || present.length === 0 ? [] : bandOf(grid, present);
  };
  const lamportBand = band(binned.lamport);
  return {
    lamport: kept(binned.lamport),
    queue: kept(binned.queue),
    highlighted,
    lamportBand,
    queueBand: band(binned.queue),
    lag: Object.fromEntries(shown.map((i, k) => [ids[i]!, lag[k]!])),
    lagBand: lamportBand === null ? null : lagBandOf(lamportBand),
    hlcAhead: kept(binned.hlcAhead),
    hlcAheadBand: band(binned.hlcAhead),
    hlcLogical: kept(binned.hlcLogical),
    hlcLogicalBand: band(binned.hlcLogical),
  };
}
