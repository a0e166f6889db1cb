// comparison.html: one self-contained page (inline CSS and SVG, no scripts, a CSP that forbids
// them) with the observations, the key metrics' charts side by side (a metric with the same value
// in every run is shown as that value, not charted), the table of means and CIs, every run's
// values, and each variation's settings. The notes name the interval method and the verdict
// rules. All text escaped.
import {
  type Comparison,
  constantValue,
  METRIC_KEYS,
  METRIC_LABELS,
  type MetricKey,
  MIN_RUNS_FOR_A_CALL,
} from "../../analysis/comparison/index.ts";
import { escapeHtml } from "../escape.ts";
import { metricChart } from "./charts.ts";
import { cutNote, describeSet, formatCi, formatMeanCi, formatValue } from "./numbers.ts";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.sub { color: #555; margin-top: 0; }
.observations li { margin: 0.4rem 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.chart { overflow-x: auto; }
.chart h3 { font-size: 0.95rem; margin: 0 0 0.2rem; font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #eee; text-align: right; }
th[scope="row"], td.text { text-align: left; font-weight: normal; }
.note { color: #555; font-size: 0.9rem; }
.constant { width: 320px; margin: 0.6rem 0; color: #333; }
`;

function section(id: string, title: string, body: string, note = ""): string {
  const caption = note ? `<p class="note">${note}</p>` : "";
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${caption}${body}</section>`;
}

function summaryTable(comparison: Comparison): string {
  const vs = comparison.variations;
  const head = `<tr><th>metric</th>${vs.map((v) => `<th>${escapeHtml(v.name)}</th>`).join("")}</tr>`;
  const runs = `<tr><th scope="row">runs</th>${vs.map((v) => `<td>${v.runs}</td>`).join("")}</tr>`;
  const rows = METRIC_KEYS.map((key) => {
    const cells = vs.map((v) => {
      const m = v.metrics[key];
      if (constantValue(comparison, key) !== null) {
        return `<td>${escapeHtml(formatValue(m.mean))}<br><small>every run</small></td>`;
      }
      if (m.ciLow === null) return `<td>${escapeHtml(formatMeanCi(m))}</td>`;
      const cut = m.ciCut ? ` (${cutNote(m)})` : "";
      const main = m.ciCut ? formatValue(m.mean) : formatMeanCi(m);
      return `<td>${escapeHtml(main)}<br><small>[${escapeHtml(formatCi(m, ", "))}]${escapeHtml(cut)}</small></td>`;
    });
    return `<tr><th scope="row">${escapeHtml(METRIC_LABELS[key])}</th>${cells.join("")}</tr>`;
  });
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${runs}${rows.join("")}</tbody></table></div>`;
}

function runsTable(comparison: Comparison): string {
  const head = `<tr><th>variation</th><th>repeat</th><th>seed</th>${METRIC_KEYS.map(
    (key) => `<th>${escapeHtml(METRIC_LABELS[key])}</th>`,
  ).join("")}</tr>`;
  const rows = comparison.runs.map(
    (r) =>
      `<tr><td class="text">${escapeHtml(r.variation)}</td><td>${r.repeat}</td><td>${r.seed}</td>${METRIC_KEYS.map(
        (key) => `<td>${escapeHtml(formatValue(r.values[key]))}</td>`,
      ).join("")}</tr>`,
  );
  return `<div class="scroll"><table><thead>${head}</thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function variationsTable(comparison: Comparison): string {
  const rows = comparison.variations.map((v) => {
    const sets = describeSet(v.set);
    return (
      `<tr><th scope="row">${escapeHtml(v.name)}</th><td class="text">${escapeHtml(v.description)}</td>` +
      `<td class="text"><code>${escapeHtml(sets.length === 0 ? "(base only)" : sets.join(", "))}</code></td></tr>`
    );
  });
  return `<table><thead><tr><th>variation</th><th>description</th><th>sets</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function chartFigure(comparison: Comparison, key: MetricKey): string {
  const title = `<h3>${escapeHtml(METRIC_LABELS[key])}</h3>`;
  const constant = constantValue(comparison, key);
  const body =
    constant === null
      ? metricChart(comparison, key)
      : `<p class="constant">${escapeHtml(formatValue(constant))} in every run of every variation: nothing to compare.</p>`;
  return `<figure class="chart" data-chart="${key}">${title}${body}</figure>`;
}

export function renderComparisonHtml(comparison: Comparison): string {
  const e = comparison.experiment;
  const title = `clocklab experiment ${e.name}`;
  const facts = `${e.mode} mode · ${e.repeats} repeats × ${e.durationS} s · ${comparison.variations.length} variations · seed ${e.seed}`;
  const charts = METRIC_KEYS.map((key) => chartFigure(comparison, key)).join("");
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="sub">${escapeHtml(facts)}${e.description ? `<br>${escapeHtml(e.description)}` : ""}</p>`,
    section(
      "observations",
      "Observations",
      `<ul class="observations">${comparison.observations.map((o) => `<li>${escapeHtml(o)}</li>`).join("")}</ul>`,
      "Each variation against the first (the baseline). When every repeat of both completed, repeat i of both " +
        "used the same seed, so the runs are compared in pairs: “clearly” means the 95% CI of the paired " +
        "differences excludes 0, “within noise” that it includes 0. Otherwise “clearly” means the two 95% " +
        `CIs do not overlap. No call is made from fewer than ${MIN_RUNS_FOR_A_CALL} pairs (or runs on a ` +
        "side): an interval from 2 values rests on one degree of freedom. Nor from repeats that do not vary " +
        "at all (the same difference every time): an interval of width 0 says nothing about the noise.",
    ),
    section(
      "charts",
      "Key metrics",
      `<div class="charts">${charts}</div>`,
      "Per variation: the mean across repeats (large dot), its 95% confidence interval (bar; cut at 0 for " +
        "metrics that cannot be negative) and each run (small grey dots). A metric with the same value in " +
        "every run is given as that value instead of a chart.",
    ),
    section(
      "table",
      "Means and 95% confidence intervals",
      summaryTable(comparison),
      "Mean ± half-width of the 95% CI (Student t with n − 1 degrees of freedom); the interval below. " +
        "Every metric but the largest transit cannot be negative: where the t interval reaches below 0 it is " +
        "cut at 0 and marked so; as the true mean cannot be below 0, the cut interval " +
        "still holds it with 95% confidence. No interval for a single run.",
    ),
    section("runs", "Every run", runsTable(comparison)),
    section("variations", "Variations", variationsTable(comparison)),
    `<p class="note">Written by <code>clocklab experiment</code>; numbers also in comparison.json and comparison.csv. This page is self-contained: no scripts, no network.</p>`,
  ];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    ...body,
    "</body></html>",
    "",
  ].join("\n");
}
