// A fault as users write it: one entry of a `faults:` list in a config or experiment file, and what
// a --fault shorthand becomes. Plain JSON-safe data (numbers, strings, lists, mappings), so the
// resolved config can be handed to child processes as JSON and recorded in run.json unchanged.
// parseEntry.ts reads it into spec.ts's FaultEntry; docs/faults.md ("Writing faults") shows it.
//
// An entry has exactly one kind key, whose value is what the fault hits or how hard:
//   partition: [[m1], [m2, m3]]     latency: 20ms          clock: m2      (with step/drift/strobe/periodic)
//   loss: 5%                        duplicate: 1%          pause: m3
//   reorder: 10%  (with maxDelay)   slow: 200ms (links)    crash: one     (with restart)
// then the kind's own keys, then when: `at`/`for` (once) or `every`/`for`/`from`/`until` (a generator).

/** Seconds (10, 2.5) or text with a unit ("500ms", "10s", "2m"; a clock step may be "-5000ms"). */
export type DurationValue = number | string;
/** A fraction (0.05) or a percentage ("5%"). */
export type ProbabilityValue = number | string;
/** A duration, or a distribution named by its key. */
export type DistributionValue =
  | DurationValue
  | { constant: DurationValue }
  | { uniform: [DurationValue, DurationValue] }
  | { exponential: DurationValue };
export type LatencyValue =
  | DistributionValue
  | { lognormal: DurationValue; sigma: number }
  | { pareto: DurationValue; alpha: number };
export type LossValue =
  | ProbabilityValue
  | {
      bursty: {
        toBad: ProbabilityValue;
        toGood: ProbabilityValue;
        lossWhenBad: ProbabilityValue;
        lossWhenGood?: ProbabilityValue;
      };
    };
/** "m2", "m1,m2", [m1, m2], or a rule: one, majority, minority-third, all. */
export type MachinesValue = string | string[];
/** Groups ("m1 | m2,m3", [[m1], [m2, m3]]), one group ([m1]: the rest form the other), a rule, or ring. */
export type PartitionValue = string | string[] | string[][];
/** "m1>m2", "m1<>m2" (both ways), "m1>m2,m2>m3", or a list of them. */
export type LinksValue = string | string[];
export interface WaveValue {
  amplitude: DurationValue;
  period: DurationValue;
}

export interface FaultSpec {
  partition?: PartitionValue;
  latency?: LatencyValue;
  loss?: LossValue;
  duplicate?: ProbabilityValue;
  reorder?: ProbabilityValue;
  slow?: DurationValue;
  clock?: MachinesValue;
  pause?: MachinesValue;
  crash?: MachinesValue;

  /** partition: drop the messages it cuts (default) or hold them until it heals. */
  mode?: "drop" | "hold";
  /** partition: cut only the messages from the first group to the others. */
  oneWay?: boolean;
  /** latency, loss, duplicate, reorder, slow: the links it applies to (default every link; slow needs them). */
  links?: LinksValue;
  /** reorder: how far a reordered message may be held back. */
  maxDelay?: DurationValue;
  /** clock: exactly one of these. */
  step?: DurationValue;
  drift?: number | string;
  strobe?: WaveValue;
  periodic?: WaveValue;
  /** crash: how it comes back after `for` (default log). */
  restart?: "log" | "zero" | "never";

  /** Once: when it starts (default 0). */
  at?: DurationValue;
  /** A generator: the wait before each occurrence (after the previous one ends), drawn from the seed. */
  every?: DistributionValue;
  /** How long it lasts: once, a duration (default: to the end); a generator, a distribution (required). */
  for?: DistributionValue;
  /** A generator: counting starts here (default 0); no occurrence starts after `until`. */
  from?: DurationValue;
  until?: DurationValue;
}

/** The kind keys, in the order the docs list them, and spec.ts's kind for each. */
export const KIND_KEYS = {
  partition: "partition",
  latency: "latency",
  loss: "loss",
  duplicate: "duplicate",
  reorder: "reorder",
  slow: "slow-link",
  clock: "clock",
  pause: "pause",
  crash: "crash",
} as const;
export type KindKey = keyof typeof KIND_KEYS;
export const KIND_NAMES = Object.keys(KIND_KEYS) as KindKey[];

/** The keys each kind takes besides its kind key and the timing keys. */
export const KIND_OPTIONS: Readonly<Record<KindKey, readonly (keyof FaultSpec)[]>> = {
  partition: ["mode", "oneWay"],
  latency: ["links"],
  loss: ["links"],
  duplicate: ["links"],
  reorder: ["maxDelay", "links"],
  slow: ["links"],
  clock: ["step", "drift", "strobe", "periodic"],
  pause: [],
  crash: ["restart"],
};

export const TIMING_KEYS = ["at", "every", "for", "from", "until"] as const;

/** Every key an entry may have, kinds first (for "unknown key; expected one of ..."). */
export const FAULT_SPEC_KEYS: readonly (keyof FaultSpec)[] = [
  ...KIND_NAMES,
  ...new Set(Object.values(KIND_OPTIONS).flat()),
  ...TIMING_KEYS,
];

export const CLOCK_CHANGES = ["step", "drift", "strobe", "periodic"] as const;
