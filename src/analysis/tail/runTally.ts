// What a run feed has learnt from the lines released so far: the sampled series, message fates,
// fault windows, router lines of unknown types, the span of true time seen, and how many events
// carried vector clocks. `version` grows with every change, so the feed knows when to tell pages.
import type { FatesSoFar, FaultWindow, WireEvent } from "../../core/watch/protocol.ts";
import { FateCounter } from "./fateCounter.ts";
import { FaultWindows } from "./faultWindows.ts";
import type { RouterRecord } from "./routerLine.ts";
import { SampleStore } from "./sampleStore.ts";

export class RunTally {
  readonly samples: SampleStore;
  readonly #fates = new FateCounter();
  readonly #faults = new FaultWindows();
  readonly otherRouterLines: Record<string, number> = {};
  latestMs: number | null = null;
  earliestMs: number | null = null;
  events = 0;
  #eventsWithVector = 0;
  version = 0;

  constructor(sampleIntervalMs?: number, maxSampleCells?: number) {
    this.samples = new SampleStore(sampleIntervalMs, maxSampleCells);
  }

  countEvent(event: WireEvent): void {
    this.events++;
    if (event.v !== undefined) this.#eventsWithVector++;
    this.#fates.countEvent(event);
    const hlcAheadMs = event.hlcWall === undefined ? Number.NaN : event.hlcWall - Math.floor(event.st);
    this.samples.record(event.m, event.t, event.lamport, event.queueLength, hlcAheadMs);
    if (this.latestMs === null || event.t > this.latestMs) this.latestMs = event.t;
    if (this.earliestMs === null || event.t < this.earliestMs) this.earliestMs = event.t;
    this.version++;
  }

  countRouter(record: RouterRecord): void {
    this.version++;
    switch (record.type) {
      case "dropped":
        this.#fates.drop(record.reason, record.count);
        return;
      case "fault":
        if (record.phase === "start")
          this.#faults.start(record.fault, record.kind, record.targets, record.at);
        else this.#faults.end(record.fault, record.kind, record.targets, record.at);
        return;
      case "other":
        this.otherRouterLines[record.name] = (this.otherRouterLines[record.name] ?? 0) + 1;
        return;
      case "known":
        return;
    }
  }

  get fates(): FatesSoFar {
    return this.#fates.snapshot();
  }

  get faults(): FaultWindow[] {
    return this.#faults.windows.map((window) => ({ ...window }));
  }

  /** Whether every event so far had a vector clock. */
  get vectorClocks(): boolean {
    return this.events > 0 && this.#eventsWithVector === this.events;
  }
}
