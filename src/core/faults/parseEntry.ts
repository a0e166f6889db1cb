// One `faults:` entry, as written (faultSpec.ts), read into spec.ts's action and timing, or every
// problem with it: an unknown key, no kind or two, a key the kind does not take, a value of the
// wrong form, a clock fault with none or two changes, a generator without `for`. Whether its
// machines exist and its window fits the run is parseEntries.ts's (it needs the run's ids and length).
import { getPath, isMapping } from "../config/keyPath.ts";
import { nearestKey } from "../config/nearestKey.ts";
import {
  CLOCK_CHANGES,
  FAULT_SPEC_KEYS,
  type FaultSpec,
  KIND_KEYS,
  KIND_NAMES,
  KIND_OPTIONS,
  type KindKey,
  TIMING_KEYS,
} from "./faultSpec.ts";
import type { Parsed } from "./parsed.ts";
import { parseLatency, parseLoss, parseSecondsDistribution, parseWave, secondsMean } from "./parseModels.ts";
import { parseLinks, parsePartition, parseTargets } from "./parseTargets.ts";
import {
  DURATION_EXPECTED,
  durationMilliseconds,
  durationSeconds,
  PPM_EXPECTED,
  PROBABILITY_EXPECTED,
  partsPerMillion,
  probability,
  SIGNED_DURATION_EXPECTED,
  signedMilliseconds,
} from "./parseUnits.ts";
import type { FaultAction, FaultTiming, Link, LinkSelection, SecondsDistribution } from "./spec.ts";

/** A problem inside one entry; `at` is the path below the entry. */
export type EntryProblem =
  | { kind: "value"; at: Array<string | number>; value: unknown; expected: string }
  | { kind: "unknownKey"; key: string; value: unknown; suggestion: string | null };

export type ResolvedSpec =
  | { ok: true; kindKey: KindKey; action: FaultAction; timing: FaultTiming }
  | { ok: false; problems: EntryProblem[] };

const KINDS_TEXT = KIND_NAMES.join(", ");

/** "a, b and c". */
function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** Reads an entry's values, collecting a problem for each that does not fit. */
class EntryReader {
  readonly problems: EntryProblem[] = [];
  constructor(readonly spec: Record<string, unknown>) {}

  /** Records a problem; returns undefined, for the value that could not be read. */
  problem(at: Array<string | number>, expected: string, value: unknown = getPath(this.spec, at)): undefined {
    this.problems.push({ kind: "value", at, value, expected });
    return undefined;
  }

  /** The value of `key` if it is one of `choices` (or absent: `fallback`), else a problem. */
  choice<T extends string | boolean>(key: string, choices: readonly T[], fallback: T): T | undefined {
    const value = this.spec[key];
    if (value === undefined) return fallback;
    if ((choices as readonly unknown[]).includes(value)) return value as T;
    return this.problem([key], `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`);
  }

  /** The value of `key` read by `parse`, or undefined (with a problem) if it does not fit. */
  read<T>(key: string, parse: (value: unknown) => Parsed<T>): T | undefined {
    const result = parse(this.spec[key]);
    if (result.ok) return result.value;
    this.problem([key, ...result.at], result.expected);
    return undefined;
  }

  number(key: string, read: (value: unknown) => number | null, expected: string): number | undefined {
    const number = read(this.spec[key]);
    if (number === null) this.problem([key], expected);
    return number ?? undefined;
  }

  has(key: string): boolean {
    return this.spec[key] !== undefined;
  }
}

/** The entry's one kind key, with problems for unknown keys, no kind or two, and keys it does not take. */
function kindOf(reader: EntryReader): KindKey | undefined {
  const keys = Object.keys(reader.spec).filter((key) => reader.spec[key] !== undefined);
  const unknown = keys.filter((key) => !(FAULT_SPEC_KEYS as readonly string[]).includes(key));
  for (const key of unknown) {
    reader.problems.push({
      kind: "unknownKey",
      key,
      value: reader.spec[key],
      suggestion: nearestKey(key, KIND_NAMES) ?? nearestKey(key, FAULT_SPEC_KEYS),
    });
  }
  const kinds = keys.filter((key): key is KindKey => Object.hasOwn(KIND_KEYS, key));
  if (kinds.length === 0) {
    // A mistyped kind is already named as an unknown key (with the nearest kind).
    if (unknown.length === 0) reader.problem([], `one kind of fault per entry: a key ${KINDS_TEXT}`);
    return undefined;
  }
  if (kinds.length > 1) {
    reader.problem([], `one kind of fault per entry; got ${kinds.join(" and ")} (write one entry for each)`);
    return undefined;
  }
  const kind = kinds[0]!;
  const takes = new Set<string>([kind, ...KIND_OPTIONS[kind], ...TIMING_KEYS]);
  for (const key of keys) {
    if (takes.has(key) || unknown.includes(key)) continue;
    const own = KIND_OPTIONS[kind];
    const others = KIND_NAMES.filter((k) => KIND_OPTIONS[k].includes(key as keyof FaultSpec));
    reader.problem(
      [key],
      `it left out: ${key} is for ${listWords(others)} faults; a ${kind} fault takes ` +
        `${own.length > 0 ? `${listWords(own)} and ` : ""}the timing keys ${listWords(TIMING_KEYS)}`,
    );
  }
  return kind;
}

function linksOf(reader: EntryReader, required: boolean): LinkSelection | undefined {
  if (!reader.has("links")) {
    if (required)
      reader.problem(["links"], "the links to slow down, e.g. links: m1>m2 (or m1<>m2 for both ways)");
    return { all: true };
  }
  const links = reader.read<Link[]>("links", parseLinks);
  if (links === undefined) return undefined;
  const loop = links.findIndex((link) => link.from === link.to);
  if (loop >= 0) {
    reader.problem(
      ["links"],
      `links between two different machines (got ${links[loop]!.from}>${links[loop]!.to})`,
    );
    return undefined;
  }
  return { links };
}

function probabilityOf(reader: EntryReader, key: string): number | undefined {
  return reader.number(key, probability, PROBABILITY_EXPECTED);
}

function partitionAction(reader: EntryReader): FaultAction | undefined {
  const shape = reader.read("partition", parsePartition);
  const oneWay = reader.choice("oneWay", [true, false], false);
  const mode = reader.choice("mode", ["drop", "hold"] as const, "drop");
  if (shape === undefined || oneWay === undefined || mode === undefined) return undefined;
  if (shape.targets !== undefined && "rule" in shape.targets && shape.targets.rule === "all") {
    reader.problem(
      ["partition"],
      "a partition that leaves machines on both sides; all puts every machine in one group",
    );
    return undefined;
  }
  if (shape.ring === true && oneWay) {
    reader.problem(["oneWay"], "it left out: a ring cuts every link but the neighbours', both ways");
    return undefined;
  }
  if (shape.groups !== undefined) {
    const seen = new Set<string>();
    for (const id of shape.groups.flat()) {
      if (seen.has(id)) {
        reader.problem(["partition"], `each machine in one group only; ${id} is in two`);
        return undefined;
      }
      seen.add(id);
    }
  }
  return { kind: "partition", ...shape, oneWay, mode };
}

function clockAction(reader: EntryReader): FaultAction | undefined {
  const targets = reader.read("clock", parseTargets);
  const changes = CLOCK_CHANGES.filter((key) => reader.has(key));
  if (changes.length !== 1) {
    const got = changes.length === 0 ? "none" : changes.join(" and ");
    reader.problem([], `a clock fault with exactly one of step, drift, strobe or periodic (got ${got})`);
    return undefined;
  }
  if (targets === undefined) return undefined;
  switch (changes[0]!) {
    case "step": {
      const stepMs = reader.number("step", signedMilliseconds, SIGNED_DURATION_EXPECTED);
      return stepMs === undefined ? undefined : { kind: "clock", targets, stepMs };
    }
    case "drift": {
      const driftPpm = reader.number("drift", partsPerMillion, PPM_EXPECTED);
      if (driftPpm !== undefined && Math.abs(driftPpm) > 1_000_000) {
        reader.problem(["drift"], "a drift from -1000000ppm to +1000000ppm");
        return undefined;
      }
      return driftPpm === undefined ? undefined : { kind: "clock", targets, driftPpm };
    }
    case "strobe": {
      const strobe = reader.read("strobe", parseWave);
      return strobe === undefined ? undefined : { kind: "clock", targets, strobe };
    }
    case "periodic": {
      const periodic = reader.read("periodic", parseWave);
      return periodic === undefined ? undefined : { kind: "clock", targets, periodic };
    }
  }
}

function actionOf(reader: EntryReader, kind: KindKey): FaultAction | undefined {
  switch (kind) {
    case "partition":
      return partitionAction(reader);
    case "latency": {
      const latency = reader.read("latency", parseLatency);
      const links = linksOf(reader, false);
      return latency && links && { kind: "latency", latency, links };
    }
    case "loss": {
      const loss = reader.read("loss", parseLoss);
      const links = linksOf(reader, false);
      return loss && links && { kind: "loss", loss, links };
    }
    case "duplicate": {
      const p = probabilityOf(reader, "duplicate");
      const links = linksOf(reader, false);
      return p !== undefined && links ? { kind: "duplicate", probability: p, links } : undefined;
    }
    case "reorder": {
      const p = probabilityOf(reader, "reorder");
      const maxDelayMs = reader.has("maxDelay")
        ? reader.number("maxDelay", durationMilliseconds, DURATION_EXPECTED)
        : reader.problem(["maxDelay"], "how far a message may be held back, e.g. maxDelay: 50ms");
      const links = linksOf(reader, false);
      return p !== undefined && maxDelayMs !== undefined && links
        ? { kind: "reorder", probability: p, maxDelayMs, links }
        : undefined;
    }
    case "slow": {
      const extraMs = reader.number("slow", durationMilliseconds, DURATION_EXPECTED);
      const links = linksOf(reader, true);
      return extraMs !== undefined && links ? { kind: "slow-link", extraMs, links } : undefined;
    }
    case "clock":
      return clockAction(reader);
    case "pause": {
      const targets = reader.read("pause", parseTargets);
      return targets && { kind: "pause", targets };
    }
    case "crash": {
      const targets = reader.read("crash", parseTargets);
      const restart = reader.choice("restart", ["log", "zero", "never"] as const, "log");
      if (restart === "never" && reader.has("for")) {
        return reader.problem(
          ["restart"],
          "log or zero with for (a machine that never restarts is down to the end: leave out for)",
        );
      }
      return targets && restart && { kind: "crash", targets, restart };
    }
  }
}

/** A generator's `every` or `for`: a distribution whose mean is above 0. */
function positiveDistribution(reader: EntryReader, key: "every" | "for"): SecondsDistribution | undefined {
  const distribution = reader.read(key, parseSecondsDistribution);
  if (distribution !== undefined && !(secondsMean(distribution) > 0)) {
    reader.problem([key], "a duration above 0");
    return undefined;
  }
  return distribution;
}

function timingOf(reader: EntryReader): FaultTiming | undefined {
  if (reader.has("every")) {
    if (reader.has("at")) reader.problem(["at"], "it left out: a generator (every) starts counting at from");
    const every = positiveDistribution(reader, "every");
    const length = reader.has("for")
      ? positiveDistribution(reader, "for")
      : reader.problem(["for"], "how long each occurrence lasts, e.g. for: 5s or for: {uniform: [2s, 5s]}");
    const startS = reader.has("from") ? reader.number("from", durationSeconds, DURATION_EXPECTED) : 0;
    const untilS = reader.has("until") ? reader.number("until", durationSeconds, DURATION_EXPECTED) : null;
    if (every === undefined || length === undefined || startS === undefined || untilS === undefined)
      return undefined;
    if (untilS !== null && untilS <= startS) {
      reader.problem(["until"], `a time after from (${startS} s)`);
      return undefined;
    }
    return { schedule: "every", every, for: length, startS, untilS };
  }
  for (const key of ["from", "until"]) {
    if (reader.has(key))
      reader.problem([key], `it left out, or every: ${key} is for generators (entries with every)`);
  }
  const atS = reader.has("at") ? reader.number("at", durationSeconds, DURATION_EXPECTED) : 0;
  let forS: number | null | undefined = null;
  if (reader.has("for")) {
    const length = reader.spec.for;
    forS = isMapping(length)
      ? reader.problem(["for"], `${DURATION_EXPECTED} (a drawn for needs every)`)
      : reader.number("for", durationSeconds, DURATION_EXPECTED);
    if (forS === 0) {
      reader.problem(["for"], "a duration above 0 (leave out for: to the end of the run)");
      forS = undefined;
    }
  }
  if (atS === undefined || forS === undefined) return undefined;
  return { schedule: "once", atS, forS };
}

/** Reads one entry; nothing about the run (its machines, its length) is checked here. */
export function resolveFaultSpec(spec: unknown): ResolvedSpec {
  if (!isMapping(spec)) {
    return {
      ok: false,
      problems: [
        { kind: "value", at: [], value: spec, expected: `a mapping with one kind key: ${KINDS_TEXT}` },
      ],
    };
  }
  const reader = new EntryReader(spec);
  const kindKey = kindOf(reader);
  const action = kindKey === undefined ? undefined : actionOf(reader, kindKey);
  const timing = timingOf(reader);
  if (reader.problems.length > 0 || kindKey === undefined || action === undefined || timing === undefined) {
    return { ok: false, problems: reader.problems };
  }
  return { ok: true, kindKey, action, timing };
}
