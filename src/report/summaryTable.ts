// The terminal summary of a run: one row per machine (speed, events by type, final Lamport value,
// largest jump, largest queue) and the run's totals, as plain aligned text. A run with more than
// MAX_ROWS machines shows the EXCERPT_ROWS highest and lowest by final Lamport value and says so.
import type { RunAnalysis } from "../analysis/index.ts";
import { fatesLine } from "./fates.ts";
import { formatMaybeWhole, formatNumber, formatSeconds } from "./format.ts";
import { printable } from "./terminalText.ts";
import { type Align, renderTable } from "./textTable.ts";

const MAX_ROWS = 20;
const EXCERPT_ROWS = 10;

/** The machines that get a row: all, or the highest and lowest by final Lamport value (null: a gap). */
function rowMachines(analysis: RunAnalysis): Array<string | null> {
  const ids = analysis.machineIds;
  if (ids.length <= MAX_ROWS) return ids;
  const final = (id: string) => analysis.metrics.machines[id]!.lamportFinal ?? Number.NEGATIVE_INFINITY;
  const order = ids
    .map((id, index) => ({ id, index }))
    .sort((a, b) => final(b.id) - final(a.id) || a.index - b.index)
    .map((e) => e.id);
  return [...order.slice(0, EXCERPT_ROWS), null, ...order.slice(-EXCERPT_ROWS)];
}

export function formatSummaryTable(analysis: RunAnalysis): string {
  const { metrics, machineIds } = analysis;
  const run = metrics.run;
  const mode =
    analysis.format === "python-exercise" ? "original exercise format" : (analysis.run.mode ?? "clocklab");
  const seed = analysis.run.seed === null ? "" : `, seed ${analysis.run.seed}`;
  const totalEvents = machineIds.reduce((sum, id) => sum + metrics.machines[id]!.events, 0);
  const lines = [
    `Run ${printable(analysis.runDir)} (${mode}${seed}): ${machineIds.length} machines, ` +
      `${formatSeconds(analysis.durationS)}, ${formatNumber(totalEvents)} events`,
    "",
  ];
  const header = [
    "machine",
    "ticks/s",
    "events",
    "sends",
    "receives",
    "internal",
    "final L",
    "max jump",
    "max queue",
  ];
  const shown = rowMachines(analysis);
  const hidden = machineIds.length - shown.filter((id) => id !== null).length;
  const rows = shown.map((id) => {
    if (id === null) return [`… ${formatNumber(hidden)} more`];
    const m = metrics.machines[id]!;
    return [
      printable(id),
      formatNumber(m.ticksPerSecond, 2),
      formatNumber(m.events),
      formatNumber(m.sends),
      formatNumber(m.receives),
      formatNumber(m.internals),
      formatNumber(m.lamportFinal),
      formatMaybeWhole(m.jumpMax),
      formatNumber(m.queueMax),
    ];
  });
  const sum = (key: "sends" | "receives" | "internals") =>
    formatNumber(machineIds.reduce((total, id) => total + metrics.machines[id]![key], 0));
  rows.push([
    "total",
    "",
    formatNumber(totalEvents),
    sum("sends"),
    sum("receives"),
    sum("internals"),
    "",
    "",
    "",
  ]);
  lines.push(...renderTable(header, rows, ["left", ...header.slice(1).map((): Align => "right")]));
  if (hidden > 0) {
    lines.push(
      "",
      `${formatNumber(machineIds.length)} machines: the ${EXCERPT_ROWS} highest and ${EXCERPT_ROWS} lowest by final ` +
        "Lamport value are shown; the total counts every machine, and clocklab analyze --json lists each.",
    );
  }
  lines.push(
    "",
    `deliveries: ${fatesLine(run, printable)}${run.duplicates > 0 ? `; ${formatNumber(run.duplicates)} duplicate copies` : ""}`,
    `Lamport spread: max ${formatNumber(run.spreadMax)}, final ${formatNumber(run.spreadFinal)}; ` +
      `causality violations: ${formatNumber(run.causalityViolations)}`,
  );
  for (const warning of analysis.warnings) lines.push(`warning: ${printable(warning)}`);
  return `${lines.join("\n")}\n`;
}
