// The terminal table of `clocklab analyze logs/ --all`: one row per run (oldest first) with its
// name, mode, status, machines, duration, events and message counts, causality violations and
// largest Lamport spread; then every run's warnings. Names and warnings from the logs are escaped.
import { basename } from "node:path";
import type { RunAnalysis } from "../analysis/index.ts";
import { formatNumber, formatSeconds } from "./format.ts";
import { printable } from "./terminalText.ts";
import { type Align, renderTable } from "./textTable.ts";

const HEADER = [
  "run",
  "mode",
  "status",
  "machines",
  "duration",
  "events",
  "sent",
  "delivered",
  "dropped",
  "undelivered",
  "causality violations",
  "spread max",
];

function row(analysis: RunAnalysis): string[] {
  const { metrics, machineIds, run } = analysis;
  const events = machineIds.reduce((sum, id) => sum + metrics.machines[id]!.events, 0);
  const dropped = Object.values(metrics.run.dropped).reduce((sum, n) => sum + n, 0);
  const mode = analysis.format === "python-exercise" ? "exercise" : (run.mode ?? "?");
  return [
    printable(basename(analysis.runDir)),
    printable(mode),
    printable(run.status ?? "?"),
    formatNumber(machineIds.length),
    formatSeconds(analysis.durationS),
    formatNumber(events),
    formatNumber(metrics.run.sent),
    formatNumber(metrics.run.delivered),
    formatNumber(dropped),
    formatNumber(metrics.run.undelivered),
    formatNumber(metrics.run.causalityViolations),
    formatNumber(metrics.run.spreadMax),
  ];
}

export function formatRunsTable(analyses: RunAnalysis[], title: string): string {
  const align: Align[] = HEADER.map((_, i) => (i < 3 ? "left" : "right"));
  const lines = [printable(title), "", ...renderTable(HEADER, analyses.map(row), align)];
  const warnings = analyses.flatMap((a) =>
    a.warnings.map((w) => `warning: ${printable(basename(a.runDir))}: ${printable(w)}`),
  );
  if (warnings.length > 0) lines.push("", ...warnings);
  return `${lines.join("\n")}\n`;
}
