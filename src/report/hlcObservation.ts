// The hybrid logical clock (HLC) in plain words: which machine's HLC ran furthest ahead of its own
// physical clock, by how much and when, which sender's message carried it there, and which machine
// run.json configures with the largest physical clock error (offset, else drift).
import type { RunAnalysis } from "../analysis/index.ts";
import { formatMs, formatNumber, formatSeconds } from "./format.ts";

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

function largestClockError(analysis: RunAnalysis): string {
  const clocks = configuredClocks(analysis);
  const byOffset = clocks.reduce<ClockError | undefined>(
    (best, c) => (Math.abs(c.offsetMs) > Math.abs(best?.offsetMs ?? 0) ? c : best),
    undefined,
  );
  if (byOffset !== undefined) {
    const how = byOffset.offsetMs > 0 ? "fast" : "slow";
    return ` The largest configured clock offset is ${byOffset.id}'s: ${formatMs(Math.abs(byOffset.offsetMs))} ${how}.`;
  }
  const byDrift = clocks.reduce<ClockError | undefined>(
    (best, c) => (Math.abs(c.driftPpm) > Math.abs(best?.driftPpm ?? 0) ? c : best),
    undefined,
  );
  if (byDrift !== undefined) {
    const how = byDrift.driftPpm > 0 ? "gains" : "loses";
    return ` The largest configured clock drift is ${byDrift.id}'s: it ${how} ${formatNumber(Math.abs(byDrift.driftPpm))} ppm.`;
  }
  return "";
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
    `${top.id}'s hybrid clock (HLC) ran up to ${formatMs(top.ahead)} ahead of its own physical clock${when}` +
    `${from}: a message carried a later time than ${top.id}'s clock read.${largestClockError(analysis)}`
  );
}
