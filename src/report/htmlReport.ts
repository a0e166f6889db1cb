// Assembles report.html: one self-contained file (inline CSS and SVG, no network) that shows
// everything with JavaScript off. Its one script only adds the charts' SVG and PNG download
// buttons, and the Content-Security-Policy allows that script by its hash and nothing else.
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { LEAD_S } from "../analysis/faults/diagramWindow.ts";
import type { RunAnalysis } from "../analysis/index.ts";
import { jumpHistogramChart, lamportChart, queueChart, spreadChart } from "./charts.ts";
import { hasHlc, hlcAheadChart, hlcLogicalChart, lagChart } from "./clockCharts.ts";
import { DOWNLOAD_SCRIPT, downloadBar, downloadScriptHash } from "./downloads.ts";
import { escapeHtml } from "./escape.ts";
import { faultShadingNote } from "./faultMarks.ts";
import { faultSection, faultSectionNote } from "./faultSection.ts";
import { formatNumber, formatSeconds } from "./format.ts";
import { manyMachineTables } from "./manyMachineTables.ts";
import {
  hlcAheadTable,
  hlcLogicalTable,
  jumpsTable,
  lagTable,
  lamportTable,
  queueTable,
  spaceTimeTable,
  speedsTable,
  spreadTable,
  timelineTable,
} from "./numbers/chartTables.ts";
import { dataLinks } from "./numbers/dataLinks.ts";
import { faultMeasuresTable, faultPhasesTable, faultWindowsTable } from "./numbers/faultTables.ts";
import type { NumberTable } from "./numbers/numberTable.ts";
import { observations } from "./observations.ts";
import { spaceTimeDiagram } from "./spaceTime.ts";
import { speedChart } from "./speedChart.ts";
import { configTable, MAX_TABLE_MACHINES, machineMetricsTable, runMetricsTable } from "./tables.ts";
import { timelineChart } from "./timelineChart.ts";

export const REPORT_FILE = "report.html";

/** Nothing may load or run but inline styles, data: and blob: images and the one hashed script. */
const CSP_BEFORE_HASH = "default-src 'none'; style-src 'unsafe-inline'; img-src data: blob:; script-src ";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1040px; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.sub { color: #555; margin-top: 0; }
.warnings { background: #fff4e5; border: 1px solid #f0b35a; padding: 0.6rem 1rem; border-radius: 6px; }
.warnings li { margin: 0.2rem 0; }
.observations li { margin: 0.4rem 0; }
figure { margin: 0; }
.chart { overflow-x: auto; }
.scroll { overflow-x: auto; border: 1px solid #eee; border-radius: 6px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.25rem 0.7rem; border-bottom: 1px solid #eee; text-align: right; }
th[scope="row"] { text-align: left; font-weight: normal; }
table.config td { text-align: left; word-break: break-all; }
.legend span { display: inline-block; margin-right: 1.2rem; }
.dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; vertical-align: -0.05em; margin-right: 0.3em; }
.note { color: #555; font-size: 0.9rem; }
.downloads { margin: 0.2rem 0; font-size: 0.85rem; color: #555; }
.downloads a.data { margin-right: 0.4rem; font-size: 0.8rem; }
.downloads .table { margin-right: 0.8rem; }
.downloads button { font: inherit; font-size: 0.8rem; margin-right: 0.4rem; padding: 0.1rem 0.6rem; border: 1px solid #bbb; border-radius: 4px; background: #f7f7f7; cursor: pointer; }
article.fault { margin: 1rem 0 1.6rem; }
article.fault h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
article.fault h3 small { font-weight: normal; color: #555; }
table.phases td, table.phases th { text-align: right; }
`;

function section(id: string, title: string, body: string, note = ""): string {
  const caption = note ? `<p class="note">${note}</p>` : "";
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${caption}${body}</section>`;
}

interface Captions {
  lamport: string;
  queue: string;
  jumps: string;
  lag: string;
  hlcAhead: string;
  hlcLogical: string;
}

const LAG_TEXT =
  "A machine's Lamport value minus the largest value across machines at the end of each bin: 0 for the " +
  "leader, below 0 behind it. Machines of similar speed lie on top of each other in the Lamport chart; " +
  "here drift shows, and every jump to catch up is a step back up towards 0.";
const HLC_AHEAD_TEXT =
  "How far each machine's hybrid logical clock (HLC) ran ahead of its own physical clock " +
  "(<code>hlc.wall − systemTime</code>, in ms, largest in each bin): 0 while it follows its clock, above 0 " +
  "when a message carried a later time or its clock stepped back.";
const HLC_LOGICAL_TEXT =
  "The HLC's logical counter (largest in each bin): it counts while the wall time is held, e.g. after the " +
  "machine's clock stepped back, and returns to 0 when the clock passes the wall again.";

/** Chart captions: a line per machine, or (many machines) the band, the median and the highlighted few. */
function captions(analysis: RunAnalysis): Captions {
  const bin = formatSeconds(analysis.series.binWidthS);
  const shaded = faultShadingNote(analysis);
  if (analysis.series.lamportBand === null) {
    return {
      lamport: `One line per machine; last value in each ${bin} bin.${shaded}`,
      queue: `Largest queue length in each ${bin} bin.${shaded}`,
      jumps:
        "How often each Lamport step above 1 happened (steps of exactly 1 are not jumps; a catch-up jump after " +
        "a restart is not counted here).",
      lag: `${LAG_TEXT}${shaded}`,
      hlcAhead: `${HLC_AHEAD_TEXT}${shaded}`,
      hlcLogical: `${HLC_LOGICAL_TEXT}${shaded}`,
    };
  }
  const n = formatNumber(analysis.machineIds.length);
  const ids = analysis.series.highlighted.map((h) => h.id).join(", ");
  const band =
    `${n} machines are too many for a line each: the grey band runs from the smallest to the largest value ` +
    `across all machines in each ${bin} bin, the dark line is their median, and the coloured lines are the ` +
    `machines that stand out (${escapeHtml(ids)}). A machine without an event in a bin counts with its latest earlier value.`;
  return {
    lamport: `${band} Values: last Lamport value in each bin.${shaded}`,
    queue: `${band} Values: largest queue length in each bin.${shaded}`,
    lag: `${LAG_TEXT} ${band}${shaded}`,
    hlcAhead: `${HLC_AHEAD_TEXT} ${band}${shaded}`,
    hlcLogical: `${HLC_LOGICAL_TEXT} ${band}${shaded}`,
    jumps:
      `How often each Lamport step above 1 happened, summed over all ${n} machines (steps of exactly 1 are ` +
      "not jumps; each machine's largest jump is <code>jumpMax</code> in the metrics).",
  };
}

/** The space-time diagram's caption. */
function windowNote(analysis: RunAnalysis): string {
  const w = analysis.window;
  const hidden = analysis.machineIds.length - w.machines.length;
  const which =
    hidden > 0
      ? `Machines ${escapeHtml(w.machines.join(", "))} only (${formatNumber(hidden)} more are not drawn; ` +
        "pick others with <code>clocklab analyze --diagram-machines m1,m7,…</code>); dashed stubs are messages " +
        "to or from a machine not drawn. "
      : "";
  return (
    `Events with true time from ${formatSeconds(w.startS)} to ${formatSeconds(w.startS + w.lengthS)} after the run's ` +
    `first event (${formatNumber(w.eventsInWindow)} events${w.truncated ? `; the first ${formatNumber(w.events.length)} are drawn` : ""}). ` +
    which +
    (w.openedOnFault === null
      ? ""
      : `It was chosen to show fault ${escapeHtml(w.openedOnFault)} (the first partition, clock fault, pause or ` +
        `crash), from up to ${formatSeconds(LEAD_S)} before it. `) +
    "Pick another window with <code>clocklab analyze --window-start &lt;s&gt; --window-length &lt;s&gt;</code>. " +
    "Dots: " +
    '<span class="dot" style="background:#4269d0"></span>send ' +
    '<span class="dot" style="background:#3ca951"></span>receive ' +
    '<span class="dot" style="background:#9a9a9a"></span>internal; ' +
    "labels are Lamport values; red rings mark jumps (steps above 1, size in brackets); arrows are messages; " +
    "purple rings mark a machine's first event after a restart and the catch-up jump of its first receive. " +
    `Shaded: fault windows; a machine's time down, paused or on a faulted clock is marked on its lane. ` +
    "Hover a dot for details."
  );
}

/** A chart's box: its download bar (numbers as CSV and JSON, the image as SVG and PNG) and the chart. */
function chart(
  analysis: RunAnalysis,
  name: string,
  svg: string,
  numbers: NumberTable,
  box = "chart",
): string {
  const links = dataLinks(basename(analysis.runDir), [numbers]);
  return `<div class="${box}" data-chart="${name}">${downloadBar(links)}${svg}</div>`;
}

function speedNote(analysis: RunAnalysis): string {
  const source = analysis.format === "python-exercise" ? "args.json's <code>clock_speeds</code>" : "run.json";
  const scatter =
    analysis.machineIds.length > MAX_TABLE_MACHINES
      ? " One dot per machine: configured speed across, measured up; on the dashed diagonal they agree."
      : "";
  return (
    `Configured: ticks per second as ${source} sets them. Measured: <code>ticksPerSecond</code>, ` +
    `(events − 1) / duration, leaving out the time a machine was down after a crash.${scatter}`
  );
}

const TIMELINE_NOTE =
  "Each machine's lane from its first to its last event, with the time it was down after a crash (from its " +
  "last event before to its first after the restart), paused, or on a faulted clock; fault windows shaded. " +
  "A run of more than 20 machines shows the machines a fault hit, those that restarted and the standout ones.";

/** The chart sections for a run with events. */
function chartSections(analysis: RunAnalysis): string[] {
  const caption = captions(analysis);
  const jumps = jumpHistogramChart(analysis);
  const out = [
    section(
      "lamport",
      "Lamport value over time",
      chart(analysis, "lamport", lamportChart(analysis), lamportTable(analysis)),
      caption.lamport,
    ),
    section(
      "lag",
      "Lamport lag behind the leader",
      chart(analysis, "lag", lagChart(analysis), lagTable(analysis)),
      caption.lag,
    ),
    section(
      "queue",
      "Queue length over time",
      chart(analysis, "queue", queueChart(analysis), queueTable(analysis)),
      caption.queue,
    ),
    section(
      "jumps",
      "Jump sizes per machine",
      jumps === null
        ? "<p>No machine made a jump: every Lamport step was +1.</p>"
        : chart(analysis, "jumps", jumps, jumpsTable(analysis)),
      caption.jumps,
    ),
    section(
      "spread",
      "Lamport spread across machines",
      chart(analysis, "spread", spreadChart(analysis), spreadTable(analysis)),
      `Largest minus smallest Lamport value across machines, sampled every second (largest sample per bin).${faultShadingNote(analysis)}`,
    ),
  ];
  if (hasHlc(analysis)) {
    out.push(
      section(
        "hlc",
        "Hybrid clock ahead of its own clock",
        chart(analysis, "hlc", hlcAheadChart(analysis), hlcAheadTable(analysis)),
        caption.hlcAhead,
      ),
      section(
        "hlc-logical",
        "Hybrid clock's logical counter",
        chart(analysis, "hlc-logical", hlcLogicalChart(analysis), hlcLogicalTable(analysis)),
        caption.hlcLogical,
      ),
    );
  }
  const speeds = speedChart(analysis);
  if (speeds !== null)
    out.push(
      section(
        "speeds",
        "Configured and measured speed",
        chart(analysis, "speeds", speeds, speedsTable(analysis)),
        speedNote(analysis),
      ),
    );
  if (analysis.faults.length > 0 || analysis.machines.some((m) => m.restarts.length > 0))
    out.push(
      section(
        "timeline",
        "Machines over time",
        chart(analysis, "timeline", timelineChart(analysis), timelineTable(analysis)),
        TIMELINE_NOTE,
      ),
    );
  out.push(
    section(
      "space-time",
      "Space-time diagram",
      chart(analysis, "space-time", spaceTimeDiagram(analysis), spaceTimeTable(analysis), "scroll"),
      windowNote(analysis),
    ),
  );
  return out;
}

/** The Faults section: its numbers' downloads, then each window. */
function faultsBody(analysis: RunAnalysis): string {
  const tables = [faultWindowsTable(analysis), faultPhasesTable(analysis), faultMeasuresTable(analysis)];
  const links = dataLinks(basename(analysis.runDir), tables);
  return `<div class="downloads">${links}</div>${faultSection(analysis)}`;
}

export function renderHtmlReport(analysis: RunAnalysis): string {
  const name = basename(analysis.runDir);
  const run = analysis.run;
  const totalEvents = analysis.machineIds.reduce((sum, id) => sum + analysis.metrics.machines[id]!.events, 0);
  const facts = [
    analysis.format === "python-exercise"
      ? "original Python exercise format"
      : `mode ${run.mode ?? "unknown"}`,
    run.seed === null ? null : `seed ${run.seed}`,
    run.status === null ? null : `status ${run.status}${run.endReason ? ` (${run.endReason})` : ""}`,
    `${analysis.machineIds.length} machines`,
    `${formatNumber(totalEvents)} events`,
    formatSeconds(analysis.durationS),
  ].filter((s): s is string => s !== null);

  const warnings =
    analysis.warnings.length === 0
      ? ""
      : `<div class="warnings" role="alert"><strong>Warnings</strong><ul>${analysis.warnings
          .map((w) => `<li>${escapeHtml(w)}</li>`)
          .join("")}</ul></div>`;
  const hasEvents = totalEvents > 0;

  const body = [
    `<h1>clocklab run ${escapeHtml(name)}</h1>`,
    `<p class="sub">${escapeHtml(facts.join(" · "))}<br><code>${escapeHtml(analysis.runDir)}</code></p>`,
    warnings,
    section(
      "observations",
      "Observations",
      `<ul class="observations">${observations(analysis)
        .map((o) => `<li>${escapeHtml(o)}</li>`)
        .join("")}</ul>`,
    ),
  ];
  if (analysis.faults.length > 0)
    body.push(section("faults", "Faults", faultsBody(analysis), faultSectionNote()));
  if (hasEvents) body.push(...chartSections(analysis));
  body.push(
    section(
      "metrics",
      "Metrics",
      `<h3>Per machine</h3>${
        analysis.machineIds.length > MAX_TABLE_MACHINES
          ? manyMachineTables(analysis)
          : machineMetricsTable(analysis)
      }<h3>Per run</h3>${runMetricsTable(analysis)}`,
      "Names as in <code>clocklab analyze --json</code>. <code>sent</code>, <code>delivered</code>, <code>dropped</code> and <code>undelivered</code> count deliveries: a broadcast counts once per destination.",
    ),
    section("configuration", "Configuration", configTable(analysis)),
    `<p class="note">Written by <code>clocklab analyze</code>. This page is self-contained: no network; ` +
      "every chart shows, and its numbers download as CSV and JSON, without JavaScript; its one small script " +
      "only adds the SVG and PNG download buttons.</p>",
  );

  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP_BEFORE_HASH}${downloadScriptHash()}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>clocklab run ${escapeHtml(name)}</title>`,
    `<style>${STYLE}</style></head><body data-run="${escapeHtml(name)}">`,
    ...body,
    `<script>${DOWNLOAD_SCRIPT}</script>`,
    "</body></html>",
    "",
  ].join("\n");
}

/** Writes report.html into the run directory and returns its path. */
export async function writeHtmlReport(runDir: string, analysis: RunAnalysis): Promise<string> {
  const path = join(runDir, REPORT_FILE);
  await writeFile(path, renderHtmlReport(analysis));
  return path;
}
