// The report's Faults section: for each fault window, what it did in plain words and its phase
// table (before, during and after: events per second, receives, drops, the largest queue, the mean
// transit and the largest Lamport spread). A run with very many windows shows the first MAX_SHOWN;
// `clocklab analyze --json` has them all. Every string escaped.
import type { FaultAnalysis, PhaseMetrics, RunAnalysis } from "../analysis/index.ts";
import { escapeHtml } from "./escape.ts";
import { faultColor, faultLabel } from "./faultMarks.ts";
import { faultNarrative } from "./faultNarrative.ts";
import { formatMaybeWhole, formatMs, formatNumber, formatSeconds } from "./format.ts";

export const MAX_SHOWN = 20;

const ROWS: Array<[label: string, value: (p: PhaseMetrics) => string]> = [
  ["events per second", (p) => formatNumber(p.eventsPerSecond, 2)],
  ["receives", (p) => formatNumber(p.receives)],
  ["drops", (p) => formatNumber(p.drops)],
  ["largest queue", (p) => formatMaybeWhole(p.queueMax)],
  ["mean transit", (p) => formatMs(p.transitMsMean)],
  ["largest Lamport spread", (p) => formatMaybeWhole(p.spreadMax)],
];

function phaseTable(fault: FaultAnalysis): string {
  const phases: Array<[string, PhaseMetrics]> = [
    ["before", fault.phases.before],
    ["during", fault.phases.during],
    ["after", fault.phases.after],
  ];
  const head = phases
    .map(
      ([name, p]) =>
        `<th>${name}<br><small>${escapeHtml(`${formatSeconds(p.fromS)} – ${formatSeconds(p.toS)}`)}</small></th>`,
    )
    .join("");
  const rows = ROWS.map(
    ([label, value]) =>
      `<tr><th scope="row">${label}</th>${phases.map(([, p]) => `<td>${escapeHtml(value(p))}</td>`).join("")}</tr>`,
  ).join("");
  return `<table class="metrics phases"><thead><tr><th>all machines</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function faultSection(analysis: RunAnalysis): string {
  const shown = analysis.faults.slice(0, MAX_SHOWN);
  const items = shown.map(
    (fault) =>
      `<article class="fault" id="fault-${escapeHtml(fault.id)}">` +
      `<h3><span class="dot" style="background:${faultColor(fault.kind)}"></span>${escapeHtml(faultLabel(fault))}` +
      ` <small>${escapeHtml(fault.description)}</small></h3>` +
      `<p>${escapeHtml(faultNarrative(fault, analysis))}</p>${phaseTable(fault)}</article>`,
  );
  const more =
    analysis.faults.length > shown.length
      ? `<p class="note">… and ${formatNumber(analysis.faults.length - shown.length)} more windows: ` +
        "<code>clocklab analyze --json</code> has every one.</p>"
      : "";
  return items.join("") + more;
}

export function faultSectionNote(): string {
  return (
    "Each fault window as drawn from the run's seed (times into the run, from its start), what it did, and " +
    "all machines' metrics in three phases: as long as the window just before it (from the run's first event " +
    "if that is nearer), during it, and as long again after it. &quot;Before&quot; levels of the spread, a queue " +
    "or a hybrid clock are their largest values in the 5 s before the window. Phase times are seconds since " +
    "the run's first event, as on the charts."
  );
}
