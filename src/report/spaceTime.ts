// The space-time (Lamport) diagram of a window of the run, drawn as plain SVG: one horizontal line
// per machine, a dot per event labelled with its Lamport value, an arrow per message from its SEND
// to each RECEIVE inside the window, and jumps (steps above 1) ringed in red with their size. When
// only some machines are drawn, a message to or from a machine not drawn is a short dashed stub.
// Fault windows are shaded with their id and kind; a machine's time down after a crash (and a pause,
// or a faulted clock) is marked on its lane; the first event after a restart and the catch-up jump
// of its first receive are labelled as such, not as ordinary jumps.
import type { RunAnalysis, WindowEvent } from "../analysis/index.ts";
import { escapeHtml } from "./escape.ts";
import { faultBands, faultColor } from "./faultMarks.ts";
import { formatNumber } from "./format.ts";
import { eventKey, type Special, specialEvents } from "./restartMarks.ts";
import { laneStates } from "./timelineChart.ts";

const LEFT = 130;
const RIGHT = 40;
const TOP = 60;
const ROW = 80;
const MIN_WIDTH = 960;
const MAX_WIDTH = 24_000;
const PX_PER_EVENT = 34;

const FILL: Record<string, string> = { SEND: "#4269d0", RECEIVE: "#3ca951", INTERNAL: "#9a9a9a" };

function niceStep(spanS: number, widthPx: number): number {
  const target = spanS / Math.max(1, widthPx / 90);
  const base = 10 ** Math.floor(Math.log10(target));
  for (const m of [1, 2, 5, 10]) if (base * m >= target) return base * m;
  return base * 10;
}

function describeEvent(e: WindowEvent, special: Special | undefined): string {
  const parts = [`${e.machine} ${e.type} #${e.seq} at ${e.tS.toFixed(3)} s`, `Lamport ${e.lamport}`];
  if (special?.kind === "restart") parts.push("first event after a restart");
  else if (special?.kind === "catch-up") parts.push(`catch-up jump +${special.jump} after a restart`);
  else if (e.step !== null && e.step > 1) parts.push(`jump +${e.step}`);
  parts.push(`queue ${e.queueLength}`);
  if (e.messageId !== null) parts.push(`message ${e.messageId}`);
  if (e.from !== null) parts.push(`from ${e.from}`);
  if (e.to !== null) parts.push(`to ${e.to.join(", ")}`);
  if (e.payload !== null && e.payload !== "") parts.push(`payload ${e.payload}`);
  return parts.join(", ");
}

/**
 * Dashed stubs for messages whose other end is a machine not drawn: down out of a SEND, down into a
 * RECEIVE (each on the side of its dot that has no label).
 */
function offDiagramStubs(
  events: WindowEvent[],
  drawn: Set<string>,
  x: (tS: number) => number,
  y: (id: string) => number,
): string {
  const out = ['<g class="off-diagram" stroke="#888" stroke-width="1" stroke-dasharray="3 2" fill="none">'];
  for (const e of events) {
    const others =
      e.type === "SEND"
        ? (e.to ?? []).filter((id) => !drawn.has(id))
        : e.type === "RECEIVE" && e.from !== null && !drawn.has(e.from)
          ? [e.from]
          : [];
    if (others.length === 0) continue;
    const px = x(e.tS);
    const py = y(e.machine);
    const toward = e.type === "SEND" ? `to ${others.join(", ")}` : `from ${others[0]}`;
    const title = `<title>${escapeHtml(`message ${e.messageId ?? ""} ${toward} (not drawn)`)}</title>`;
    const line =
      e.type === "SEND"
        ? `x1="${px.toFixed(1)}" y1="${py}" x2="${(px + 12).toFixed(1)}" y2="${py + 22}"`
        : `x1="${(px - 12).toFixed(1)}" y1="${py - 22}" x2="${px.toFixed(1)}" y2="${py - 6}"`;
    out.push(`<line ${line} marker-end="url(#arrow)">${title}</line>`);
  }
  out.push("</g>");
  return out.join("\n");
}

/** The fault windows that fall in the diagram's window, shaded from the axis down, labelled above it. */
function faultShading(
  analysis: RunAnalysis,
  startS: number,
  endS: number,
  x: (tS: number) => number,
  top: number,
  height: number,
): string {
  const right = x(endS);
  const out = ['<g class="faults">'];
  analysis.faults.slice(0, faultBands(analysis).length).forEach((fault, i) => {
    const from = Math.max(startS, fault.startS);
    const to = Math.min(endS, fault.endS);
    if (!(to > from) && !(fault.startS >= startS && fault.startS <= endS)) return;
    const x1 = x(from);
    const x2 = Math.max(x1 + 1, x(Math.max(from, to)));
    const color = faultColor(fault.kind);
    const title = `<title>${escapeHtml(`${fault.id}: ${fault.description}, ${fault.startS.toFixed(2)} s to ${fault.endS.toFixed(2)} s`)}</title>`;
    out.push(
      `<g class="fault" data-fault="${escapeHtml(fault.id)}">${title}` +
        `<rect x="${x1.toFixed(1)}" y="${top - 12}" width="${(x2 - x1).toFixed(1)}" height="${height - 10 - (top - 12)}" ` +
        `fill="${color}" fill-opacity="0.12"/>` +
        // A window that begins near the right edge is labelled leftwards from its start.
        `<text x="${(x1 + (x1 > right - 110 ? -3 : 3)).toFixed(1)}" y="${14 + 12 * (i % 2)}" fill="${color}" ` +
        `font-weight="700"${x1 > right - 110 ? ' text-anchor="end"' : ""}>` +
        `${escapeHtml(`${fault.id} ${fault.kind}`)}</text></g>`,
    );
  });
  out.push("</g>");
  return out.join("\n");
}

/** Down (after a crash), paused and faulted-clock stretches on the drawn machines' lanes. */
function laneMarks(
  analysis: RunAnalysis,
  drawn: Set<string>,
  startS: number,
  endS: number,
  x: (tS: number) => number,
  y: (id: string) => number,
): string {
  const colors = { down: faultColor("crash"), paused: faultColor("pause"), clock: faultColor("clock") };
  const out = ['<g class="lane-states">'];
  for (const state of laneStates(analysis)) {
    if (!drawn.has(state.machine)) continue;
    const from = Math.max(startS, state.fromS);
    const to = Math.min(endS, state.toS);
    if (!(to > from)) continue;
    const x1 = x(from);
    const x2 = x(to);
    const py = y(state.machine);
    const color = colors[state.state];
    out.push(
      `<g class="lane-state ${state.state}"><title>${escapeHtml(`${state.machine}: ${state.label}`)}</title>` +
        `<line x1="${x1.toFixed(1)}" x2="${x2.toFixed(1)}" y1="${py}" y2="${py}" stroke="${color}" ` +
        `stroke-width="7" stroke-opacity="0.55"${state.state === "down" ? ' stroke-dasharray="6 3"' : ""}/>` +
        `<text x="${(x1 + 4).toFixed(1)}" y="${py - 26}" fill="${color}" font-weight="700">` +
        `${escapeHtml(state.label)}</text></g>`,
    );
  }
  out.push("</g>");
  return out.join("\n");
}

export function spaceTimeDiagram(analysis: RunAnalysis): string {
  const { window } = analysis;
  const events = window.events;
  const ids = window.machines;
  const someHidden = ids.length < analysis.machineIds.length;
  const perMachine = new Map<string, number>();
  for (const e of events) perMachine.set(e.machine, (perMachine.get(e.machine) ?? 0) + 1);
  const busiest = Math.max(0, ...perMachine.values());
  const plotWidth = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH - LEFT - RIGHT, busiest * PX_PER_EVENT));
  const width = LEFT + plotWidth + RIGHT;
  const height = TOP + ROW * Math.max(1, ids.length) + 10;
  const startS = window.startS;
  const lastS = events.reduce((m, e) => Math.max(m, e.tS), startS);
  const endS = Math.max(startS + 1e-3, Math.min(startS + window.lengthS, lastS + 1e-3));
  const x = (tS: number) => LEFT + ((tS - startS) / (endS - startS)) * plotWidth;
  const row = new Map(ids.map((id, i) => [id, TOP + ROW * i + ROW / 2]));
  const y = (id: string) => row.get(id) ?? TOP;

  const out: string[] = [];
  out.push(
    `<svg class="space-time" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11" role="img" ` +
      `aria-label="space-time diagram">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" ' +
      'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
  );
  // Time axis.
  const step = niceStep(endS - startS, plotWidth);
  out.push('<g class="axis" fill="#555">');
  for (let t = Math.ceil(startS / step) * step; t <= endS + 1e-9; t += step) {
    const px = x(t).toFixed(1);
    out.push(
      `<line x1="${px}" x2="${px}" y1="${TOP - 12}" y2="${height - 10}" stroke="#eee"/>`,
      `<text x="${px}" y="${TOP - 18}" text-anchor="middle">${formatNumber(t, step < 1 ? 2 : 0)} s</text>`,
    );
  }
  out.push("</g>");
  out.push(faultShading(analysis, startS, endS, x, TOP, height));
  // Machine lines.
  out.push('<g class="machines">');
  for (const id of ids) {
    const py = y(id);
    out.push(
      `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${py}" y2="${py}" stroke="#333" stroke-width="1.5"/>`,
      `<text x="${LEFT - 12}" y="${py + 4}" text-anchor="end" font-size="13" font-weight="600">${escapeHtml(id)}</text>`,
    );
  }
  out.push("</g>");
  out.push(laneMarks(analysis, new Set(ids), startS, endS, x, y));
  // Message arrows, from the SEND to each RECEIVE of the same message id.
  const sends = new Map<string, WindowEvent>();
  for (const e of events) if (e.type === "SEND" && e.messageId !== null) sends.set(e.messageId, e);
  out.push('<g class="messages" stroke="#555" stroke-width="1" fill="none">');
  for (const e of events) {
    if (e.type !== "RECEIVE" || e.messageId === null) continue;
    const send = sends.get(e.messageId);
    if (send === undefined) continue;
    const x1 = x(send.tS);
    const y1 = y(send.machine);
    const x2 = x(e.tS);
    const y2 = y(e.machine);
    const shorten = 7 / Math.max(1, Math.hypot(x2 - x1, y2 - y1));
    out.push(
      `<line x1="${x1.toFixed(1)}" y1="${y1}" x2="${(x2 - (x2 - x1) * shorten).toFixed(1)}" ` +
        `y2="${(y2 - (y2 - y1) * shorten).toFixed(1)}" marker-end="url(#arrow)">` +
        `<title>${escapeHtml(`message ${e.messageId}: ${send.machine} → ${e.machine}`)}</title></line>`,
    );
  }
  out.push("</g>");
  if (someHidden) out.push(offDiagramStubs(events, new Set(ids), x, y));
  // Events.
  const specials = specialEvents(analysis);
  const crash = faultColor("crash");
  out.push('<g class="events">');
  for (const e of events) {
    const px = x(e.tS).toFixed(1);
    const py = y(e.machine);
    const special = specials.get(eventKey(e.machine, e.seq));
    const jump = special === undefined && e.step !== null && e.step > 1;
    const ring = jump ? "#e15759" : special !== undefined ? crash : null;
    const textColor = jump ? "#c0392b" : special !== undefined ? crash : null;
    const label =
      special?.kind === "restart"
        ? `${e.lamport} (restart)`
        : special?.kind === "catch-up"
          ? `${e.lamport} (catch-up +${special.jump})`
          : `${e.lamport}${jump ? ` (+${e.step})` : ""}`;
    const kind = jump
      ? " jump"
      : special?.kind === "catch-up"
        ? " catch-up"
        : special !== undefined
          ? " restart"
          : "";
    const above = e.type === "RECEIVE" ? py + 20 : py - 10;
    out.push(
      `<g class="event${kind}"><title>${escapeHtml(describeEvent(e, special))}</title>`,
      `<circle cx="${px}" cy="${py}" r="${ring !== null ? 6 : 4.5}" fill="${FILL[e.type] ?? "#999"}"` +
        `${ring !== null ? ` stroke="${ring}" stroke-width="3"` : ""}/>`,
      `<text x="${px}" y="${above}" text-anchor="middle"${textColor !== null ? ` fill="${textColor}" font-weight="700"` : ""}>` +
        `${escapeHtml(label)}</text></g>`,
    );
  }
  out.push("</g></svg>");
  return out.join("\n");
}
