// The --fault shorthand: one fault in a line of words, read into the same entry a `faults:` list
// holds (faultSpec.ts), so the command line and config files mean the same. The grammar (a table
// in docs/faults.md):
//
//   partition GROUPS [hold|drop] [one-way]     GROUPS: m1 | m2,m3   m1,m2   one   majority   minority-third   ring
//   latency DIST [LINKS]                      DIST: 20ms   exponential 20ms   uniform 5ms 50ms
//   loss P [LINKS]   loss bursty P P P [P]          lognormal 20ms 0.5   pareto 10ms 1.5
//   duplicate P [LINKS]   reorder P MAXDELAY [LINKS]   slow LINKS EXTRA
//   clock WHO (step ±D | drift ±Nppm | strobe D every D | periodic D every D)
//   pause WHO   crash WHO [restart log|zero|never]
//   ...then, in any order: at D, for D, every D, from D, until D (every and a generator's for may
//   be drawn: exponential 20s, uniform 2s 5s)
//
// Pure: a word that does not fit is named with what was expected there, in a message that starts
// with the --fault text itself. Whether the machines exist and the window fits the run is checked
// later, with the config (parseEntries.ts).
import { nearestKey } from "../config/nearestKey.ts";
import { type FaultSpec, KIND_NAMES, type KindKey } from "./faultSpec.ts";
import { LATENCY_DISTRIBUTIONS, SECONDS_DISTRIBUTIONS } from "./parseModels.ts";
import {
  LINKS_EXPECTED,
  PARTITION_EXPECTED,
  parseLinks,
  parsePartition,
  parseTargets,
  TARGETS_EXPECTED,
} from "./parseTargets.ts";
import {
  DURATION_EXPECTED,
  durationSeconds,
  PPM_EXPECTED,
  PROBABILITY_EXPECTED,
  partsPerMillion,
  probability,
  SIGNED_DURATION_EXPECTED,
  signedMilliseconds,
} from "./parseUnits.ts";

export type ShorthandResult =
  | { ok: true; spec: FaultSpec }
  | {
      ok: false;
      /** The whole message: "--fault 'loss 5x': "5x" after loss: expected a probability ...". */
      message: string;
      /** The word that was wrong (null: one was missing). */
      word: string | null;
      expected: string;
    };

/** How the command line names a --fault, for messages and as the origin of its entry. */
export const faultFlagText = (text: string): string => `--fault '${text}'`;

const TIMING_WORDS = ["at", "every", "for", "from", "until"] as const;
const PARTITION_WORDS = ["hold", "drop", "one-way"] as const;
const RESTART_WORDS = ["log", "zero", "never"] as const;
const NETWORK_KINDS: readonly KindKey[] = ["latency", "loss", "duplicate", "reorder", "slow"];

class ShorthandError extends Error {
  constructor(
    readonly word: string | null,
    readonly expected: string,
    readonly after: string | null,
  ) {
    super(expected);
  }
}

/** A plain number where the word is one ("10" -> 10), so the entry reads as if written in YAML. */
function asWritten(word: string): number | string {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(word) ? Number(word) : word;
}

/** Splits the text into words: "m1|m2, m3" -> ["m1", "|", "m2,m3"]; "m1 > m2" -> ["m1>m2"]. */
function words(text: string): string[] {
  return text
    .replace(/\|/g, " | ")
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*(<>|>)\s*/g, "$1")
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "");
}

class WordReader {
  #index = 0;
  constructor(readonly words: readonly string[]) {}

  get done(): boolean {
    return this.#index >= this.words.length;
  }

  peek(): string | undefined {
    return this.words[this.#index];
  }

  next(): string | undefined {
    return this.words[this.#index++];
  }

  /** The next word, which must satisfy `accept`; `after` says what it follows, for the message. */
  take<T>(after: string, expected: string, accept: (word: string) => T | null): T {
    const word = this.next();
    if (word === undefined) throw new ShorthandError(null, expected, after);
    const value = accept(word);
    if (value === null) throw new ShorthandError(word, expected, after);
    return value;
  }
}

const durationWord = (word: string) => (durationSeconds(word) === null ? null : asWritten(word));
const probabilityWord = (word: string) => (probability(word) === null ? null : asWritten(word));
const positiveNumberWord = (word: string) => {
  const number = Number(word);
  return /^[+-]?[\d.]/.test(word) && Number.isFinite(number) && number > 0 ? number : null;
};

/** A distribution of seconds or milliseconds: "20s", "exponential 20s", "uniform 2s 5s", ... */
function readDistribution(reader: WordReader, after: string, names: readonly string[]): unknown {
  const expected = `a duration, or ${names.map((name) => distributionExample(name)).join(", ")}`;
  const first = reader.peek();
  if (first !== undefined && names.includes(first)) {
    reader.next();
    const d = (what: string) =>
      reader.take(`${after} ${first}`, `${what}: ${DURATION_EXPECTED}`, durationWord);
    switch (first) {
      case "uniform":
        return { uniform: [d("the smallest"), d("the largest")] };
      case "lognormal":
        return {
          lognormal: d("the median"),
          sigma: reader.take(`${after} lognormal`, "sigma, a number above 0 (e.g. 0.5)", positiveNumberWord),
        };
      case "pareto":
        return {
          pareto: d("the scale (the smallest delay)"),
          alpha: reader.take(`${after} pareto`, "alpha, a number above 0 (e.g. 1.5)", positiveNumberWord),
        };
      default:
        return { [first]: d(first === "exponential" ? "the mean" : "the value") };
    }
  }
  return reader.take(after, expected, durationWord);
}

function distributionExample(name: string): string {
  const examples: Record<string, string> = {
    constant: "constant 20ms",
    uniform: "uniform 2s 5s",
    exponential: "exponential 20s",
    lognormal: "lognormal 20ms 0.5",
    pareto: "pareto 10ms 1.5",
  };
  return examples[name] ?? name;
}

/** The words of a partition's groups, up to the first word that is not part of them. */
function readGroups(reader: WordReader): string {
  const parts: string[] = [];
  while (!reader.done) {
    const word = reader.peek()!;
    if (
      (TIMING_WORDS as readonly string[]).includes(word) ||
      (PARTITION_WORDS as readonly string[]).includes(word)
    )
      break;
    parts.push(word);
    reader.next();
  }
  if (parts.length === 0) throw new ShorthandError(reader.peek() ?? null, PARTITION_EXPECTED, "partition");
  const text = parts.join(" ");
  if (!parsePartition(text).ok) throw new ShorthandError(text, PARTITION_EXPECTED, "partition");
  return text;
}

/** "m1,m2" as the list [m1, m2], as one would write it in YAML; one word stays a word. */
const listOrWord = (word: string): string | string[] => (word.includes(",") ? word.split(",") : word);

const targetsWord = (word: string) => (parseTargets(word).ok ? word : null);
const linksWord = (word: string) => (parseLinks(word).ok ? word : null);

function readClockChange(reader: WordReader, spec: FaultSpec, targets: string): void {
  const change = reader.take(`clock ${targets}`, "step, drift, strobe or periodic", (word) =>
    ["step", "drift", "strobe", "periodic"].includes(word) ? word : null,
  );
  switch (change) {
    case "step":
      spec.step = reader.take("step", SIGNED_DURATION_EXPECTED, (w) =>
        signedMilliseconds(w) === null ? null : asWritten(w),
      );
      return;
    case "drift":
      spec.drift = reader.take("drift", PPM_EXPECTED, (w) =>
        partsPerMillion(w) === null ? null : asWritten(w),
      );
      return;
    default: {
      const amplitude = reader.take(change, `the amplitude: ${DURATION_EXPECTED}`, durationWord);
      reader.take(`${change} ${amplitude}`, `every, then the period (${change} 50ms every 200ms)`, (w) =>
        w === "every" ? w : null,
      );
      const period = reader.take(
        `${change} ${amplitude} every`,
        `the period: ${DURATION_EXPECTED}`,
        durationWord,
      );
      spec[change as "strobe" | "periodic"] = { amplitude, period };
    }
  }
}

/** The kind's own words, right after the kind. */
function readKind(kind: KindKey, reader: WordReader): FaultSpec {
  const spec: FaultSpec = {};
  const p = (after: string) => reader.take(after, PROBABILITY_EXPECTED, probabilityWord);
  switch (kind) {
    case "partition":
      spec.partition = asPartition(readGroups(reader));
      break;
    case "latency":
      spec.latency = readDistribution(reader, "latency", LATENCY_DISTRIBUTIONS) as FaultSpec["latency"];
      break;
    case "loss":
      if (reader.peek() === "bursty") {
        reader.next();
        const toBad = p("loss bursty (the chance a good link turns bad)");
        const toGood = p("loss bursty (the chance a bad link turns good)");
        const lossWhenBad = p("loss bursty (the loss on a bad link)");
        const next = reader.peek();
        const bursty: Record<string, number | string> = { toBad, toGood, lossWhenBad };
        if (next !== undefined && probability(next) !== null) bursty.lossWhenGood = asWritten(reader.next()!);
        spec.loss = { bursty } as FaultSpec["loss"];
      } else {
        spec.loss = p("loss");
      }
      break;
    case "duplicate":
      spec.duplicate = p("duplicate");
      break;
    case "reorder":
      spec.reorder = p("reorder");
      spec.maxDelay = reader.take("reorder (the longest hold-back)", DURATION_EXPECTED, durationWord);
      break;
    case "slow": {
      const links = reader.take("slow", LINKS_EXPECTED, linksWord);
      spec.slow = reader.take(`slow ${links}`, `the extra delay: ${DURATION_EXPECTED}`, durationWord);
      spec.links = listOrWord(links);
      break;
    }
    case "clock": {
      const targets = reader.take("clock", TARGETS_EXPECTED, targetsWord);
      spec.clock = listOrWord(targets);
      readClockChange(reader, spec, targets);
      break;
    }
    case "pause":
    case "crash":
      spec[kind] = listOrWord(reader.take(kind, TARGETS_EXPECTED, targetsWord));
      break;
  }
  return spec;
}

/** Partition words as the entry writes them: a rule or ring as a word, groups as lists. */
function asPartition(text: string): FaultSpec["partition"] {
  const shape = parsePartition(text);
  if (shape.ok && shape.value.groups !== undefined) return shape.value.groups;
  return text;
}

/** The words after the kind's own: timing, links, and the kind's options, in any order. */
function readOptions(kind: KindKey, reader: WordReader, spec: FaultSpec): void {
  const seen = new Set<string>();
  const once = (word: string) => {
    if (seen.has(word)) throw new ShorthandError(word, `${word} only once (it is given twice)`, null);
    seen.add(word);
  };
  while (!reader.done) {
    const word = reader.next()!;
    if (word === "at" || word === "from" || word === "until") {
      once(word);
      spec[word] = reader.take(word, DURATION_EXPECTED, durationWord);
    } else if (word === "every" || word === "for") {
      once(word);
      spec[word] = readDistribution(reader, word, SECONDS_DISTRIBUTIONS) as FaultSpec["for"];
    } else if (kind === "partition" && (word === "hold" || word === "drop")) {
      once("hold or drop");
      spec.mode = word;
    } else if (kind === "partition" && word === "one-way") {
      once(word);
      spec.oneWay = true;
    } else if (kind === "crash" && word === "restart") {
      once(word);
      spec.restart = reader.take("restart", "log, zero or never", (w) =>
        (RESTART_WORDS as readonly string[]).includes(w) ? (w as FaultSpec["restart"]) : null,
      );
    } else if (NETWORK_KINDS.includes(kind) && kind !== "slow" && word.includes(">")) {
      once("links");
      if (!parseLinks(word).ok) throw new ShorthandError(word, LINKS_EXPECTED, null);
      spec.links = listOrWord(word);
    } else {
      throw new ShorthandError(word, optionsExpected(kind), null);
    }
  }
}

function optionsExpected(kind: KindKey): string {
  const own =
    kind === "partition"
      ? ["hold", "drop", "one-way"]
      : kind === "crash"
        ? ["restart log|zero|never"]
        : NETWORK_KINDS.includes(kind) && kind !== "slow"
          ? ["links such as m1>m2"]
          : [];
  return `one of ${[...own, ...TIMING_WORDS.map((w) => `${w} <time>`)].join(", ")}`;
}

function failure(text: string, error: ShorthandError): ShorthandResult {
  const where =
    error.word === null
      ? `missing a word${error.after === null ? "" : ` after ${error.after}`}`
      : `"${error.word}"${error.after === null ? "" : ` after ${error.after}`}`;
  return {
    ok: false,
    message: `${faultFlagText(text)}: ${where}: expected ${error.expected}`,
    word: error.word,
    expected: error.expected,
  };
}

/** One --fault text read into a `faults:` entry, or a message naming the word that was wrong. */
export function parseFaultShorthand(text: string): ShorthandResult {
  const reader = new WordReader(words(text));
  try {
    const kindWord = reader.next();
    if (kindWord === undefined) {
      throw new ShorthandError(null, `a fault, e.g. 'loss 5%' or 'pause m3 at 30s for 5s'`, null);
    }
    const kind = KIND_NAMES.find((name) => name === kindWord.toLowerCase());
    if (kind === undefined) {
      const guess = nearestKey(kindWord, KIND_NAMES);
      throw new ShorthandError(
        kindWord,
        `a kind of fault: one of ${KIND_NAMES.join(", ")}${guess === null ? "" : `; did you mean ${guess}?`}`,
        null,
      );
    }
    const spec = readKind(kind, reader);
    readOptions(kind, reader, spec);
    return { ok: true, spec };
  } catch (error) {
    if (error instanceof ShorthandError) return failure(text, error);
    throw error;
  }
}
