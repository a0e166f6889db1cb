// Where the space-time diagram opens on a run with faults, when the user picked no window: just
// before the first fault that acts at a moment (a partition, a clock fault, a pause or a crash;
// else the first window that starts after the run's start), so that the diagram shows what the
// fault did rather than the quiet first seconds. Unless a length was given, the window is long
// enough to show that fault's end and a few seconds after it, within bounds.
import type { AnalysisFaultWindow } from "./faultWindows.ts";

/** Seconds shown before the fault's start, and after its end. */
export const LEAD_S = 2;
export const TRAIL_S = 3;
export const MIN_LENGTH_S = 10;
export const MAX_LENGTH_S = 30;

const MOMENT_KINDS = new Set(["partition", "clock", "pause", "crash"]);

export interface DiagramWindow {
  startS: number;
  lengthS: number;
  /** The fault it opened on. */
  fault: string;
}

/**
 * `runStartMs` and `firstEventMs` are true time; the window is in seconds since the run's first
 * event. `lengthS`: the length the user gave (or undefined).
 */
export function faultDiagramWindow(
  windows: readonly AnalysisFaultWindow[],
  runStartMs: number,
  firstEventMs: number,
  lengthS: number | undefined,
): DiagramWindow | null {
  const byStart = [...windows].sort((a, b) => a.fromMs - b.fromMs);
  const fault = byStart.find((w) => MOMENT_KINDS.has(w.kind)) ?? byStart.find((w) => w.fromMs > 0);
  if (fault === undefined) return null;
  const faultStartS = (runStartMs + fault.fromMs - firstEventMs) / 1000;
  const faultEndS = (runStartMs + fault.toMs - firstEventMs) / 1000;
  const startS = Math.max(0, faultStartS - LEAD_S);
  const fit = Math.min(MAX_LENGTH_S, Math.max(MIN_LENGTH_S, faultEndS + TRAIL_S - startS));
  return { startS, lengthS: lengthS ?? fit, fault: fault.id };
}
