// The result of analysing one run directory: plain, JSON-serialisable data handed from
// src/analysis to src/report and to `clocklab analyze --json`. Metric names follow docs/analyze.md.
import type { FaultAnalysis } from "./faults/faultTypes.ts";

export type * from "./faults/faultTypes.ts";

/** Per-machine metrics; `null` where a metric is undefined (e.g. no receives). */
export interface MachineMetrics {
  events: number;
  sends: number;
  receives: number;
  internals: number;
  durationS: number;
  /** (events − 1) / durationS, leaving out the time it was down after a crash (see MachineDetails.downS). */
  ticksPerSecond: number | null;
  lamportFinal: number | null;
  /** The jump metrics are over ordinary steps: a catch-up jump after a restart is counted apart. */
  jumpMax: number | null;
  jumpMean: number | null;
  jumpP99: number | null;
  jumpsOver1: number;
  queueMax: number | null;
  queueMean: number | null;
  transitMsMean: number | null;
  transitMsMax: number | null;
  /**
   * Beyond the core metrics, over events with a hybrid logical clock (null for logs without one):
   * `hlc.wall − floor(systemTime)` in ms, how far the HLC ran ahead of the machine's own physical
   * clock because a message carried a later time (largest and mean), and the largest `hlc.logical`.
   */
  hlcAheadMsMax: number | null;
  hlcAheadMsMean: number | null;
  hlcLogicalMax: number | null;
}

/**
 * Per-run metrics. The message counts are deliveries (one per destination: a broadcast to 2
 * machines counts 2), and every delivery `sent` asked for has exactly one fate:
 * sent = delivered + queued + inFlight + sum(dropped) + sum(lost).
 */
export interface RunMetrics {
  spreadMax: number | null;
  spreadFinal: number | null;
  /** Deliveries asked for by SEND lines, failed sends included. */
  sent: number;
  /** Taken by a RECEIVE (copies made by duplication faults not counted). */
  delivered: number;
  /** In a receiver's queue at a clean end. */
  queued: number;
  /** On a link (to the router or to a machine) when the run ended. */
  inFlight: number;
  /** queued + inFlight. */
  undelivered: number;
  /** Dropped and recorded, by reason (machine-gone, slow-consumer, router-down, partition, loss, ...). */
  dropped: Record<string, number>;
  /** Lost without a drop line, by the cause the logs give (e.g. in a crashed machine's queue). */
  lost: Record<string, number>;
  /** Extra copies delivered by duplication faults (beyond the fates). */
  duplicates: number;
  causalityViolations: number;
}

export interface Metrics {
  machines: Record<string, MachineMetrics>;
  run: RunMetrics;
}

export type RunFormat = "clocklab" | "python-exercise";

/** A machine's restart after a crash: when it went down, came back, and its catch-up jump. */
export interface RestartRecord {
  /** The crash window, when a fault made it (null: a machine killed and restarted by hand). */
  fault: string | null;
  /** Its last event before the crash and its first after the restart (s since the run's first event). */
  downFromS: number | null;
  backAtS: number | null;
  downS: number;
  restartSeq: number;
  /** The Lamport step of its first receive after the restart (null: no receive followed). */
  catchUpJump: number | null;
  catchUpAtS: number | null;
  catchUpSeq: number | null;
  catchUpFrom: string | null;
}

/** Facts about a machine beyond the metrics, for observations in the report. */
export interface MachineDetails {
  id: string;
  file: string;
  firstTrueTimeS: number | null;
  lastTrueTimeS: number | null;
  lamportFirst: number | null;
  /** The largest step: when (s since run start), from which value, and what caused it. */
  jumpMaxAtS: number | null;
  jumpMaxFromLamport: number | null;
  jumpMaxCause: { type: string; from: string | null } | null;
  queueMaxAtS: number | null;
  /** queueLength of the machine's last event. */
  queueFinal: number | null;
  /** Messages still in its queue at a clean end, from `<id>.final.json` (null if absent). */
  queuedAtEnd: number | null;
  /** When the HLC ran furthest ahead of its own clock (s since run start), and the sender of the
   * message that carried it there (null: not known, or no message involved). */
  hlcAheadMaxAtS: number | null;
  hlcAheadMaxFrom: string | null;
  /** Jump sizes (steps greater than 1) and how often each happened, smallest first. */
  jumpHistogram: Array<{ size: number; count: number }>;
  /** Steps of exactly 1 (no jump). */
  stepsOf1: number;
  /** Seconds it was down between a crash and its restart, summed (left out of ticksPerSecond). */
  downS: number;
  restarts: RestartRecord[];
  /** The largest catch-up jump after a restart (null: none), apart from jumpMax. */
  catchUpJumpMax: number | null;
}

export interface SeriesPoint {
  /** Seconds since the run's first event (middle of the time bin). */
  tS: number;
  value: number;
}

/**
 * One time bin across all machines that have started: each machine counts with its value in the
 * bin, or, in a bin where it had no event, its latest earlier value.
 */
export interface BandPoint {
  /** Seconds since the run's first event (middle of the time bin). */
  tS: number;
  min: number;
  median: number;
  max: number;
}

/** A machine singled out among many, and why (e.g. "fastest", "largest jump"). */
export interface HighlightedMachine {
  id: string;
  reasons: string[];
}

/**
 * Downsampled time series for the charts: at most a few hundred bins per machine. Up to
 * MAX_MACHINE_SERIES machines, every machine has its own series; beyond that only the highlighted
 * machines do, and the bands stand for all machines.
 */
export interface RunSeries {
  binWidthS: number;
  /** Last Lamport value per machine per bin (every machine, or the highlighted ones). */
  lamport: Record<string, SeriesPoint[]>;
  /** Largest queue length per machine per bin (every machine, or the highlighted ones). */
  queue: Record<string, SeriesPoint[]>;
  /** The most extreme machines; empty when every machine has its own series. */
  highlighted: HighlightedMachine[];
  /** Min / median / max across all machines per bin; null when every machine has its own series. */
  lamportBand: BandPoint[] | null;
  queueBand: BandPoint[] | null;
  /**
   * Lamport lag: a machine's value minus the largest value across machines, at the end of each bin
   * in which any machine had an event (0 for the leader, negative behind it).
   */
  lag: Record<string, SeriesPoint[]>;
  lagBand: BandPoint[] | null;
  /** Largest hlc.wall − floor(systemTime) (ms) per machine per bin: the HLC ahead of its own clock. */
  hlcAhead: Record<string, SeriesPoint[]>;
  hlcAheadBand: BandPoint[] | null;
  /** Largest hlc.logical per machine per bin. */
  hlcLogical: Record<string, SeriesPoint[]>;
  hlcLogicalBand: BandPoint[] | null;
  /** Largest spread of the one-second samples in each bin. */
  spread: SeriesPoint[];
}

/** One event inside the space-time window. */
export interface WindowEvent {
  machine: string;
  seq: number;
  type: string;
  /** Seconds since the run's first event. */
  tS: number;
  lamport: number;
  /** L_i - L_(i-1); null for a machine's first event. */
  step: number | null;
  queueLength: number;
  messageId: string | null;
  /** For a RECEIVE: the sender. */
  from: string | null;
  /** For a SEND: the destinations, when the log names them. */
  to: string[] | null;
  payload: string | null;
}

export interface SpaceTimeWindow {
  startS: number;
  lengthS: number;
  /** The machines drawn, top to bottom: all of them in a small run, else a chosen few. */
  machines: string[];
  /** Events of those machines in the window (the first MAX_WINDOW_EVENTS of them). */
  events: WindowEvent[];
  /** True when the window held more events than are kept (the first ones are kept). */
  truncated: boolean;
  eventsInWindow: number;
  /** The fault the window opened on, when the run had faults and no window was asked for (else null). */
  openedOnFault: string | null;
}

export interface RouterSummary {
  present: boolean;
  routed: number;
  dropped: Record<string, number>;
  joined: number;
  left: Array<{ id: string; atS: number | null; reason: string }>;
}

export interface RunDescription {
  /** The parsed run.json (clocklab) or args.json (original exercise); null if absent or unreadable. */
  info: Record<string, unknown> | null;
  mode: string | null;
  seed: number | null;
  status: string | null;
  endReason: string | null;
  /** Configured speeds, ticks per second, by machine id (from run.json / args.json). */
  configuredSpeeds: Record<string, number>;
}

export interface RunAnalysis {
  runDir: string;
  format: RunFormat;
  machineIds: string[];
  metrics: Metrics;
  machines: MachineDetails[];
  run: RunDescription;
  router: RouterSummary;
  /** Earliest and latest event of the run, true time in ms (null if there are no events). */
  t0Ms: number | null;
  t1Ms: number | null;
  durationS: number;
  spreadMaxAtS: number | null;
  /** SEND lines' destinations summed (a cross-check of `sent` when router.jsonl is present). */
  sendDestinations: number;
  /** Vector checks that could not be made (sender's SEND not seen first, or the pending map was full). */
  vectorChecksSkipped: number;
  /** RECEIVE events whose vector clock was checked against the sender's SEND. */
  vectorChecksMade: number;
  series: RunSeries;
  window: SpaceTimeWindow;
  /** The run's start (run.json's t0, else the router's), ms true time; null when neither says. */
  runStartMs: number | null;
  /** Every fault window and what it did (empty for a run without faults). */
  faults: FaultAnalysis[];
  /** Files whose last line was cut off (a run killed mid-write). */
  truncatedFiles: string[];
  /**
   * Lines of clocklab logs that the fast decoder did not take and JSON.parse read instead: 0 for
   * logs clocklab wrote itself; other writers (other key order, spaces) are read all the same.
   */
  slowPathLines: number;
  warnings: string[];
}
