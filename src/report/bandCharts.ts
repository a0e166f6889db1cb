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

/** Jump sizes summed over all machines, plus a panel per highlighted machine that jumped. */
export function jumpHistogramBandChart(analysis: RunAnalysis): string | null {
  const all = `all ${formatNumber(analysis.machineIds.length)} machines`;
  const sum = new Map<number, number>();
  for (const m of analysis.machines)
    for (const bin of m.jumpHistogram) sum.set(bin.size, (sum.get(bin.size) ?? 0) + bin.count);
  if (sum.size === 0) return null;
  const data = [...sum].map(([size, count]) => ({ panel: all, size, count }));
  const details = new Map(analysis.machines.map((m) => [m.id, m]));
  const panels = [all];
  for (const machine of analysis.series.highlighted) {
    const histogram = details.get(machine.id)?.jumpHistogram ?? [];
    if (histogram.length === 0) continue;
    const panel = highlightLabel(machine);
    panels.push(panel);
    for (const bin of histogram) data.push({ panel, size: bin.size, count: bin.count });
  }
  return renderPlot({
    width: WIDTH,
    height: 50 + 110 * panels.length,
    marginLeft: 60,
    marginRight: 220,
    fy: { domain: panels, label: null },
    x: { label: "jump size (Lamport step above 1)" },
    y: { label: "jumps", grid: true },
    marks: [
      Plot.rectY(data, {
        x1: (d: { size: number }) => d.size - 0.4,
        x2: (d: { size: number }) => d.size + 0.4,
        y: "count",
        fill: (d: { panel: string }) => (d.panel === all ? "#6b7785" : "#4269d0"),
        fy: "panel",
      }),
      Plot.ruleY([0]),
    ],
  });
}
