// Configured next to measured speed: each machine's ticks per second as run.json (or the original
// exercise's args.json) sets it and as its log shows it (leaving out the time it was down after a
// crash). Up to 20 machines, a row per machine with both dots; beyond, one dot per machine with the
// configured speed across and the measured one up, the diagonal where they agree, and the
// standout machines named.
import * as Plot from "@observablehq/plot";
import type { RunAnalysis } from "../analysis/index.ts";
import { renderPlot } from "./plotDocument.ts";
import { MAX_TABLE_MACHINES } from "./tables.ts";

const WIDTH = 960;

interface SpeedRow {
  machine: string;
  configured: number | null;
  measured: number | null;
}

export function speedRows(analysis: RunAnalysis): SpeedRow[] {
  return analysis.machineIds.map((machine) => ({
    machine,
    configured: analysis.run.configuredSpeeds[machine] ?? null,
    measured: analysis.metrics.machines[machine]?.ticksPerSecond ?? null,
  }));
}

/** Null when there is nothing to draw (no machine has either speed). */
export function speedChart(analysis: RunAnalysis): string | null {
  const rows = speedRows(analysis);
  if (!rows.some((r) => r.configured !== null || r.measured !== null)) return null;
  return rows.length > MAX_TABLE_MACHINES ? speedScatter(analysis, rows) : speedDots(rows);
}

function speedDots(rows: SpeedRow[]): string {
  const configured = rows.flatMap((r) =>
    r.configured === null ? [] : [{ machine: r.machine, what: "configured", value: r.configured }],
  );
  const measured = rows.flatMap((r) =>
    r.measured === null ? [] : [{ machine: r.machine, what: "measured", value: r.measured }],
  );
  const both = rows.filter((r) => r.configured !== null && r.measured !== null);
  return renderPlot({
    width: WIDTH,
    height: 60 + 26 * rows.length,
    marginLeft: 90,
    color: { domain: ["configured", "measured"], range: ["#9aa5b1", "#4269d0"], legend: true },
    y: { domain: rows.map((r) => r.machine), label: null },
    x: { label: "ticks per second", grid: true, zero: true },
    marks: [
      Plot.link(both, { x1: "configured", x2: "measured", y1: "machine", y2: "machine", stroke: "#bbb" }),
      // A ring for the configured speed, a dot inside it for the measured one: both show where they agree.
      Plot.dot(configured, {
        x: "value",
        y: "machine",
        stroke: "what",
        strokeWidth: 2,
        r: 7,
        className: "speed",
      }),
      Plot.dot(measured, { x: "value", y: "machine", fill: "what", r: 4, className: "speed" }),
      Plot.text(
        rows.filter((r) => r.measured !== null),
        {
          x: "measured",
          y: "machine",
          text: (r: SpeedRow) => r.measured!.toFixed(2),
          dx: 10,
          textAnchor: "start",
          fill: "#4269d0",
        },
      ),
    ],
  });
}

function speedScatter(analysis: RunAnalysis, rows: SpeedRow[]): string {
  const both = rows.filter((r) => r.configured !== null && r.measured !== null);
  const highlighted = new Set(analysis.series.highlighted.map((h) => h.id));
  const named = both.filter((r) => highlighted.has(r.machine));
  const top = Math.max(1, ...both.map((r) => Math.max(r.configured!, r.measured!)));
  return renderPlot({
    width: WIDTH,
    height: 420,
    marginLeft: 60,
    x: { label: "configured ticks per second", grid: true, domain: [0, top * 1.05] },
    y: { label: "measured ticks per second", grid: true, domain: [0, top * 1.05] },
    marks: [
      Plot.line(
        [
          [0, 0],
          [top * 1.05, top * 1.05],
        ],
        { stroke: "#bbb", strokeDasharray: "4 3" },
      ),
      Plot.dot(both, {
        x: "configured",
        y: "measured",
        fill: "#4269d0",
        fillOpacity: 0.5,
        r: 3,
        className: "speed",
      }),
      Plot.text(named, { x: "configured", y: "measured", text: "machine", dx: 6, textAnchor: "start" }),
    ],
  });
}
