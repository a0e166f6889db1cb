// The terminal summary of a run: one row per machine (speed, events by type, final Lamport value,
// largest jump, largest queue) and the run's totals, as plain aligned text.
import type { RunAnalysis } from "../analysis/index.ts";
import { formatMaybeWhole, formatNumber, formatSeconds } from "./format.ts";

type Align = "left" | "right";

function renderTable(header: string[], rows: string[][], align: Align[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (align[i] === "left" ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

/** Makes a log-supplied string safe for a terminal: no control characters (escape sequences). */
function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
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
  const rows = machineIds.map((id) => {
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
  const droppedTotal = Object.values(run.dropped).reduce((total, n) => total + n, 0);
  const reasons = Object.entries(run.dropped)
    .map(([reason, n]) => `${printable(reason)}: ${formatNumber(n)}`)
    .join(", ");
  lines.push(
    "",
    `deliveries: ${formatNumber(run.sent)} sent, ${formatNumber(run.delivered)} delivered, ` +
      `${formatNumber(droppedTotal)} dropped${reasons ? ` (${reasons})` : ""}, ${formatNumber(run.undelivered)} undelivered`,
    `Lamport spread: max ${formatNumber(run.spreadMax)}, final ${formatNumber(run.spreadFinal)}; ` +
      `causality violations: ${formatNumber(run.causalityViolations)}`,
  );
  for (const warning of analysis.warnings) lines.push(`warning: ${printable(warning)}`);
  return `${lines.join("\n")}\n`;
}
