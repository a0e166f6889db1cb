// Per-machine running totals for the metrics (and the HLC metrics beside
// them), updated one event at a time in log order. Constant memory per machine (plus the jump
// histogram's distinct sizes, and a record per restart). A restart after a crash (`restart()`,
// called before the first event of the new life) begins a new life: the time it was down is left
// out of its tick rate, the step from its last value before the crash is no step, and the step of
// its first receive after the restart is a catch-up jump, counted apart from the ordinary jumps.
import type { AnalysisEvent } from "./event.ts";
import { JumpHistogram } from "./jumpHistogram.ts";
import type { MachineDetails, MachineMetrics, RestartRecord } from "./types.ts";

/** How the clocks of a restarted machine began its new life (null: not known). */
export type RestartMode = "log" | "zero" | "never" | null;

interface Restart {
  fault: string | null;
  downFromMs: number;
  backAtMs: number;
  restartSeq: number;
  catchUp: { jump: number; atMs: number; seq: number; from: string | null } | null;
}

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
  /** Time between the last event before a crash and the first after its restart, summed (ms). */
  downMs = 0;
  readonly restarts: Restart[] = [];
  #pendingRestart: { mode: RestartMode; fault: string | null } | null = null;
  /** The Lamport value the current life started from, while its first receive is still to come. */
  #catchUpBase = Number.NaN;
  /** Set by `add` when the event it took was a catch-up receive, with its jump. */
  catchUpNow = false;
  lastCatchUpJump = 0;

  constructor(id: string, file: string) {
    this.id = id;
    this.file = file;
  }

  /** The next event is the first after a restart (of crash window `fault`, if one). */
  restart(mode: RestartMode, fault: string | null): void {
    if (this.events > 0) this.#pendingRestart = { mode, fault };
  }

  /** Adds one event; returns its Lamport step (null for the first event). */
  add(event: AnalysisEvent, othersCount: number): number | null {
    const time = event.trueTime;
    const lamport = event.lamport;
    let step: number | null = null;
    this.catchUpNow = false;
    if (this.events === 0) {
      this.firstTime = time;
      this.lamportFirst = lamport;
    } else {
      step = lamport - this.lamportLast;
      if (this.#pendingRestart !== null) this.#beginLife(event);
      else if (!Number.isNaN(this.#catchUpBase) && event.type === "RECEIVE") this.#catchUp(event, step);
      else {
        if (step > this.jumps.max) {
          this.jumpMaxAt = time;
          this.jumpMaxFrom = this.lamportLast;
          this.jumpMaxCause = { type: event.type, from: event.message?.from ?? null };
        }
        this.jumps.add(step);
      }
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

  /** The first event of a new life: no step from the last life; its first receive is a catch-up. */
  #beginLife(event: AnalysisEvent): void {
    const { mode, fault } = this.#pendingRestart!;
    this.#pendingRestart = null;
    this.downMs += event.trueTime - this.lastTime;
    this.restarts.push({
      fault,
      downFromMs: this.lastTime,
      backAtMs: event.trueTime,
      restartSeq: event.seq,
      catchUp: null,
    });
    // Restarted from its log, the clocks go on from the last value; from zero, from 0. Not told
    // which, a value below the last one says zero.
    const zero = mode === "zero" || (mode === null && event.lamport < this.lamportLast);
    this.#catchUpBase = zero ? 0 : this.lamportLast;
    if (event.type === "RECEIVE") this.#catchUp(event, event.lamport - this.#catchUpBase);
    else this.#catchUpBase = event.lamport;
  }

  #catchUp(event: AnalysisEvent, jump: number): void {
    this.#catchUpBase = Number.NaN;
    this.catchUpNow = true;
    this.lastCatchUpJump = jump;
    const restart = this.restarts[this.restarts.length - 1];
    if (restart !== undefined && restart.catchUp === null)
      restart.catchUp = { jump, atMs: event.trueTime, seq: event.seq, from: event.message?.from ?? null };
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
    // Ticks per second of the time it was up: each restart's gap is one interval fewer and its time.
    const upS = durationS - this.downMs / 1000;
    const intervals = this.events - 1 - this.restarts.length;
    const jumps = this.jumps;
    return {
      events: this.events,
      sends: this.sends,
      receives: this.receives,
      internals: this.internals,
      durationS,
      ticksPerSecond: upS > 0 ? intervals / upS : null,
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
      downS: this.downMs / 1000,
      restarts: this.restarts.map(
        (r): RestartRecord => ({
          fault: r.fault,
          downFromS: since(r.downFromMs),
          backAtS: since(r.backAtMs),
          downS: (r.backAtMs - r.downFromMs) / 1000,
          restartSeq: r.restartSeq,
          catchUpJump: r.catchUp?.jump ?? null,
          catchUpAtS: r.catchUp === null ? null : since(r.catchUp.atMs),
          catchUpSeq: r.catchUp?.seq ?? null,
          catchUpFrom: r.catchUp?.from ?? null,
        }),
      ),
      catchUpJumpMax: this.restarts.reduce<number | null>(
        (max, r) => (r.catchUp === null || (max !== null && max >= r.catchUp.jump) ? max : r.catchUp.jump),
        null,
      ),
    };
  }
}
