// The hybrid logical clock (HLC) in plain words: which machine's HLC ran furthest ahead of its own
// physical clock, by how much and when, which sender's message carried it there, and which clock
// run.json configures fastest (offset, else drift), which is the time hybrid clocks follow.
import type { RunAnalysis } from "../analysis/index.ts";
import { formatMaybeWhole, formatSeconds } from "./format.ts";

/** Below this many ms ahead the HLC tracked its own clock: nothing worth saying. */
export const HLC_AHEAD_NOTE_MS = 50;

interface ClockError {
  id: string;
  offsetMs: number;
  driftPpm: number;
}

/** Configured physical clocks from run.json's `machines[].clock`; empty when absent. */
function configuredClocks(analysis: RunAnalysis): ClockError[] {
  const machines = analysis.run.info?.machines;
  if (!Array.isArray(machines)) return [];
  const out: ClockError[] = [];
  for (const m of machines) {
    if (typeof m !== "object" || m === null) continue;
    const { id, clock } = m as { id?: unknown; clock?: unknown };
    if (typeof id !== "string" || typeof clock !== "object" || clock === null) continue;
    const { offsetMs, driftPpm } = clock as { offsetMs?: unknown; driftPpm?: unknown };
    out.push({
      id,
      offsetMs: typeof offsetMs === "number" && Number.isFinite(offsetMs) ? offsetMs : 0,
      driftPpm: typeof driftPpm === "number" && Number.isFinite(driftPpm) ? driftPpm : 0,
    });
  }
  return out;
}

/** How a configured clock errs, in words: "configured 500 ms fast" / "gaining 50,000 ppm". */
function errorText(c: ClockError, useOffset: boolean): string {
  if (useOffset)
    return `configured ${formatMaybeWhole(Math.abs(c.offsetMs))} ms ${c.offsetMs > 0 ? "fast" : "slow"}`;
  return `${c.driftPpm > 0 ? "gaining" : "losing"} ${formatMaybeWhole(Math.abs(c.driftPpm))} ppm`;
}

/**
 * The fastest configured clock (hybrid clocks follow the latest time they hear of) and, if it errs
 * the other way, the lagging machine's own clock. By offset; by drift when no offset is set.
 */
function clockErrors(analysis: RunAnalysis, laggingId: string): string {
  const clocks = configuredClocks(analysis);
  const useOffset = clocks.some((c) => c.offsetMs !== 0);
  const error = (c: ClockError) => (useOffset ? c.offsetMs : c.driftPpm);
  const fastest = clocks.reduce<ClockError | undefined>(
    (best, c) => (error(c) > (best === undefined ? 0 : error(best)) ? c : best),
    undefined,
  );
  let text = "";
  if (fastest !== undefined) {
    text += ` The fastest clock in run.json is ${fastest.id}'s, ${errorText(fastest, useOffset)}.`;
  }
  const own = clocks.find((c) => c.id === laggingId);
  if (own !== undefined && error(own) < 0) text += ` ${own.id}'s own clock is ${errorText(own, useOffset)}.`;
  return text;
}

export function hlcAheadObservation(analysis: RunAnalysis): string | null {
  let top: { id: string; ahead: number } | undefined;
  for (const id of analysis.machineIds) {
    const ahead = analysis.metrics.machines[id]?.hlcAheadMsMax ?? null;
    if (ahead !== null && (top === undefined || ahead > top.ahead)) top = { id, ahead };
  }
  if (top === undefined || top.ahead < HLC_AHEAD_NOTE_MS) return null;
  const details = analysis.machines.find((d) => d.id === top.id);
  const when = details?.hlcAheadMaxAtS == null ? "" : ` (at ${formatSeconds(details.hlcAheadMaxAtS)})`;
  const from =
    details?.hlcAheadMaxFrom == null ? "" : `, carried there by a message from ${details.hlcAheadMaxFrom}`;
  return (
    `${top.id}'s hybrid clock (HLC) ran up to ${formatMaybeWhole(top.ahead)} ms ahead of its own physical ` +
    `clock${when}${from}: a message carried a later time than ${top.id}'s clock read.` +
    clockErrors(analysis, top.id)
  );
}
