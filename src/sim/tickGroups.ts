// Machines of equal speed tick at the same instants (t0 + k / speed, one t0 for the whole run), so
// the scheduler holds one entry per speed rather than one per machine: at 1,000 machines with
// speeds 1-6 its heap has a handful of entries instead of a thousand. Within an instant, a group's
// machines tick in the order they joined (machine order); across groups and network events, the
// scheduler's (time, scheduling order) rule decides, as for any event.
import { ticksInDuration, tickTimeMs } from "../core/schedule.ts";
import type { EventHandler } from "./eventQueue.ts";
import type { Scheduler } from "./scheduler.ts";

export interface Ticking {
  tick(nowMs: number): void;
}

class TickGroup implements EventHandler {
  readonly members: Ticking[] = [];
  readonly #scheduler: Scheduler;
  readonly #t0Ms: number;
  readonly #ticksPerSecond: number;
  readonly #endAtMs: number;
  readonly #lastTick: number;
  #nextTick = 1;

  constructor(scheduler: Scheduler, t0Ms: number, ticksPerSecond: number, endAtMs: number) {
    this.#scheduler = scheduler;
    this.#t0Ms = t0Ms;
    this.#ticksPerSecond = ticksPerSecond;
    this.#endAtMs = endAtMs;
    this.#lastTick = ticksInDuration(ticksPerSecond, endAtMs - t0Ms);
    this.#scheduleNext();
  }

  handle(_arg: number, _data: unknown, nowMs: number): void {
    const members = this.members;
    for (let i = 0; i < members.length; i++) members[i]!.tick(nowMs);
    this.#scheduleNext();
  }

  #scheduleNext(): void {
    const tick = this.#nextTick;
    if (tick > this.#lastTick) return;
    this.#nextTick = tick + 1;
    // The last tick lies at the end time exactly, whatever the floating-point rounding says.
    const timeMs = Math.min(tickTimeMs(this.#t0Ms, this.#ticksPerSecond, tick), this.#endAtMs);
    this.#scheduler.at(timeMs, this, 0);
  }
}

export class TickGroups {
  readonly #scheduler: Scheduler;
  readonly #groups = new Map<string, TickGroup>();

  constructor(scheduler: Scheduler) {
    this.#scheduler = scheduler;
  }

  get groupCount(): number {
    return this.#groups.size;
  }

  /** `machine` ticks at t0 + k / ticksPerSecond for k = 1, 2, ... up to endAtMs. */
  join(machine: Ticking, t0Ms: number, ticksPerSecond: number, endAtMs: number): void {
    const key = `${t0Ms}/${ticksPerSecond}/${endAtMs}`;
    let group = this.#groups.get(key);
    if (group === undefined) {
      group = new TickGroup(this.#scheduler, t0Ms, ticksPerSecond, endAtMs);
      this.#groups.set(key, group);
    }
    group.members.push(machine);
  }
}
