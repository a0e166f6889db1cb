// Faults as the engine takes them: the entries of a run's `faults:` list (config file, experiment
// file, or `--fault` shorthand), read from what the user wrote (faultSpec.ts) by parseEntries.ts,
// which also refuses what cannot run. An entry is either scheduled (`at`, `for`) or a generator
// (`every` and `for` drawn from distributions), with targets given as ids or as a rule (`one`,
// `majority`, `ring`, ...). Times are seconds from the run's start; `for` omitted means "to the end".
// The run's seed turns these into a concrete schedule (schedule.ts); nothing here is random.
// Checked by parseEntries.ts, so the engine may rely on: every id is one of the run's machines,
// every window starts before the run's end and a scheduled one ends by it, probabilities lie in
// [0, 1], no two partitions can be in force at once, and a partition leaves machines on both sides.
import type { MachineId } from "../types.ts";

/** Seconds, or a distribution of seconds for a generator. */
export type SecondsDistribution =
  | { distribution: "constant"; seconds: number }
  | { distribution: "uniform"; minS: number; maxS: number }
  | { distribution: "exponential"; meanS: number };

/** Which machines a fault hits: ids, or a rule drawn from the seed at each occurrence. */
export type TargetRule =
  | { ids: MachineId[] }
  /** One machine. */
  | { rule: "one" }
  /** A strict majority of the machines (and so the minority is the rest). */
  | { rule: "majority" }
  /** A third of the machines, rounded down (at least one). */
  | { rule: "minority-third" }
  /** Every machine. */
  | { rule: "all" };

/** One direction between two different machines. */
export interface Link {
  from: MachineId;
  to: MachineId;
}

/** Directed links a network fault applies to; omitted: every link. */
export type LinkSelection = { all: true } | { links: Link[] };

export type LatencyModel =
  | { distribution: "constant"; meanMs: number }
  | { distribution: "uniform"; minMs: number; maxMs: number }
  | { distribution: "exponential"; meanMs: number }
  /** exp(N(mu, sigma)) ms, given by its median (e^mu) and sigma. */
  | { distribution: "lognormal"; medianMs: number; sigma: number }
  /** Pareto with scale (the smallest delay) and shape alpha. */
  | { distribution: "pareto"; scaleMs: number; alpha: number };

export type LossModel =
  | { model: "bernoulli"; probability: number }
  /** Gilbert-Elliott: a link is good or bad; it turns bad and good again with these probabilities per message. */
  | { model: "bursty"; toBad: number; toGood: number; lossWhenBad: number; lossWhenGood: number };

export type FaultAction =
  /**
   * Machines split into groups that cannot reach each other (a ring: each machine reaches only
   * its neighbours). `oneWay`: only messages from the first group to the others are cut.
   * `mode`: drop them, or hold them until the partition heals.
   * Exactly one of `groups` (as given; machines named in none form one more group), `targets`
   * (the drawn machines against the rest) and `ring: true`.
   */
  | {
      kind: "partition";
      groups?: MachineId[][];
      targets?: TargetRule;
      ring?: boolean;
      oneWay?: boolean;
      mode: "drop" | "hold";
    }
  | { kind: "latency"; latency: LatencyModel; links?: LinkSelection }
  | { kind: "loss"; loss: LossModel; links?: LinkSelection }
  | { kind: "duplicate"; probability: number; links?: LinkSelection }
  /** Gives up per-link FIFO: a message may overtake earlier ones by up to `maxDelayMs`. */
  | { kind: "reorder"; probability: number; maxDelayMs: number; links?: LinkSelection }
  | { kind: "slow-link"; extraMs: number; links: LinkSelection }
  | {
      kind: "clock";
      targets: TargetRule;
      // Exactly one of the four below.
      /** The clock jumps by this at the start (negative: back); at the window's end, if it has one, back again. */
      stepMs?: number;
      /** Added to the machine's drift while the window lasts (the error it builds up stays after). */
      driftPpm?: number;
      /** The clock reads `amplitudeMs` ahead, then as far behind, flipping every `periodMs`. */
      strobe?: { amplitudeMs: number; periodMs: number };
      /** A smooth error: amplitudeMs * sin(2 pi t / periodMs) from the window's start. */
      periodic?: { amplitudeMs: number; periodMs: number };
    }
  /** The machine stops ticking; its queue keeps filling. */
  | { kind: "pause"; targets: TargetRule }
  /** The machine is killed; after `for` it restarts, its clocks resumed from its log or from zero. */
  | { kind: "crash"; targets: TargetRule; restart: "log" | "zero" | "never" };

export type FaultKind = FaultAction["kind"];

export type FaultTiming =
  | { schedule: "once"; atS: number; forS: number | null }
  | {
      schedule: "every";
      /** The wait before each occurrence, counted from the end of the previous one (or from startS). */
      every: SecondsDistribution;
      for: SecondsDistribution;
      /** The first occurrence is drawn from `every` after this (default 0). */
      startS: number;
      /** No occurrence starts after this (default: the end of the run). */
      untilS: number | null;
    };

export interface FaultEntry {
  action: FaultAction;
  timing: FaultTiming;
  /** Where the entry came from, for messages: "faults[2] (in exp.yaml)" or "--fault 'loss 5%'". */
  source: string;
}
