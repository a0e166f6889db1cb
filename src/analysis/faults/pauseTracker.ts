// A pause's effect on each paused machine's queue: its level in the seconds before (largest
// queueLength), the machine's first event after the pause and the queue it found there (a RECEIVE's
// queueLength plus the message it took), and how long after the pause's end the queue took to be
// back within its level before.

import type { PauseEffect, PauseMachineEffect } from "./faultTypes.ts";
import type { AnalysisFaultWindow } from "./faultWindows.ts";
import { BASELINE_MS, type EffectTracker, maxOf, type TimeBase, type TrackedEvent } from "./tracker.ts";

interface State {
  machine: string;
  before: number;
  lastBefore: number;
  resumedAt: number;
  queueAtResume: number;
  drainedAt: number;
}

export class PauseTracker implements EffectTracker {
  readonly startMs: number;
  readonly #fromMs: number;
  readonly #toMs: number;
  /** By machine index; undefined for machines not paused. */
  readonly #states: Array<State | undefined>;
  #left: number;

  constructor(window: AnalysisFaultWindow, runStartMs: number, ids: readonly string[]) {
    this.#fromMs = runStartMs + window.fromMs;
    this.#toMs = runStartMs + window.toMs;
    this.startMs = this.#fromMs - BASELINE_MS;
    const targets = new Set(window.targets);
    this.#states = ids.map((machine) =>
      targets.has(machine)
        ? {
            machine,
            before: Number.NaN,
            lastBefore: Number.NaN,
            resumedAt: Number.NaN,
            queueAtResume: Number.NaN,
            drainedAt: Number.NaN,
          }
        : undefined,
    );
    this.#left = this.#states.filter((s) => s !== undefined).length;
  }

  event({ machine, event }: TrackedEvent): boolean {
    const state = this.#states[machine];
    if (state === undefined || !Number.isNaN(state.drainedAt)) return this.#left > 0;
    const t = event.trueTime;
    const queue = event.queueLength;
    if (t < this.#fromMs) {
      state.before = maxOf(state.before, queue);
      state.lastBefore = t;
      return true;
    }
    // An event inside the pause (a tick already under way as it began) is neither before nor after.
    if (t < this.#toMs) return true;
    if (Number.isNaN(state.resumedAt)) {
      state.resumedAt = t;
      state.queueAtResume = queue + (event.type === "RECEIVE" ? 1 : 0);
    }
    const level = Number.isNaN(state.before) ? 0 : state.before;
    if (queue <= level) {
      state.drainedAt = t;
      this.#left--;
    }
    return this.#left > 0;
  }

  result(time: TimeBase): PauseEffect {
    const value = (v: number) => (Number.isNaN(v) ? null : v);
    const machines: PauseMachineEffect[] = [];
    for (const state of this.#states) {
      if (state === undefined) continue;
      machines.push({
        machine: state.machine,
        queueBefore: value(state.before),
        lastEventBeforeS: time.since(state.lastBefore),
        resumedAtS: time.since(state.resumedAt),
        queueAtResume: value(state.queueAtResume),
        drainMs: Number.isNaN(state.drainedAt) ? null : state.drainedAt - this.#toMs,
      });
    }
    return { kind: "pause", machines };
  }
}
