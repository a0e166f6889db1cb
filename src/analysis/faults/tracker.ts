// What every fault-effect tracker (partition, clock, pause, crash) is given and gives back: it
// watches events from `startMs` (a baseline before its window) until it says it is done, and turns
// what it saw into its kind's measures. Shared here: the baseline's length and the time helpers.
import type { AnalysisEvent } from "../event.ts";
import type { FaultEffect } from "./faultTypes.ts";

/** The measures "before" a fault look at this many seconds before its window. */
export const BASELINE_S = 5;
export const BASELINE_MS = BASELINE_S * 1000;

export interface TrackedEvent {
  machine: number;
  event: AnalysisEvent;
  /** L_i − L_(i−1), null for the machine's first event. */
  step: number | null;
  /** The Lamport spread across machines just before and just after this event. */
  spreadBefore: number | null;
  spreadAfter: number | null;
}

export interface TimeBase {
  /** s since the run's first event, or null for NaN (never happened). */
  since(timeMs: number): number | null;
}

export interface EffectTracker {
  /** The first event time (ms, true time) it wants. */
  readonly startMs: number;
  /** Takes one event (in true-time order, from startMs on); false when it needs no more. */
  event(tracked: TrackedEvent): boolean;
  result(time: TimeBase): FaultEffect;
}

export const maxOf = (a: number, b: number) => (Number.isNaN(a) || b > a ? b : a);
export const orNull = (value: number) => (Number.isFinite(value) ? value : null);
