// Each machine's lane over the whole run: from its first to its last event, with the time it was
// down after a crash (from its last event before to its first after the restart, or to the end if
// it never came back), paused, or running on a faulted clock marked on it, and every fault window
// shaded across. Up to 20 lanes: all machines, or in a larger run those a fault hit, those that
// restarted and the standout machines.
import * as Plot from "@observablehq/plot";
import type { CrashEffect, RunAnalysis } from "../analysis/index.ts";
import { faultColor, faultPlotMarks } from "./faultMarks.ts";
import { formatSeconds } from "./format.ts";
import { renderPlot } from "./plotDocument.ts";

const WIDTH = 960;
export const MAX_LANES = 20;

export interface LaneState {
  machine: string;
  state: "down" | "paused" | "clock";
  fromS: number;
  toS: number;
  label: string;
}

/** The lanes drawn, top to bottom. */
export function laneMachines(analysis: RunAnalysis): string[] {
  const ids = analysis.machineIds;
  if (ids.length <= MAX_LANES) return ids;
  const picked = new Set<string>();
  for (const fault of analysis.faults) for (const id of fault.targets) picked.add(id);
  for (const m of analysis.machines) if (m.restarts.length > 0) picked.add(m.id);
  for (const h of analysis.series.highlighted) picked.add(h.id);
  return ids.filter((id) => picked.has(id)).slice(0, MAX_LANES);
}

/** Down, paused and clock-fault stretches of each machine. */
export function laneStates(analysis: RunAnalysis): LaneState[] {
  const out: LaneState[] = [];
  const endS = analysis.durationS;
  for (const m of analysis.machines) {
    for (const r of m.restarts) {
      if (r.downFromS === null || r.backAtS === null) continue;
      out.push({
        machine: m.id,
        state: "down",
        fromS: r.downFromS,
        toS: r.backAtS,
        label: `down ${formatSeconds(r.downS)}`,
      });
    }
  }
  for (const fault of analysis.faults) {
    if (fault.kind === "crash" && fault.effect?.kind === "crash") {
      // Crashes it never came back from: down from its last event to the end.
      for (const c of (fault.effect as CrashEffect).machines) {
        if (c.backAtS !== null || c.lastEventBeforeS === null) continue;
        out.push({
          machine: c.machine,
          state: "down",
          fromS: c.lastEventBeforeS,
          toS: endS,
          label: "down to the end",
        });
      }
    } else if (fault.kind === "pause" || fault.kind === "clock") {
      const state = fault.kind === "pause" ? "paused" : "clock";
      const label = fault.kind === "pause" ? `paused (${fault.id})` : `clock fault ${fault.id}`;
      for (const machine of fault.targets)
        out.push({
          machine,
          state,
          fromS: Math.max(0, fault.startS),
          toS: Math.min(endS, fault.endS),
          label,
        });
    }
  }
  return out;
}

const STATE_COLORS: Record<LaneState["state"], string> = {
  down: faultColor("crash"),
  paused: faultColor("pause"),
  clock: faultColor("clock"),
};

export function timelineChart(analysis: RunAnalysis): string {
  const lanes = laneMachines(analysis);
  const shown = new Set(lanes);
  const lives = analysis.machines
    .filter((m) => shown.has(m.id) && m.firstTrueTimeS !== null)
    .map((m) => ({ machine: m.id, fromS: m.firstTrueTimeS!, toS: m.lastTrueTimeS! }));
  // Drawn in this order, so a crash shows on top of a faulted clock's stretch.
  const order = { clock: 0, paused: 1, down: 2 };
  const states = laneStates(analysis)
    .filter((s) => shown.has(s.machine))
    .sort((a, b) => order[a.state] - order[b.state]);
  return renderPlot({
    width: WIDTH,
    height: 90 + 34 * Math.max(1, lanes.length),
    marginLeft: 90,
    x: { label: "time since the run's first event (s)", grid: true },
    // Room above the first lane for the fault windows' labels.
    y: { domain: lanes, label: null, insetTop: 28 },
    color: {
      domain: ["down", "paused", "clock"],
      range: [STATE_COLORS.down, STATE_COLORS.paused, STATE_COLORS.clock],
      legend: states.length > 0,
    },
    marks: [
      ...faultPlotMarks(analysis),
      Plot.barX(lives, {
        x1: "fromS",
        x2: "toS",
        y: "machine",
        fill: "#c9ced6",
        insetTop: 13,
        insetBottom: 13,
      }),
      Plot.barX(states, {
        x1: "fromS",
        x2: "toS",
        y: "machine",
        fill: "state",
        fillOpacity: 0.85,
        insetTop: 6,
        insetBottom: 6,
        title: "label",
        className: "lane-state",
      }),
      Plot.text(states, {
        x: "fromS",
        y: "machine",
        text: "label",
        textAnchor: "start",
        dx: 2,
        dy: -14,
        fill: "#333",
      }),
    ],
  });
}
