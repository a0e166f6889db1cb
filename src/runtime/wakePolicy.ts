// How a live process wakes up on time for its machines' ticks, learnt from the wake-ups it saw.
// setTimeout has millisecond granularity, truncates its delay and fires up to a millisecond early
// or, with the OS's scheduling, late; so the timer is armed `leadMs` before the due time (a high
// quantile of its observed lateness), and the rest is a bounded synchronous wait: a blocking sleep
// (no CPU) until `spinMs` before the due time, then a busy wait for that short tail (a quantile of
// the sleep's observed overshoot, capped so that spinning costs at most a set share of one core at
// the current wake-up rate). Pure: every time is an argument, so tests drive it with a fake clock.

export interface WakePolicyOptions {
  /** The largest lead (and so the longest blocking wait): it bounds how long other work waits. */
  maxLeadMs: number;
  /** The lead before anything was observed. */
  initialLeadMs: number;
  /** Which quantile of the timer's lateness the lead covers. */
  leadQuantile: number;
  /** The longest busy wait at the end. */
  maxSpinMs: number;
  /** Which quantile of the sleep's overshoot the busy tail covers. */
  spinQuantile: number;
  /** The share of one core that spinning may cost (0.005: 5 ms of CPU per second). */
  spinCpuShare: number;
  /** How many recent observations each estimate keeps. */
  window: number;
}

export const DEFAULT_WAKE_POLICY: WakePolicyOptions = {
  maxLeadMs: 3,
  initialLeadMs: 1.5,
  leadQuantile: 0.98,
  maxSpinMs: 0.25,
  spinQuantile: 0.9,
  spinCpuShare: 0.005,
  window: 128,
};

/** Fewer observations than this: the estimate keeps its initial value. */
const MIN_SAMPLES = 8;
/** An estimate is recomputed after this many new observations (a sort of `window` numbers). */
const RECOMPUTE_EVERY = 16;
/** Weight of the newest interval in the smoothed time between final waits. */
const INTERVAL_WEIGHT = 0.1;

/** The last `size` observations and a quantile of them, recomputed now and then. */
export class SampleWindow {
  readonly #ring: Float64Array;
  readonly #quantile: number;
  #count = 0;
  #sinceRecompute = 0;
  #value: number;

  constructor(size: number, quantile: number, initial: number) {
    this.#ring = new Float64Array(size);
    this.#quantile = quantile;
    this.#value = initial;
  }

  get value(): number {
    return this.#value;
  }

  add(sample: number): void {
    this.#ring[this.#count % this.#ring.length] = sample;
    this.#count++;
    if (++this.#sinceRecompute < RECOMPUTE_EVERY && this.#count !== MIN_SAMPLES) return;
    if (this.#count < MIN_SAMPLES) return;
    this.#sinceRecompute = 0;
    const held = this.#ring.slice(0, Math.min(this.#count, this.#ring.length)).sort();
    this.#value = held[Math.min(held.length - 1, Math.floor(this.#quantile * held.length))]!;
  }
}

export class WakePolicy {
  readonly #options: WakePolicyOptions;
  readonly #timerLateness: SampleWindow;
  readonly #sleepOvershoot: SampleWindow;
  #lastWaitAtMs = Number.NaN;
  /** Smoothed time between final waits; infinite until two were seen (no budget pressure yet). */
  #waitIntervalMs = Number.POSITIVE_INFINITY;

  constructor(options: WakePolicyOptions = DEFAULT_WAKE_POLICY) {
    this.#options = options;
    this.#timerLateness = new SampleWindow(options.window, options.leadQuantile, options.initialLeadMs);
    this.#sleepOvershoot = new SampleWindow(options.window, options.spinQuantile, options.maxSpinMs);
  }

  /** How long before a due time to arm the timer. */
  get leadMs(): number {
    return Math.min(this.#options.maxLeadMs, Math.max(0, this.#timerLateness.value) + this.spinMs);
  }

  /** How long before the due time the blocking sleep ends and the busy wait begins. */
  get spinMs(): number {
    // No share allows no spin, even before two waits were seen (0 x infinity would be NaN).
    const share = this.#options.spinCpuShare;
    const affordable = share > 0 ? share * this.#waitIntervalMs : 0;
    return Math.max(0, Math.min(this.#options.maxSpinMs, this.#sleepOvershoot.value, affordable));
  }

  /** The longest final wait a wake-up may start: longer, and it arms the timer again instead. */
  get maxWaitMs(): number {
    return this.#options.maxLeadMs;
  }

  /** The timer asked for `askedMs` fired at `firedMs`. */
  timerFired(askedMs: number, firedMs: number): void {
    this.#timerLateness.add(firedMs - askedMs);
  }

  /** A final wait begins at `nowMs` (its rate sets what spinning may cost). */
  waitBegins(nowMs: number): void {
    if (!Number.isNaN(this.#lastWaitAtMs)) {
      const intervalMs = Math.max(0, nowMs - this.#lastWaitAtMs);
      this.#waitIntervalMs = Number.isFinite(this.#waitIntervalMs)
        ? this.#waitIntervalMs + INTERVAL_WEIGHT * (intervalMs - this.#waitIntervalMs)
        : intervalMs;
    }
    this.#lastWaitAtMs = nowMs;
  }

  /** A blocking sleep meant to end at `askedMs` ended at `wokeMs`. */
  sleptUntil(askedMs: number, wokeMs: number): void {
    this.#sleepOvershoot.add(wokeMs - askedMs);
  }
}
