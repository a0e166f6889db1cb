// The clock ceilings a router checks frames against, computed once per phase and instant: the
// frames of one read share a time, so a burst costs one computation, not one per frame.
import { type ClockCeilings, clockCeilings } from "../clockCeiling.ts";
import type { ScannedMessage } from "../protocol/sendScanner.ts";
import type { RunLifecycle, RunPhase } from "./lifecycle.ts";

export class CeilingCache {
  #ceilings: ClockCeilings | null = null;
  #phase: RunPhase | null = null;
  #atMs = Number.NaN;

  at(lifecycle: RunLifecycle, phase: RunPhase, nowMs: number): ClockCeilings {
    if (this.#ceilings === null || this.#phase !== phase || this.#atMs !== nowMs) {
      this.#ceilings = clockCeilings(lifecycle.ceilingInput(), nowMs);
      this.#phase = phase;
      this.#atMs = nowMs;
    }
    return this.#ceilings;
  }

  /** Whether a scanned message's clocks lie above the ceilings at `nowMs`. */
  exceeded(lifecycle: RunLifecycle, phase: RunPhase, nowMs: number, message: ScannedMessage): boolean {
    const ceilings = this.at(lifecycle, phase, nowMs);
    return (
      message.lamport > ceilings.counter ||
      message.hlcLogical > ceilings.counter ||
      message.hlcWall > ceilings.wallMs ||
      message.vectorMax > ceilings.counter
    );
  }
}
