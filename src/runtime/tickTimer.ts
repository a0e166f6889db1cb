// Runs a callback on an absolute schedule (tick k at t0 + k / speed), never "sleep after work":
// each timer is set for the next tick's absolute time, and ticks missed while the process was
// busy run at once, so the achieved rate does not drift with processing time.
import { tickTimeMs } from "../core/schedule.ts";
import { hostNowMs } from "./clock.ts";

/** How long past the end of the run a late machine may still run the ticks that were due by then. */
const END_CATCH_UP_GRACE_MS = 250;

export interface TickTimerOptions {
  t0Ms: number;
  ticksPerSecond: number;
  /** No tick after this host time. */
  endAtMs?: number;
  /** First tick index to run (1 for a fresh start). */
  firstTick: number;
  onTick: (tick: number, scheduledMs: number) => void;
  onEnd: () => void;
}

export class TickTimer {
  readonly #options: TickTimerOptions;
  #next: number;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(options: TickTimerOptions) {
    this.#options = options;
    this.#next = options.firstTick;
  }

  start(): void {
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    if (this.#stopped) return;
    const { t0Ms, ticksPerSecond, endAtMs } = this.#options;
    const due = tickTimeMs(t0Ms, ticksPerSecond, this.#next);
    if (endAtMs !== undefined && due > endAtMs) {
      this.#stopped = true;
      this.#options.onEnd();
      return;
    }
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, due - hostNowMs()));
  }

  #fire(): void {
    this.#timer = null;
    const { t0Ms, ticksPerSecond, endAtMs } = this.#options;
    // Run every tick that is due by now (normally one; more after a stall). Once the run's end has
    // passed, a machine that fell behind stops instead of catching up: its late ticks would send
    // messages to a router that has already closed the run.
    while (!this.#stopped) {
      const due = tickTimeMs(t0Ms, ticksPerSecond, this.#next);
      const now = hostNowMs();
      if (endAtMs !== undefined && (due > endAtMs || now > endAtMs + END_CATCH_UP_GRACE_MS)) {
        this.#stopped = true;
        this.#options.onEnd();
        return;
      }
      if (due > now) break;
      const tick = this.#next++;
      this.#options.onTick(tick, due);
    }
    this.#arm();
  }
}
