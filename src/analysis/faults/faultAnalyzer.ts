// The fault analysis during the events' pass: fed every event in true-time order (and told of each
// restart and catch-up by analyzeRun), it keeps the spread across machines to the event, each
// window's three phases and the trackers of each kind's effect, and at the end gives one
// FaultAnalysis per window. Memory grows with windows and machines, never with events.
import type { AnalysisEvent } from "../event.ts";
import { ClockTracker } from "./clockTracker.ts";
import { CrashRecorder, type LastEvent } from "./crashRecorder.ts";
import type { DownInterval } from "./downIntervals.ts";
import type { FaultAnalysis, FaultEffect, LauncherAction } from "./faultTypes.ts";
import type { AnalysisFaultWindow } from "./faultWindows.ts";
import { PartitionTracker } from "./partitionTracker.ts";
import { PauseTracker } from "./pauseTracker.ts";
import { PhaseAccumulator, PhaseSet } from "./phaseStats.ts";
import { SpreadIndex } from "./spreadIndex.ts";
import type { EffectTracker, TimeBase } from "./tracker.ts";

interface WindowParts {
  window: AnalysisFaultWindow;
  before: PhaseAccumulator;
  during: PhaseAccumulator;
  after: PhaseAccumulator;
  tracker: EffectTracker | null;
  crash: CrashRecorder | null;
}

export interface FaultAnalyzerInput {
  windows: AnalysisFaultWindow[];
  /** ms, true time: what the windows' offsets count from. */
  runStartMs: number;
  ids: string[];
  participates: boolean[];
  /** The launcher's process-fault lines, by fault id (times are router times, ms). */
  launcher: ReadonlyMap<
    string,
    Array<{ machine: string; action: string; atMs: number; detail: string | null }>
  >;
}

/** The machine as the accumulator knows it at the end (for a crash it never came back from). */
export interface MachineEnd {
  last: LastEvent | null;
  receives: number;
}

/** Where the next clock fault on any of `window`'s targets begins (Infinity: none). */
function nextClockFault(window: AnalysisFaultWindow, all: AnalysisFaultWindow[], runStartMs: number): number {
  const targets = new Set(window.targets);
  let next = Number.POSITIVE_INFINITY;
  for (const other of all) {
    if (other === window || other.kind !== "clock" || other.fromMs <= window.fromMs) continue;
    if (other.targets.some((id) => targets.has(id))) next = Math.min(next, runStartMs + other.fromMs);
  }
  return next;
}

function trackerOf(
  window: AnalysisFaultWindow,
  input: FaultAnalyzerInput,
): { tracker: EffectTracker | null; crash: CrashRecorder | null } {
  const { runStartMs, ids } = input;
  switch (window.kind) {
    case "partition":
      return { tracker: new PartitionTracker(window, runStartMs, ids), crash: null };
    case "clock": {
      const until = nextClockFault(window, input.windows, runStartMs);
      return { tracker: new ClockTracker(window, runStartMs, ids, until), crash: null };
    }
    case "pause":
      return { tracker: new PauseTracker(window, runStartMs, ids), crash: null };
    case "crash": {
      const restart = window.action?.kind === "crash" ? window.action.restart : null;
      return { tracker: null, crash: new CrashRecorder(window.targets, restart) };
    }
    default:
      return { tracker: null, crash: null };
  }
}

export class FaultAnalyzer {
  readonly #input: FaultAnalyzerInput;
  readonly #parts: WindowParts[];
  readonly #phases: PhaseSet;
  readonly #spread: SpreadIndex | null;
  readonly #trackers: EffectTracker[];
  readonly #activeTrackers: EffectTracker[] = [];
  #nextTracker = 0;
  readonly #crashes = new Map<string, CrashRecorder>();
  /** Per machine: deliveries already counted lost in its earlier crashes. */
  readonly #lostSoFar: Float64Array;
  /** Per machine: the crash window of its latest restart (catch-ups go to it). */
  readonly #lastRestartFault: Array<string | null>;
  readonly #restarted = new Set<DownInterval>();
  #down: ReadonlyMap<string, DownInterval[]> = new Map();

  constructor(input: FaultAnalyzerInput) {
    this.#input = input;
    const { runStartMs } = input;
    this.#parts = input.windows.map((window) => {
      const fromMs = runStartMs + window.fromMs;
      const toMs = runStartMs + window.toMs;
      const lengthMs = toMs - fromMs;
      return {
        window,
        before: new PhaseAccumulator(fromMs - lengthMs, fromMs),
        during: new PhaseAccumulator(fromMs, toMs),
        after: new PhaseAccumulator(toMs, toMs + lengthMs),
        ...trackerOf(window, input),
      };
    });
    this.#phases = new PhaseSet(this.#parts.flatMap((p) => [p.before, p.during, p.after]));
    this.#spread = this.#parts.length > 0 ? new SpreadIndex(input.participates) : null;
    this.#trackers = this.#parts
      .flatMap((p) => (p.tracker === null ? [] : [p.tracker]))
      .sort((a, b) => a.startMs - b.startMs);
    for (const p of this.#parts) if (p.crash !== null) this.#crashes.set(p.window.id, p.crash);
    this.#lostSoFar = new Float64Array(input.ids.length);
    this.#lastRestartFault = input.ids.map(() => null);
  }

  get windows(): number {
    return this.#parts.length;
  }

  /** Each machine's down intervals (known once router.jsonl has been read). */
  setDownIntervals(down: ReadonlyMap<string, DownInterval[]>): void {
    this.#down = down;
  }

  /** A drop router.jsonl recorded (at: router time, ms). */
  drop(atMs: number, reason: string): void {
    this.#phases.drop(atMs, reason);
  }

  event(machine: number, event: AnalysisEvent, step: number | null): void {
    const spread = this.#spread;
    if (spread === null) return;
    const spreadBefore = spread.spread;
    spread.set(machine, event.lamport);
    const spreadAfter = spread.spread;
    this.#phases.event(event, spreadBefore, spreadAfter);
    const t = event.trueTime;
    const trackers = this.#trackers;
    while (this.#nextTracker < trackers.length && trackers[this.#nextTracker]!.startMs <= t)
      this.#activeTrackers.push(trackers[this.#nextTracker++]!);
    const active = this.#activeTrackers;
    if (active.length === 0) return;
    const tracked = { machine, event, step, spreadBefore, spreadAfter };
    for (let i = 0; i < active.length; ) {
      if (active[i]!.event(tracked)) i++;
      else {
        active[i] = active[active.length - 1]!;
        active.pop();
      }
    }
  }

  /**
   * `machine` came back from `down` with `event`; its last event before was `last`, and it had
   * received `receivedBefore` messages (copies included) in all its lives so far.
   */
  restarted(
    machine: number,
    down: DownInterval,
    last: LastEvent,
    event: AnalysisEvent,
    receivedBefore: number,
  ): void {
    this.#restarted.add(down);
    const lost = this.#lost(machine, down, receivedBefore);
    this.#lastRestartFault[machine] = down.fault;
    const crash = down.fault === null ? undefined : this.#crashes.get(down.fault);
    const id = this.#input.ids[machine]!;
    crash?.ended(id, last, lost);
    crash?.back(id, event.trueTime, event.lamport);
  }

  /** The machine's first receive after a restart jumped by `jump`. */
  catchUp(machine: number, jump: number, event: AnalysisEvent): void {
    const fault = this.#lastRestartFault[machine];
    if (fault === null || fault === undefined) return;
    this.#crashes
      .get(fault)
      ?.catchUp(this.#input.ids[machine]!, jump, event.trueTime, event.message?.from ?? null);
  }

  finish(firstMs: number, lastMs: number, ends: MachineEnd[]): FaultAnalysis[] {
    this.#phases.finish(this.#spread?.spread ?? null);
    // Crashes it never came back from: its last event is the one before the crash.
    this.#input.ids.forEach((id, machine) => {
      for (const down of this.#down.get(id) ?? []) {
        if (this.#restarted.has(down) || down.fault === null) continue;
        const end = ends[machine]!;
        const lost = this.#lost(machine, down, end.receives);
        this.#crashes.get(down.fault)?.ended(id, end.last, lost);
      }
    });
    const time: TimeBase = {
      since: (ms) => (Number.isFinite(ms) ? (ms - firstMs) / 1000 : null),
    };
    const runStartMs = this.#input.runStartMs;
    return this.#parts.map((p): FaultAnalysis => {
      const { window } = p;
      const effect: FaultEffect | null = p.tracker?.result(time) ?? p.crash?.result(time) ?? null;
      const launcher = (this.#input.launcher.get(window.id) ?? []).map(
        (a): LauncherAction => ({
          machine: a.machine,
          action: a.action,
          atS: time.since(a.atMs),
          detail: a.detail,
        }),
      );
      return {
        id: window.id,
        kind: window.kind,
        fromMs: window.fromMs,
        toMs: window.toMs,
        startS: (runStartMs + window.fromMs - firstMs) / 1000,
        endS: (runStartMs + window.toMs - firstMs) / 1000,
        targets: window.targets,
        groups: window.groups,
        source: window.source,
        description: window.description,
        phases: {
          before: p.before.result(firstMs, lastMs),
          during: p.during.result(firstMs, lastMs),
          after: p.after.result(firstMs, lastMs),
        },
        effect,
        launcher,
      };
    });
  }

  /** Routed to it up to the crash, not received, not lost in an earlier crash: lost with its queue. */
  #lost(machine: number, down: DownInterval, receivedBefore: number): number | null {
    if (down.routedBefore === null) return null;
    const lost = Math.max(0, down.routedBefore - receivedBefore - this.#lostSoFar[machine]!);
    this.#lostSoFar[machine]! += lost;
    return lost;
  }
}
