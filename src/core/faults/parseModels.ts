// The models a fault is written with: a distribution of seconds (a generator's `every` and `for`),
// a latency distribution, a loss model and a clock wave (strobe, periodic). A distribution is a
// duration (constant) or a one-key mapping named after it: {exponential: 20s}, {uniform: [2s, 5s]},
// {lognormal: 20ms, sigma: 0.5}, {pareto: 10ms, alpha: 1.5}; the --fault words are the same in a
// row ("exponential 20s", "uniform 2s 5s").
import { isMapping } from "../config/keyPath.ts";
import { nearestKey } from "../config/nearestKey.ts";
import { type Parsed, parsed, wrong } from "./parsed.ts";
import {
  DURATION_EXPECTED,
  durationMilliseconds,
  durationSeconds,
  PROBABILITY_EXPECTED,
  probability,
} from "./parseUnits.ts";
import type { LatencyModel, LossModel, SecondsDistribution } from "./spec.ts";

export const SECONDS_DISTRIBUTIONS = ["constant", "uniform", "exponential"] as const;
export const LATENCY_DISTRIBUTIONS = ["constant", "uniform", "exponential", "lognormal", "pareto"] as const;

export const SECONDS_DISTRIBUTION_EXPECTED =
  "a duration (10s), or {exponential: 20s} (mean), or {uniform: [2s, 5s]}";
export const LATENCY_EXPECTED =
  "a duration (20ms), or one of {exponential: 20ms}, {uniform: [5ms, 50ms]}, " +
  "{lognormal: 20ms, sigma: 0.5} (median), {pareto: 10ms, alpha: 1.5} (scale)";
export const LOSS_EXPECTED =
  "a probability (5% or 0.05), or {bursty: {toBad: 1%, toGood: 30%, lossWhenBad: 80%, lossWhenGood: 0%}}";
export const WAVE_EXPECTED = "a mapping {amplitude: 50ms, period: 200ms}";

/** The distribution's name and its mapping, for one-key mappings ({exponential: 20s}). */
function named(
  value: Record<string, unknown>,
  names: readonly string[],
  extra: Readonly<Record<string, string>>,
): Parsed<string> {
  const keys = Object.keys(value);
  const name = keys.find((key) => names.includes(key));
  if (name === undefined) {
    const unknown = keys.find((key) => !Object.values(extra).includes(key));
    const guess = unknown === undefined ? null : nearestKey(unknown, names);
    return wrong(
      `a distribution named one of ${names.join(", ")}${guess === null ? "" : ` (did you mean ${guess}?)`}`,
    );
  }
  const allowed = new Set([name, ...(extra[name] === undefined ? [] : [extra[name]])]);
  const stray = keys.find((key) => !allowed.has(key));
  if (stray !== undefined) {
    const also = extra[name] === undefined ? "" : ` and ${extra[name]}`;
    return wrong(`only the key ${name}${also}`, [stray]);
  }
  return parsed(name);
}

/** [min, max] as two durations, in the unit `read` gives. */
function range(value: unknown, read: (v: unknown) => number | null): Parsed<[number, number]> {
  if (!Array.isArray(value) || value.length !== 2) return wrong("two durations [min, max]");
  const min = read(value[0]);
  const max = read(value[1]);
  if (min === null) return wrong(DURATION_EXPECTED, [0]);
  if (max === null) return wrong(DURATION_EXPECTED, [1]);
  return min <= max ? parsed([min, max]) : wrong(`min at most max (got ${value[0]} above ${value[1]})`);
}

function positiveNumber(value: unknown, name: string, at: string): Parsed<number> {
  return typeof value === "number" && Number.isFinite(value) && value > 0
    ? parsed(value)
    : wrong(`${name}: a number above 0`, [at]);
}

/** A generator's `every` or `for`, in seconds. */
export function parseSecondsDistribution(value: unknown): Parsed<SecondsDistribution> {
  if (!isMapping(value)) {
    const seconds = durationSeconds(value);
    return seconds === null
      ? wrong(SECONDS_DISTRIBUTION_EXPECTED)
      : parsed({ distribution: "constant", seconds });
  }
  const name = named(value, SECONDS_DISTRIBUTIONS, {});
  if (!name.ok) return name;
  const inner = value[name.value];
  if (name.value === "uniform") {
    const bounds = range(inner, durationSeconds);
    return bounds.ok
      ? parsed({ distribution: "uniform", minS: bounds.value[0], maxS: bounds.value[1] })
      : wrong(bounds.expected, ["uniform", ...bounds.at]);
  }
  const seconds = durationSeconds(inner);
  if (seconds === null) return wrong(DURATION_EXPECTED, [name.value]);
  return name.value === "constant"
    ? parsed({ distribution: "constant", seconds })
    : parsed({ distribution: "exponential", meanS: seconds });
}

/** The smallest and largest value a distribution of seconds can draw. */
export function secondsBounds(distribution: SecondsDistribution): { minS: number; maxS: number } {
  switch (distribution.distribution) {
    case "constant":
      return { minS: distribution.seconds, maxS: distribution.seconds };
    case "uniform":
      return { minS: distribution.minS, maxS: distribution.maxS };
    case "exponential":
      return { minS: 0, maxS: Number.POSITIVE_INFINITY };
  }
}

/** The mean of a distribution of seconds. */
export function secondsMean(distribution: SecondsDistribution): number {
  switch (distribution.distribution) {
    case "constant":
      return distribution.seconds;
    case "uniform":
      return (distribution.minS + distribution.maxS) / 2;
    case "exponential":
      return distribution.meanS;
  }
}

/** A latency distribution, in milliseconds. */
export function parseLatency(value: unknown): Parsed<LatencyModel> {
  if (!isMapping(value)) {
    const ms = durationMilliseconds(value);
    return ms === null ? wrong(LATENCY_EXPECTED) : parsed({ distribution: "constant", meanMs: ms });
  }
  const name = named(value, LATENCY_DISTRIBUTIONS, { lognormal: "sigma", pareto: "alpha" });
  if (!name.ok) return name;
  const inner = value[name.value];
  if (name.value === "uniform") {
    const bounds = range(inner, durationMilliseconds);
    return bounds.ok
      ? parsed({ distribution: "uniform", minMs: bounds.value[0], maxMs: bounds.value[1] })
      : wrong(bounds.expected, ["uniform", ...bounds.at]);
  }
  const ms = durationMilliseconds(inner);
  if (ms === null) return wrong(DURATION_EXPECTED, [name.value]);
  switch (name.value) {
    case "lognormal": {
      const sigma = positiveNumber(value.sigma, "sigma (the spread of the log of the delay)", "sigma");
      return sigma.ok ? parsed({ distribution: "lognormal", medianMs: ms, sigma: sigma.value }) : sigma;
    }
    case "pareto": {
      const alpha = positiveNumber(value.alpha, "alpha (the shape: smaller means a longer tail)", "alpha");
      return alpha.ok ? parsed({ distribution: "pareto", scaleMs: ms, alpha: alpha.value }) : alpha;
    }
    case "exponential":
      return parsed({ distribution: "exponential", meanMs: ms });
    default:
      return parsed({ distribution: "constant", meanMs: ms });
  }
}

const BURSTY_KEYS = ["toBad", "toGood", "lossWhenBad", "lossWhenGood"] as const;

/** A probability in [0, 1] at `at`. */
function probabilityAt(value: unknown, at: Array<string | number>): Parsed<number> {
  const p = probability(value);
  return p === null ? wrong(PROBABILITY_EXPECTED, at) : parsed(p);
}

/** Bernoulli loss (a probability) or bursty loss (Gilbert-Elliott). */
export function parseLoss(value: unknown): Parsed<LossModel> {
  if (!isMapping(value)) {
    const p = probabilityAt(value, []);
    return p.ok ? parsed({ model: "bernoulli", probability: p.value }) : wrong(p.expected);
  }
  const stray = Object.keys(value).find((key) => key !== "bursty");
  if (stray !== undefined || !isMapping(value.bursty))
    return wrong(LOSS_EXPECTED, stray === undefined ? [] : [stray]);
  const bursty = value.bursty;
  const unknown = Object.keys(bursty).find((key) => !(BURSTY_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    const guess = nearestKey(unknown, BURSTY_KEYS);
    return wrong(
      `one of the keys ${BURSTY_KEYS.join(", ")}${guess === null ? "" : ` (did you mean ${guess}?)`}`,
      ["bursty", unknown],
    );
  }
  // lossWhenGood may be left out (0); the others are required.
  const rates: Record<string, number> = {};
  for (const key of BURSTY_KEYS) {
    if (key === "lossWhenGood" && bursty[key] === undefined) {
      rates[key] = 0;
      continue;
    }
    const rate = probabilityAt(bursty[key], ["bursty", key]);
    if (!rate.ok) return rate;
    rates[key] = rate.value;
  }
  const { toBad = 0, toGood = 0, lossWhenBad = 0, lossWhenGood = 0 } = rates;
  return parsed({ model: "bursty", toBad, toGood, lossWhenBad, lossWhenGood });
}

/** A clock wave (strobe or periodic error): its amplitude and period, in ms. */
export function parseWave(value: unknown): Parsed<{ amplitudeMs: number; periodMs: number }> {
  if (!isMapping(value)) return wrong(WAVE_EXPECTED);
  const stray = Object.keys(value).find((key) => key !== "amplitude" && key !== "period");
  if (stray !== undefined) return wrong("only the keys amplitude and period", [stray]);
  const amplitudeMs = durationMilliseconds(value.amplitude);
  if (amplitudeMs === null) return wrong(`amplitude: ${DURATION_EXPECTED}`, ["amplitude"]);
  const periodMs = durationMilliseconds(value.period);
  if (periodMs === null || periodMs === 0) return wrong(`period: ${DURATION_EXPECTED}, above 0`, ["period"]);
  return parsed({ amplitudeMs, periodMs });
}
