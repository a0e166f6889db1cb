// Fault windows on the report's time charts: a shaded band per window, coloured by kind, with its
// id and kind written at the top ("f1 partition"), for Observable Plot charts and for the plain-SVG
// space-time diagram alike. A run with very many windows (a generator firing every second) gets
// its first MAX_SHADED shaded and labels only while they stay readable.
import * as Plot from "@observablehq/plot";
import type { FaultAnalysis, RunAnalysis } from "../analysis/index.ts";
import { formatNumber } from "./format.ts";

export const MAX_SHADED = 200;
/** Above this many windows, the bands are not labelled (the fault list names them). */
export const MAX_LABELLED = 12;

const KIND_COLORS: Record<string, string> = {
  partition: "#f28e2b",
  clock: "#59a14f",
  pause: "#4e9fa6",
  crash: "#9c6ad6",
};
const NETWORK_COLOR = "#8a8a8a";

export function faultColor(kind: string): string {
  return KIND_COLORS[kind] ?? NETWORK_COLOR;
}

export function faultLabel(fault: FaultAnalysis): string {
  return `${fault.id} ${fault.kind}`;
}

interface Band {
  startS: number;
  endS: number;
  color: string;
  label: string;
  row: number;
}

/** The windows to shade: as bands on the charts' axis (seconds since the run's first event). */
export function faultBands(analysis: RunAnalysis): Band[] {
  const shown = analysis.faults.slice(0, MAX_SHADED);
  const labelled = shown.length <= MAX_LABELLED;
  return shown.map((fault, i) => ({
    startS: Math.max(0, fault.startS),
    endS: Math.max(0, fault.endS),
    color: faultColor(fault.kind),
    label: labelled ? faultLabel(fault) : "",
    // Labels of neighbouring windows take turns on two rows, so that they do not overlap.
    row: i % 2,
  }));
}

/** Plot marks to draw first (under the data): the shaded windows and their labels. */
export function faultPlotMarks(analysis: RunAnalysis): Plot.Markish[] {
  const bands = faultBands(analysis);
  if (bands.length === 0) return [];
  return [
    Plot.rect(bands, {
      x1: "startS",
      x2: "endS",
      fill: "color",
      fillOpacity: 0.13,
      className: "fault-window",
      ariaDescription: "fault window",
    }),
    ...[0, 1].map((row) =>
      Plot.text(
        bands.filter((b) => b.label !== "" && b.row === row),
        {
          x: "startS",
          text: "label",
          frameAnchor: "top",
          textAnchor: "start",
          dx: 3,
          dy: 3 + 12 * row,
          fill: "color",
          fontWeight: 600,
          className: "fault-label",
        },
      ),
    ),
  ];
}

/** A sentence for a chart's caption, or "" for a run without faults. */
export function faultShadingNote(analysis: RunAnalysis): string {
  const n = analysis.faults.length;
  if (n === 0) return "";
  const more = n > MAX_SHADED ? ` (the first ${formatNumber(MAX_SHADED)} of ${formatNumber(n)})` : "";
  const labels = n > MAX_LABELLED ? "; the Faults section lists them" : ", labelled with their id and kind";
  return ` Shaded: the fault windows${more}${labels}.`;
}
