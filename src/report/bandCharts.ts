// Charts for runs with many machines, where a line per machine would be unreadable: a band from
// the smallest to the largest value across all machines per time bin, their median as a line, and
// a line for each highlighted machine (the fastest, the slowest, the largest jump, ...).
import * as Plot from "@observablehq/plot";
import type { BandPoint, HighlightedMachine, RunAnalysis, SeriesPoint } from "../analysis/index.ts";
import { formatNumber } from "./format.ts";
import { renderPlot } from "./plotDocument.ts";

const WIDTH = 960;
const MEDIAN_COLOR = "#444";
/** observable10 without its grey, so no machine line looks like the median. */
const MACHINE_COLORS = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
];

/** A highlighted machine's legend label: "m42 (fastest, largest jump)". */
export function highlightLabel(machine: HighlightedMachine): string {
  return `${machine.id} (${machine.reasons.join(", ")})`;
}

interface LinePoint {
  line: string;
  tS: number;
  value: number;
}

export interface BandChartOptions {
  height: number;
  yLabel: string;
  band: BandPoint[];
  series: Record<string, SeriesPoint[]>;
  /** Marks drawn under the band (the fault windows). */
  underlay?: Plot.Markish[];
}

export function bandChart(analysis: RunAnalysis, options: BandChartOptions): string {
  const { highlighted } = analysis.series;
  const median = `median of all ${formatNumber(analysis.machineIds.length)} machines`;
  const labels = highlighted.map(highlightLabel);
  const lines: LinePoint[] = options.band.map((p) => ({ line: median, tS: p.tS, value: p.median }));
  highlighted.forEach((machine, i) => {
    for (const p of options.series[machine.id] ?? [])
      lines.push({ line: labels[i]!, tS: p.tS, value: p.value });
  });
  return renderPlot({
    width: WIDTH,
    height: options.height,
    marginLeft: 60,
    color: {
      type: "ordinal",
      domain: [median, ...labels],
      range: [MEDIAN_COLOR, ...MACHINE_COLORS],
      legend: true,
    },
    x: { label: "time since the run's first event (s)" },
    y: { label: options.yLabel, grid: true },
    marks: [
      ...(options.underlay ?? []),
      Plot.areaY(options.band, {
        x: "tS",
        y1: "min",
        y2: "max",
        fill: "#9aa5b1",
        fillOpacity: 0.35,
        curve: "step-after",
      }),
      Plot.ruleY([0]),
      Plot.lineY(lines, { x: "tS", y: "value", stroke: "line", strokeWidth: 1.5, curve: "step-after" }),
    ],
  });
}

/**
 * Jump sizes summed over all machines (a panel per machine would share the total's scale and show
 * nothing; the highlighted machines' largest jumps are in the metrics table).
 */
export function jumpHistogramBandChart(analysis: RunAnalysis): string | null {
  const sum = new Map<number, number>();
  for (const m of analysis.machines)
    for (const bin of m.jumpHistogram) sum.set(bin.size, (sum.get(bin.size) ?? 0) + bin.count);
  if (sum.size === 0) return null;
  const data = [...sum].map(([size, count]) => ({ size, count }));
  return renderPlot({
    width: WIDTH,
    height: 260,
    marginLeft: 60,
    x: { label: "jump size (Lamport step above 1)" },
    y: { label: `jumps, all ${formatNumber(analysis.machineIds.length)} machines`, grid: true },
    marks: [
      Plot.rectY(data, {
        x1: (d: { size: number }) => d.size - 0.4,
        x2: (d: { size: number }) => d.size + 0.4,
        y: "count",
        fill: "#6b7785",
      }),
      Plot.ruleY([0]),
    ],
  });
}
