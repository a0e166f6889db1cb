// The discrete-event scheduler: virtual time jumps from one pending event to the next. Nothing
// here reads a clock or sets a timer; `run` advances time only as far as it is told.
import { type EventHandler, EventQueue, type PendingEvent } from "./eventQueue.ts";

export class Scheduler {
  readonly #queue = new EventQueue();
  #nowMs: number;
  #stopRequested = false;

  constructor(startTimeMs: number) {
    this.#nowMs = startTimeMs;
  }

  /** The current virtual time, ms. */
  get nowMs(): number {
    return this.#nowMs;
  }

  get pendingCount(): number {
    return this.#queue.size;
  }

  /** Makes the current (or next) `run` return after the event that is running: the run is over. */
  requestStop(): void {
    this.#stopRequested = true;
  }

  get stopRequested(): boolean {
    return this.#stopRequested;
  }

  /** Time of the next pending event; Infinity when there is none. */
  nextTimeMs(): number {
    return this.#queue.peekTimeMs();
  }

  /** Schedules `handler.handle(arg, data, timeMs)` at virtual time `timeMs` (not in the past). */
  at(timeMs: number, handler: EventHandler, arg: number, data?: unknown): void {
    if (!(timeMs >= this.#nowMs)) {
      throw new RangeError(`cannot schedule at ${timeMs} ms: virtual time is already ${this.#nowMs} ms`);
    }
    this.#queue.push(timeMs, handler, arg, data);
  }

  /**
   * `at`, for an event likely at or after every other scheduled this way (a link's arrivals): the
   * queue may keep it without sorting. The order events run in is the same as with `at`.
   */
  atInOrder(timeMs: number, handler: EventHandler, arg: number, data?: unknown): void {
    if (!(timeMs >= this.#nowMs)) {
      throw new RangeError(`cannot schedule at ${timeMs} ms: virtual time is already ${this.#nowMs} ms`);
    }
    this.#queue.push(timeMs, handler, arg, data, true);
  }

  /**
   * Runs pending events in (time, scheduling order) while their time is <= `untilMs`, at most
   * `maxEvents` of them. Returns how many ran. Time then stands at the last event run (or at
   * `untilMs` when nothing is left before it).
   */
  run(untilMs: number, maxEvents = Number.POSITIVE_INFINITY): number {
    const queue = this.#queue;
    let ran = 0;
    while (ran < maxEvents && queue.size > 0 && !this.#stopRequested) {
      if (queue.peekTimeMs() > untilMs) break;
      const slot = queue.pop();
      const timeMs = queue.timeOf(slot);
      const handler = queue.handlerOf(slot);
      const arg = queue.argOf(slot);
      const data = queue.dataOf(slot);
      queue.release(slot);
      this.#nowMs = timeMs;
      handler.handle(arg, data, timeMs);
      ran++;
    }
    if (
      ran < maxEvents &&
      !this.#stopRequested &&
      untilMs !== Number.POSITIVE_INFINITY &&
      untilMs > this.#nowMs
    ) {
      this.#nowMs = untilMs;
    }
    return ran;
  }

  /** Events still pending, earliest first (not removed). */
  pending(): PendingEvent[] {
    return this.#queue.pending();
  }
}
