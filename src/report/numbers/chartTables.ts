// The numbers behind each chart of the report, as the chart draws them: the per-machine time
// series (or, above 20 machines, the band across machines and the standout machines' own lines),
// the spread, the jump histogram, the speeds, the machines' lanes and the space-time diagram's
// events. A time chart's JSON also holds its time grid and the fault windows it shades.
import type { BandPoint, RunAnalysis, SeriesPoint } from "../../analysis/index.ts";
import { faultBands } from "../faultMarks.ts";
import { eventKey, specialEvents } from "../restartMarks.ts";
import { speedRows } from "../speedChart.ts";
import { laneMachines, laneStates } from "../timelineChart.ts";
import type { Cell, NumberTable } from "./numberTable.ts";

/** The time axis and the shaded windows, for a time chart's JSON. */
function timeContext(analysis: RunAnalysis): Record<string, unknown> {
  const shaded = faultBands(analysis).length;
  return {
    tS: "seconds since the run's first event (for a bin: its middle)",
    firstEventTrueTimeMs: analysis.t0Ms,
    // The grid's bins are a whole number of ms (a power of two).
    binWidthMs: Math.round(analysis.series.binWidthS * 1000),
    faultWindows: analysis.faults.slice(0, shaded).map((f) => ({
      id: f.id,
      kind: f.kind,
      startS: f.startS,
      endS: f.endS,
      fromMs: f.fromMs,
      toMs: f.toMs,
      targets: f.targets,
    })),
  };
}

/** A per-machine series chart: a row per machine and bin, then (many machines) the band's rows. */
function seriesTable(
  analysis: RunAnalysis,
  name: string,
  about: string,
  series: Record<string, SeriesPoint[]>,
  band: BandPoint[] | null,
): NumberTable {
  const rows: Cell[][] = [];
  for (const id of analysis.machineIds)
    for (const p of series[id] ?? []) rows.push(["machine", id, p.tS, p.value]);
  for (const p of band ?? [])
    rows.push(["min", null, p.tS, p.min], ["median", null, p.tS, p.median], ["max", null, p.tS, p.max]);
  const what =
    band === null
      ? "series is always machine"
      : "series is machine for a standout machine's own line, or min, median or max across all machines";
  return {
    name,
    about: `${about}; one row per machine and time bin (${what})`,
    columns: ["series", "machine", "tS", "value"],
    rows,
    context: timeContext(analysis),
  };
}

export function lamportTable(analysis: RunAnalysis): NumberTable {
  const { lamport, lamportBand } = analysis.series;
  return seriesTable(analysis, "lamport", "last Lamport value in each time bin", lamport, lamportBand);
}

export function lagTable(analysis: RunAnalysis): NumberTable {
  const { lag, lagBand } = analysis.series;
  const about = "Lamport lag: the machine's value minus the largest across machines at the end of the bin";
  return seriesTable(analysis, "lag", about, lag, lagBand);
}

export function queueTable(analysis: RunAnalysis): NumberTable {
  const { queue, queueBand } = analysis.series;
  return seriesTable(analysis, "queue", "largest queue length in each time bin", queue, queueBand);
}

export function hlcAheadTable(analysis: RunAnalysis): NumberTable {
  const { hlcAhead, hlcAheadBand } = analysis.series;
  const about = "largest hlc.wall − floor(systemTime) in each time bin, ms";
  return seriesTable(analysis, "hlc", about, hlcAhead, hlcAheadBand);
}

export function hlcLogicalTable(analysis: RunAnalysis): NumberTable {
  const { hlcLogical, hlcLogicalBand } = analysis.series;
  return seriesTable(
    analysis,
    "hlc-logical",
    "largest hlc.logical in each time bin",
    hlcLogical,
    hlcLogicalBand,
  );
}

export function spreadTable(analysis: RunAnalysis): NumberTable {
  return {
    name: "spread",
    about: "largest Lamport spread of the one-second samples in each time bin",
    columns: ["tS", "spread"],
    rows: analysis.series.spread.map((p) => [p.tS, p.value]),
    context: timeContext(analysis),
  };
}

/** Per machine and size; above 20 machines the chart sums them, and so does this. */
export function jumpsTable(analysis: RunAnalysis): NumberTable {
  const about =
    "how often a Lamport step of each size above 1 happened (catch-up jumps after a restart left out)";
  if (analysis.series.lamportBand === null)
    return {
      name: "jumps",
      about: `${about}, per machine`,
      columns: ["machine", "size", "count"],
      rows: analysis.machines.flatMap((m) => m.jumpHistogram.map((b) => [m.id, b.size, b.count])),
    };
  const sum = new Map<number, number>();
  for (const m of analysis.machines)
    for (const b of m.jumpHistogram) sum.set(b.size, (sum.get(b.size) ?? 0) + b.count);
  return {
    name: "jumps",
    about: `${about}, summed over all machines`,
    columns: ["size", "count"],
    rows: [...sum].sort((a, b) => a[0] - b[0]),
  };
}

export function speedsTable(analysis: RunAnalysis): NumberTable {
  return {
    name: "speeds",
    about: "configured ticks per second (run.json or args.json) and measured ticksPerSecond",
    columns: ["machine", "configuredTicksPerSecond", "measuredTicksPerSecond"],
    rows: speedRows(analysis).map((r) => [r.machine, r.configured, r.measured]),
  };
}

export function timelineTable(analysis: RunAnalysis): NumberTable {
  const shown = new Set(laneMachines(analysis));
  const rows: Cell[][] = analysis.machines
    .filter((m) => shown.has(m.id) && m.firstTrueTimeS !== null)
    .map((m) => [m.id, "running", m.firstTrueTimeS, m.lastTrueTimeS, "first to last event"]);
  for (const s of laneStates(analysis))
    if (shown.has(s.machine)) rows.push([s.machine, s.state, s.fromS, s.toS, s.label]);
  return {
    name: "timeline",
    about:
      "each lane's stretches: running (first to last event), down after a crash, paused, or on a faulted clock",
    columns: ["machine", "state", "fromS", "toS", "label"],
    rows,
    context: timeContext(analysis),
  };
}

export function spaceTimeTable(analysis: RunAnalysis): NumberTable {
  const { window } = analysis;
  const specials = specialEvents(analysis);
  const rows = window.events.map((e): Cell[] => {
    const special = specials.get(eventKey(e.machine, e.seq));
    const mark = special?.kind ?? (e.step !== null && e.step > 1 ? "jump" : null);
    return [
      e.machine,
      e.seq,
      e.type,
      e.tS,
      e.lamport,
      e.step,
      e.queueLength,
      e.messageId,
      e.from,
      e.to?.join(" ") ?? null,
      mark,
    ];
  });
  return {
    name: "space-time",
    about: "the diagram's events: a row per event drawn, in the order drawn",
    columns: [
      "machine",
      "seq",
      "type",
      "tS",
      "lamport",
      "step",
      "queueLength",
      "messageId",
      "from",
      "to",
      "mark",
    ],
    rows,
    context: {
      ...timeContext(analysis),
      windowStartS: window.startS,
      windowLengthS: window.lengthS,
      machinesDrawn: window.machines,
      eventsInWindow: window.eventsInWindow,
      truncated: window.truncated,
    },
  };
}
