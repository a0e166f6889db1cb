// The numbers of the report's Faults section: the windows (as drawn from the seed, with where the
// charts shade them), each window's three phases (before, during, after) with the metrics of all
// machines, and every measure of what a fault did (the partition's spread and heal jumps, a clock
// fault's hybrid clocks, a pause's queue, a crash's down time, lost queue and catch-up jump, and
// what the launcher did), one row per measure.
import type { FaultAnalysis, PhaseMetrics, RunAnalysis } from "../../analysis/index.ts";
import type { Cell, NumberTable } from "./numberTable.ts";

const set = (ids: readonly string[]) => ids.join(" ");

export function faultWindowsTable(analysis: RunAnalysis): NumberTable {
  return {
    name: "fault-windows",
    about:
      "each fault window: fromMs/toMs after the run's start (run.json's t0), startS/endS on the charts' axis",
    columns: [
      "fault",
      "kind",
      "fromMs",
      "toMs",
      "startS",
      "endS",
      "targets",
      "groups",
      "source",
      "description",
    ],
    rows: analysis.faults.map((f) => [
      f.id,
      f.kind,
      f.fromMs,
      f.toMs,
      f.startS,
      f.endS,
      set(f.targets),
      f.groups === null ? null : f.groups.map(set).join(" | "),
      f.source,
      f.description,
    ]),
    context: { firstEventTrueTimeMs: analysis.t0Ms, runStartTrueTimeMs: analysis.runStartMs },
  };
}

const PHASE_COLUMNS = [
  "fromS",
  "toS",
  "durationS",
  "events",
  "eventsPerSecond",
  "receives",
  "drops",
  "queueMax",
  "transitMsMean",
  "spreadMax",
] as const satisfies ReadonlyArray<keyof PhaseMetrics>;

export function faultPhasesTable(analysis: RunAnalysis): NumberTable {
  const rows: Cell[][] = [];
  for (const f of analysis.faults) {
    for (const phase of ["before", "during", "after"] as const) {
      const p = f.phases[phase];
      const reasons = Object.entries(p.dropsByReason)
        .map(([reason, n]) => `${reason}=${n}`)
        .join(" ");
      rows.push([f.id, phase, ...PHASE_COLUMNS.map((c) => p[c]), reasons]);
    }
  }
  return {
    name: "fault-phases",
    about: "all machines' metrics before, during and after each fault window",
    columns: ["fault", "phase", ...PHASE_COLUMNS, "dropsByReason"],
    rows,
  };
}

type Plain = Record<string, unknown>;

/** One row per primitive field of a measure; lists become space-separated text. */
function fieldRows(fault: FaultAnalysis, subject: string, item: Plain, skip: readonly string[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const [measure, value] of Object.entries(item)) {
    if (skip.includes(measure)) continue;
    const cell: Cell = Array.isArray(value) ? value.join(" ") : (value as Cell);
    rows.push([fault.id, fault.kind, subject, measure, cell]);
  }
  return rows;
}

function measureRows(fault: FaultAnalysis): Cell[][] {
  const rows: Cell[][] = [];
  const effect = fault.effect as unknown as Plain | null;
  for (const [key, value] of Object.entries(effect ?? {})) {
    if (key === "kind") continue;
    const items = Array.isArray(value)
      ? (value as Plain[])
      : value !== null && typeof value === "object"
        ? [value as Plain]
        : null;
    if (items === null) {
      rows.push([fault.id, fault.kind, "", key, value as Cell]);
      continue;
    }
    for (const item of items) {
      // A heal's receive is of a side (its machine is the one that received); the rest are per machine.
      const subject =
        key === "healReceives" ? `side ${set(item.side as string[])}` : `${key} ${String(item.machine)}`;
      rows.push(...fieldRows(fault, subject, item, key === "healReceives" ? ["side"] : ["machine"]));
    }
  }
  for (const a of fault.launcher)
    rows.push([fault.id, fault.kind, `launcher ${a.machine}`, `${a.action}AtS`, a.atS]);
  return rows;
}

export function faultMeasuresTable(analysis: RunAnalysis): NumberTable {
  return {
    name: "fault-measures",
    about:
      "what each fault did, one row per measure (names as in clocklab analyze --json under faults[].effect)",
    columns: ["fault", "kind", "subject", "measure", "value"],
    rows: analysis.faults.flatMap(measureRows),
  };
}
