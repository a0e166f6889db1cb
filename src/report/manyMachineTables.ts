// The per-machine metrics of a run with many machines, where a column per machine would be
// unreadable: the smallest, median and largest value of every metric across all machines (plus the
// highlighted machines), and an excerpt of the machines sorted by final Lamport value. Every
// machine's metrics stay in `clocklab analyze --json`.
import type { MachineMetrics, RunAnalysis } from "../analysis/index.ts";
import { escapeHtml } from "./escape.ts";
import { formatNumber } from "./format.ts";
import { formatMetric, MACHINE_METRICS } from "./tables.ts";

/** Machines shown at each end of the sorted excerpt. */
export const EXCERPT_MACHINES = 10;

function spread(values: number[]): { min: number; median: number; max: number } | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

function summaryTable(analysis: RunAnalysis, all: MachineMetrics[]): string {
  const highlighted = analysis.series.highlighted;
  const head =
    "<tr><th>metric</th><th>min</th><th>median</th><th>max</th>" +
    highlighted
      .map((h) => `<th>${escapeHtml(h.id)}<br><small>${escapeHtml(h.reasons.join(", "))}</small></th>`)
      .join("") +
    "</tr>";
  const rows = MACHINE_METRICS.map(([key, label, decimals]) => {
    const values = all.map((m) => m[key]).filter((v): v is number => v !== null && Number.isFinite(v));
    const s = spread(values);
    const stats = [s?.min ?? null, s?.median ?? null, s?.max ?? null].map(
      // The median of whole numbers can end in .5: show it with the metric's decimals or one.
      (v) =>
        `<td>${escapeHtml(formatMetric(v, decimals === 0 && v !== null && !Number.isInteger(v) ? 1 : decimals))}</td>`,
    );
    const own = highlighted.map(
      (h) => `<td>${escapeHtml(formatMetric(analysis.metrics.machines[h.id]?.[key] ?? null, decimals))}</td>`,
    );
    return `<tr><th scope="row"><code>${label}</code></th>${stats.join("")}${own.join("")}</tr>`;
  });
  return `<div class="scroll"><table class="metrics"><thead>${head}</thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function excerptTable(analysis: RunAnalysis): string {
  const ids = analysis.machineIds;
  const order = ids
    .map((id, index) => ({ id, index, m: analysis.metrics.machines[id]! }))
    .sort((a, b) => (b.m.lamportFinal ?? -Infinity) - (a.m.lamportFinal ?? -Infinity) || a.index - b.index);
  const top = order.slice(0, EXCERPT_MACHINES);
  const bottom = order.slice(Math.max(EXCERPT_MACHINES, order.length - EXCERPT_MACHINES));
  const head = `<tr><th>machine</th>${MACHINE_METRICS.map(([, label]) => `<th><code>${label}</code></th>`).join("")}</tr>`;
  const row = ({ id, m }: (typeof order)[number]) =>
    `<tr><th scope="row">${escapeHtml(id)}</th>${MACHINE_METRICS.map(
      ([key, , decimals]) => `<td>${escapeHtml(formatMetric(m[key], decimals))}</td>`,
    ).join("")}</tr>`;
  const hidden = order.length - top.length - bottom.length;
  const gap =
    hidden > 0
      ? `<tr><td colspan="${MACHINE_METRICS.length + 1}" style="text-align:center">… ${formatNumber(hidden)} more machines …</td></tr>`
      : "";
  return `<div class="scroll"><table class="metrics excerpt"><thead>${head}</thead><tbody>${top.map(row).join("")}${gap}${bottom
    .map(row)
    .join("")}</tbody></table></div>`;
}

export function manyMachineTables(analysis: RunAnalysis): string {
  const all = analysis.machineIds.map((id) => analysis.metrics.machines[id]!);
  const n = formatNumber(all.length);
  return (
    `<p class="note">Across all ${n} machines (machines without a value for a metric are left out), and the ` +
    "highlighted machines of the charts. Every machine's metrics are in <code>clocklab analyze --json</code>.</p>" +
    summaryTable(analysis, all) +
    `<h4>By final Lamport value: the ${EXCERPT_MACHINES} highest and the ${EXCERPT_MACHINES} lowest of ${n}</h4>` +
    excerptTable(analysis)
  );
}
