// Per-machine running totals for the metrics of DESIGN.md section 8 (and the HLC metrics beside
// them), updated one event at a time in log order. Constant memory per machine (plus the jump histogram's distinct sizes).
import type { AnalysisEvent } from "./event.ts";
import { JumpHistogram } from "./jumpHistogram.ts";
import type { MachineDetails, MachineMetrics } from "./types.ts";

export class MachineAccumulator {
  readonly id: string;
  readonly file: string;
  events = 0;
  sends = 0;
  receives = 0;
  internals = 0;
  sendDestinations = 0;
  firstTime = Number.NaN;
  lastTime = Number.NaN;
  lamportFirst = Number.NaN;
  lamportLast = Number.NaN;
  readonly jumps = new JumpHistogram();
  jumpMaxAt = Number.NaN;
  jumpMaxFrom = Number.NaN;
  jumpMaxCause: { type: string; from: string | null } | null = null;
  queueSum = 0;
  queueMax = Number.NEGATIVE_INFINITY;
  queueMaxAt = Number.NaN;
  queueLast = Number.NaN;
  transitSum = 0;
  transitMax = Number.NEGATIVE_INFINITY;
  transitCount = 0;
  queuedAtEnd: number | null = null;
  hlcCount = 0;
  hlcAheadSum = 0;
  hlcAheadMax = Number.NEGATIVE_INFINITY;
  hlcAheadMaxAt = Number.NaN;
  hlcAheadMaxFrom: string | null = null;
  /** The sender whose message last put the HLC ahead of this machine's clock (null once it is not). */
  hlcAheadFrom: string | null = null;
  hlcLogicalMax = Number.NEGATIVE_INFINITY;
  hlcWallLast = Number.NaN;

  constructor(id: string, file: string) {
    this.id = id;
    this.file = file;
  }

  /** Adds one event; returns its Lamport step (null for the first event). */
  add(event: AnalysisEvent, othersCount: number): number | null {
    const time = event.trueTime;
    const lamport = event.lamport;
    let step: number | null = null;
    if (this.events === 0) {
      this.firstTime = time;
      this.lamportFirst = lamport;
    } else {
      step = lamport - this.lamportLast;
      if (step > this.jumps.max) {
        this.jumpMaxAt = time;
        this.jumpMaxFrom = this.lamportLast;
        this.jumpMaxCause = { type: event.type, from: event.message?.from ?? null };
      }
      this.jumps.add(step);
    }
    this.events++;
    this.lastTime = time;
    this.lamportLast = lamport;
    const queue = event.queueLength;
    this.queueSum += queue;
    this.queueLast = queue;
    if (queue > this.queueMax) {
      this.queueMax = queue;
      this.queueMaxAt = time;
    }
    switch (event.type) {
      case "SEND": {
        this.sends++;
        const message = event.message!;
        this.sendDestinations += message.to?.length ?? (message.kind === "BROADCAST" ? othersCount : 1);
        break;
      }
      case "RECEIVE": {
        this.receives++;
        const transit = event.systemTime - event.message!.sentAt;
        this.transitSum += transit;
        this.transitCount++;
        if (transit > this.transitMax) this.transitMax = transit;
        break;
      }
      default:
        this.internals++;
    }
    if (event.hlcWall !== undefined) this.addHlc(event, time);
    return step;
  }

  private addHlc(event: AnalysisEvent, time: number): void {
    const wall = event.hlcWall!;
    const ahead = wall - Math.floor(event.systemTime);
    if (ahead <= 0) this.hlcAheadFrom = null;
    else if (event.type === "RECEIVE" && !(wall <= this.hlcWallLast))
      this.hlcAheadFrom = event.message!.from ?? null;
    this.hlcWallLast = wall;
    this.hlcCount++;
    this.hlcAheadSum += ahead;
    if (ahead > this.hlcAheadMax) {
      this.hlcAheadMax = ahead;
      this.hlcAheadMaxAt = time;
      this.hlcAheadMaxFrom = this.hlcAheadFrom;
    }
    const logical = event.hlcLogical!;
    if (logical > this.hlcLogicalMax) this.hlcLogicalMax = logical;
  }

  metrics(): MachineMetrics {
    const has = this.events > 0;
    const durationS = has ? (this.lastTime - this.firstTime) / 1000 : 0;
    const jumps = this.jumps;
    return {
      events: this.events,
      sends: this.sends,
      receives: this.receives,
      internals: this.internals,
      durationS,
      ticksPerSecond: durationS > 0 ? (this.events - 1) / durationS : null,
      lamportFinal: has ? this.lamportLast : null,
      jumpMax: jumps.count > 0 ? jumps.max : null,
      jumpMean: jumps.count > 0 ? jumps.sum / jumps.count : null,
      jumpP99: jumps.percentile(99),
      jumpsOver1: jumps.over1,
      queueMax: has ? this.queueMax : null,
      queueMean: has ? this.queueSum / this.events : null,
      transitMsMean: this.transitCount > 0 ? this.transitSum / this.transitCount : null,
      transitMsMax: this.transitCount > 0 ? this.transitMax : null,
      hlcAheadMsMax: this.hlcCount > 0 ? this.hlcAheadMax : null,
      hlcAheadMsMean: this.hlcCount > 0 ? this.hlcAheadSum / this.hlcCount : null,
      hlcLogicalMax: this.hlcCount > 0 ? this.hlcLogicalMax : null,
    };
  }

  details(t0Ms: number | null): MachineDetails {
    const has = this.events > 0;
    const since = (time: number) => (t0Ms === null || Number.isNaN(time) ? null : (time - t0Ms) / 1000);
    const histogram = this.jumps.entries();
    return {
      id: this.id,
      file: this.file,
      firstTrueTimeS: has ? since(this.firstTime) : null,
      lastTrueTimeS: has ? since(this.lastTime) : null,
      lamportFirst: has ? this.lamportFirst : null,
      jumpMaxAtS: this.jumps.count > 0 ? since(this.jumpMaxAt) : null,
      jumpMaxFromLamport: this.jumps.count > 0 ? this.jumpMaxFrom : null,
      jumpMaxCause: this.jumpMaxCause,
      queueMaxAtS: has ? since(this.queueMaxAt) : null,
      queueFinal: has ? this.queueLast : null,
      queuedAtEnd: this.queuedAtEnd,
      hlcAheadMaxAtS: this.hlcCount > 0 ? since(this.hlcAheadMaxAt) : null,
      hlcAheadMaxFrom: this.hlcCount > 0 ? this.hlcAheadMaxFrom : null,
      jumpHistogram: histogram.filter((entry) => entry.size > 1),
      stepsOf1: histogram.find((entry) => entry.size === 1)?.count ?? 0,
    };
  }
}
