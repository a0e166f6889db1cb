// What the analysis measured of each fault window: plain, JSON-serialisable data, one entry per
// window in RunAnalysis.faults (and in `clocklab analyze --json`). Times named `...S` without more
// are seconds since the run's first event, like every other time of a RunAnalysis (the charts'
// axis); `fromMs`/`toMs` are the window as drawn, ms after the run's start (run.json's t0).

/** Metrics of all machines over one phase of a fault: before, during or after its window. */
export interface PhaseMetrics {
  /** The phase, seconds since the run's first event (clipped to the run's events). */
  fromS: number;
  toS: number;
  durationS: number;
  events: number;
  /** events / durationS; null for an empty phase. */
  eventsPerSecond: number | null;
  receives: number;
  /** Deliveries router.jsonl says were dropped in the phase (every reason), and by reason. */
  drops: number;
  dropsByReason: Record<string, number>;
  /** Largest queueLength of an event in the phase. */
  queueMax: number | null;
  /** Mean of systemTime − message.sentAt over the phase's receives (ms). */
  transitMsMean: number | null;
  /** Largest Lamport spread across machines, taken after every event (and at the phase's start). */
  spreadMax: number | null;
}

export interface FaultPhases {
  /** As long as the window (or from the run's first event, if that is nearer), just before it. */
  before: PhaseMetrics;
  during: PhaseMetrics;
  /** As long as the window (or to the run's last event), just after it. */
  after: PhaseMetrics;
}

/** The first receive after a partition heals, on one side of it, of a message from across it. */
export interface HealReceive {
  /** The machines of this side. */
  side: string[];
  /** null: no machine of this side received a message from across the partition after it healed. */
  machine: string | null;
  from: string | null;
  atS: number | null;
  /** Its Lamport step (L_i − L_(i−1)). */
  jump: number | null;
  /**
   * The largest jump of a receive from across on this side, from the heal until the spread was back
   * within its level before (or the run's end): held messages arrive first and carry old values, so
   * the first receive may not be the one that catches up.
   */
  jumpMax: number | null;
  jumpMaxAtS: number | null;
  jumpMaxMachine: string | null;
}

export interface PartitionEffect {
  kind: "partition";
  /** The spread's level before: its largest value in the BASELINE_S seconds before the partition. */
  spreadBefore: number | null;
  spreadAtStart: number | null;
  /** Largest spread while it lasted, and when. */
  spreadPeak: number | null;
  spreadPeakAtS: number | null;
  spreadAtHeal: number | null;
  /** ms from the heal until the spread was back within spreadBefore (0: it already was); null: never. */
  recoveryMs: number | null;
  spreadAtRecovery: number | null;
  /** Per side that was cut off from another: its first receive from across after the heal. */
  healReceives: HealReceive[];
}

/** A machine's hybrid clock around a clock fault. */
export interface ClockMachineEffect {
  machine: string;
  /** Whether the fault changed this machine's own clock (else: it only heard of one that did). */
  target: boolean;
  /** Largest hlc.wall − floor(systemTime) (ms) in the BASELINE_S seconds before the fault. */
  hlcAheadMsBefore: number | null;
  /** From the fault's start until the HLC caught up (or the run ended): largest lead over its own clock, and when. */
  hlcAheadMsMax: number | null;
  hlcAheadMaxAtS: number | null;
  /** Largest hlc.logical over the same span: the HLC counting instead of following its clock. */
  hlcLogicalMax: number | null;
  /** Largest |hlc.wall − trueTime| (ms) over the same span: how far the HLC was from true time. */
  hlcOffTrueMsMax: number | null;
  /** When the HLC first ran further ahead than before the fault (null: it never did). */
  aheadFromS: number | null;
  /** ms from then until it was back within hlcAheadMsBefore; null when it never was. */
  caughtUpMs: number | null;
  /** hlc.wall − floor(systemTime) at its last event of the span. */
  hlcAheadMsAtEnd: number | null;
}

export interface ClockEffect {
  kind: "clock";
  /** Each machine the fault hit. */
  targets: ClockMachineEffect[];
  /** Of the machines it did not hit, the one whose HLC ran furthest ahead of its clock after it. */
  mostAffectedOther: ClockMachineEffect | null;
}

export interface PauseMachineEffect {
  machine: string;
  /** Largest queueLength in the BASELINE_S seconds before the pause. */
  queueBefore: number | null;
  lastEventBeforeS: number | null;
  /** Its first event after the pause, and the queue it found (queueLength, plus the message a RECEIVE took). */
  resumedAtS: number | null;
  queueAtResume: number | null;
  /** ms from the pause's end until its queue was back within queueBefore; null when it never was. */
  drainMs: number | null;
}

export interface PauseEffect {
  kind: "pause";
  machines: PauseMachineEffect[];
}

export interface CrashMachineEffect {
  machine: string;
  restart: "log" | "zero" | "never" | null;
  /** Its last event before the crash: when, its Lamport value and queue length. */
  lastEventBeforeS: number | null;
  lamportBefore: number | null;
  queueAtCrash: number | null;
  /** Deliveries routed to it in the life that ended, not received: lost with its queue (null: unknown). */
  lostWithQueue: number | null;
  /** Its first event after the restart (null: it never came back). */
  backAtS: number | null;
  lamportAfterRestart: number | null;
  /** From its last event before to its first after, ms (what its tick rate leaves out). */
  downMs: number | null;
  /** The Lamport step of its first receive after the restart: how far it had to catch up. */
  catchUpJump: number | null;
  catchUpAtS: number | null;
  catchUpFrom: string | null;
}

export interface CrashEffect {
  kind: "crash";
  machines: CrashMachineEffect[];
}

export type FaultEffect = PartitionEffect | ClockEffect | PauseEffect | CrashEffect;

/** What the launcher did for a process fault (live runs): router.jsonl's process-fault lines. */
export interface LauncherAction {
  machine: string;
  action: string;
  atS: number | null;
  detail: string | null;
}

export interface FaultAnalysis {
  id: string;
  kind: string;
  /** ms after the run's start (run.json's t0), as drawn. */
  fromMs: number;
  toMs: number;
  /** The window on the charts' axis: seconds since the run's first event. */
  startS: number;
  endS: number;
  targets: string[];
  groups: string[][] | null;
  source: string;
  /** The window in plain words ("partition {m1} | {m2, m3}, messages held until it heals"). */
  description: string;
  phases: FaultPhases;
  /** Kind-specific measures (partition, clock, pause, crash); null for the other kinds. */
  effect: FaultEffect | null;
  launcher: LauncherAction[];
}
