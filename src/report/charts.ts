// The report's time charts, drawn server-side with Observable Plot: Lamport value against time
// (one line per machine), queue length against time, the Lamport spread against time, and a
// histogram of jump sizes per machine. Each returns static SVG markup (an HTML string). A run with
// more machines than have their own series gets the band charts of bandCharts.ts instead. Every
// time chart shades the run's fault windows (faultMarks.ts).
import * as Plot from "@observablehq/plot";
import type { BandPoint, RunAnalysis, SeriesPoint } from "../analysis/index.ts";
import { bandChart, jumpHistogramBandChart } from "./bandCharts.ts";
import { faultPlotMarks } from "./faultMarks.ts";
import { renderPlot } from "./plotDocument.ts";

const WIDTH = 960;

interface MachinePoint {
  machine: string;
  tS: number;
  value: number;
}

function perMachine(
  series: Record<string, Array<{ tS: number; value: number }>>,
  ids: string[],
): MachinePoint[] {
  return ids.flatMap((machine) =>
    (series[machine] ?? []).map((p) => ({ machine, tS: p.tS, value: p.value })),
  );
}

function color(ids: string[]): Plot.ScaleOptions {
  return { type: "ordinal", domain: ids, scheme: "observable10", legend: true };
}

/**
 * A time chart of one per-machine series: a step line per machine, or (many machines) the band
 * across machines with the highlighted machines' lines; fault windows shaded underneath.
 */
export function machineTimeChart(
  analysis: RunAnalysis,
  series: Record<string, SeriesPoint[]>,
  band: BandPoint[] | null,
  height: number,
  yLabel: string,
): string {
  const underlay = faultPlotMarks(analysis);
  if (band !== null) return bandChart(analysis, { height, yLabel, band, series, underlay });
  return perMachineStepChart(analysis, series, height, yLabel);
}

export function lamportChart(analysis: RunAnalysis): string {
  const { lamport, lamportBand } = analysis.series;
  return machineTimeChart(analysis, lamport, lamportBand, 340, "Lamport value");
}

export function queueChart(analysis: RunAnalysis): string {
  const { queue, queueBand } = analysis.series;
  return machineTimeChart(analysis, queue, queueBand, 300, "queue length (largest in each time bin)");
}

/** One step line per machine over time (runs small enough to draw every machine). */
function perMachineStepChart(
  analysis: RunAnalysis,
  series: Parameters<typeof perMachine>[0],
  height: number,
  yLabel: string,
): string {
  const data = perMachine(series, analysis.machineIds);
  return renderPlot({
    width: WIDTH,
    height,
    marginLeft: 60,
    color: color(analysis.machineIds),
    x: { label: "time since the run's first event (s)" },
    y: { label: yLabel, grid: true },
    marks: [
      ...faultPlotMarks(analysis),
      Plot.ruleY([0]),
      Plot.lineY(data, { x: "tS", y: "value", stroke: "machine", strokeWidth: 1.5, curve: "step-after" }),
    ],
  });
}

export function spreadChart(analysis: RunAnalysis): string {
  const data = analysis.series.spread;
  return renderPlot({
    width: WIDTH,
    height: 260,
    marginLeft: 60,
    x: { label: "time since the run's first event (s)" },
    y: { label: "Lamport spread (largest − smallest)", grid: true },
    marks: [
      ...faultPlotMarks(analysis),
      Plot.areaY(data, { x: "tS", y: "value", fill: "#e15759", fillOpacity: 0.2, curve: "step-after" }),
      Plot.lineY(data, { x: "tS", y: "value", stroke: "#e15759", strokeWidth: 1.5, curve: "step-after" }),
      Plot.ruleY([0]),
    ],
  });
}

/** Null when no machine made a jump (a step above 1): there is nothing to draw. */
export function jumpHistogramChart(analysis: RunAnalysis): string | null {
  if (analysis.series.lamportBand !== null) return jumpHistogramBandChart(analysis);
  const data = analysis.machines.flatMap((m) =>
    m.jumpHistogram.map((bin) => ({ machine: m.id, size: bin.size, count: bin.count })),
  );
  if (data.length === 0) return null;
  const ids = analysis.machines.filter((m) => m.jumpHistogram.length > 0).map((m) => m.id);
  return renderPlot({
    width: WIDTH,
    height: 50 + 110 * ids.length,
    marginLeft: 60,
    marginRight: 110,
    color: { ...color(analysis.machineIds), legend: false },
    fy: { domain: ids, label: null },
    x: { label: "jump size (Lamport step above 1)" },
    y: { label: "jumps", grid: true },
    marks: [
      Plot.rectY(data, {
        x1: (d: { size: number }) => d.size - 0.4,
        x2: (d: { size: number }) => d.size + 0.4,
        y: "count",
        fill: "machine",
        fy: "machine",
      }),
      Plot.ruleY([0]),
    ],
  });
}
