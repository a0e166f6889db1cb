// HTML tables for the report: every metric docs/analyze.md defines (plus the HLC metrics) per machine
// and per run, and the run's configuration (run.json or args.json) flattened to key/value rows.
// All text escaped.
import type { MachineMetrics, RunAnalysis } from "../analysis/index.ts";
import { escapeHtml } from "./escape.ts";
import { fateParts } from "./fates.ts";
import { formatMaybeWhole, formatNumber } from "./format.ts";

/** Above this many machines the report shows summaries and an excerpt (manyMachineTables.ts). */
export const MAX_TABLE_MACHINES = 20;

/** (metric, label, decimals) in the order the tables show them. */
export const MACHINE_METRICS: Array<[keyof MachineMetrics, string, number]> = [
  ["events", "events", 0],
  ["sends", "sends", 0],
  ["receives", "receives", 0],
  ["internals", "internals", 0],
  ["durationS", "durationS (s)", 2],
  ["ticksPerSecond", "ticksPerSecond", 3],
  ["lamportFinal", "lamportFinal", 0],
  ["jumpMax", "jumpMax", 0],
  ["jumpMean", "jumpMean", 3],
  ["jumpP99", "jumpP99", 0],
  ["jumpsOver1", "jumpsOver1", 0],
  ["queueMax", "queueMax", 0],
  ["queueMean", "queueMean", 2],
  ["transitMsMean", "transitMsMean (ms)", 1],
  ["transitMsMax", "transitMsMax (ms)", 1],
  ["hlcAheadMsMax", "hlcAheadMsMax (ms)", 0],
  ["hlcAheadMsMean", "hlcAheadMsMean (ms)", 1],
  ["hlcLogicalMax", "hlcLogicalMax", 0],
];

/** A metric's value as the tables show it. */
export function formatMetric(value: number | null, decimals: number): string {
  return decimals === 0 ? formatMaybeWhole(value) : formatNumber(value, decimals);
}

export function machineMetricsTable(analysis: RunAnalysis): string {
  const ids = analysis.machineIds;
  const head = `<tr><th>metric</th>${ids.map((id) => `<th>${escapeHtml(id)}</th>`).join("")}</tr>`;
  const rows = MACHINE_METRICS.map(([key, label, decimals]) => {
    const cells = ids.map((id) => {
      const value = analysis.metrics.machines[id]![key];
      return `<td>${escapeHtml(formatMetric(value, decimals))}</td>`;
    });
    return `<tr><th scope="row"><code>${label}</code></th>${cells.join("")}</tr>`;
  });
  rows.push(...detailRows(analysis));
  return `<table class="metrics"><thead>${head}</thead><tbody>${rows.join("")}</tbody></table>`;
}

/** Beside the metrics: the configured speed, and for machines that restarted their time down and catch-up jump. */
function detailRows(analysis: RunAnalysis): string[] {
  const ids = analysis.machineIds;
  const rows: Array<[string, (id: string) => number | null, number]> = [];
  if (ids.some((id) => analysis.run.configuredSpeeds[id] !== undefined))
    rows.push(["configured ticks/s", (id) => analysis.run.configuredSpeeds[id] ?? null, 3]);
  const details = new Map(analysis.machines.map((m) => [m.id, m]));
  if (analysis.machines.some((m) => m.restarts.length > 0)) {
    rows.push(["down after a crash (s)", (id) => details.get(id)?.downS ?? null, 2]);
    rows.push(["catch-up jump (largest)", (id) => details.get(id)?.catchUpJumpMax ?? null, 0]);
  }
  return rows.map(
    ([label, value, decimals]) =>
      `<tr><th scope="row">${label}</th>${ids.map((id) => `<td>${escapeHtml(formatMetric(value(id), decimals))}</td>`).join("")}</tr>`,
  );
}

export function runMetricsTable(analysis: RunAnalysis): string {
  const run = analysis.metrics.run;
  const fates = fateParts(run).map(({ key, count, details }): [string, string] => {
    const detailText = details.map(([name, n]) => `${escapeHtml(name)}: ${formatNumber(n)}`).join(", ");
    return [key, detailText === "" ? formatNumber(count) : `${formatNumber(count)} (${detailText})`];
  });
  const rows: Array<[string, string]> = [
    ["spreadMax", formatNumber(run.spreadMax)],
    ["spreadFinal", formatNumber(run.spreadFinal)],
    ["sent", `${formatNumber(run.sent)} deliveries asked for`],
    ...fates,
    ["undelivered", `${formatNumber(run.undelivered)} (queued + inFlight)`],
    ["duplicates", formatNumber(run.duplicates)],
    ["causalityViolations", formatNumber(run.causalityViolations)],
  ];
  return `<table class="metrics"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row"><code>${k}</code></th><td>${v}</td></tr>`)
    .join("")}</tbody></table>`;
}

const MAX_CONFIG_ROWS = 400;
/** A longer array (run.json's machines of a large run) shows its first entries and a count. */
const MAX_ARRAY_ENTRIES = 20;

function flatten(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (out.length >= MAX_CONFIG_ROWS) return;
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) out.push([prefix, Array.isArray(value) ? "[]" : "{}"]);
    const shown = Array.isArray(value) ? entries.slice(0, MAX_ARRAY_ENTRIES) : entries;
    for (const [key, child] of shown) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    if (shown.length < entries.length && out.length < MAX_CONFIG_ROWS) {
      out.push([prefix, `… ${formatNumber(entries.length - shown.length)} more entries (see the file)`]);
    }
    return;
  }
  out.push([prefix, value === null ? "null" : String(value)]);
}

export function configTable(analysis: RunAnalysis): string {
  const info = analysis.run.info;
  const source = analysis.format === "python-exercise" ? "args.json" : "run.json";
  if (info === null) return `<p>No readable ${source}: the run's configuration is unknown.</p>`;
  const rows: Array<[string, string]> = [];
  flatten(info, "", rows);
  const more = rows.length >= MAX_CONFIG_ROWS ? `<p>(first ${MAX_CONFIG_ROWS} entries shown)</p>` : "";
  return `<p>From <code>${source}</code>.</p><table class="config"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row"><code>${escapeHtml(k)}</code></th><td>${escapeHtml(v)}</td></tr>`)
    .join("")}</tbody></table>${more}`;
}
