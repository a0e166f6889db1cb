// The numbers a fault is written with, read from YAML values and --fault words alike: durations
// (a number of seconds, or text with a unit: 500ms, 10s, 2m), probabilities (0.05 or 5%) and clock
// drift (200, +200ppm). Each reader returns the number in the unit the fault model wants, or null
// when the value is not of that form; what was expected is said by the *_EXPECTED texts. Unit
// changes shift the decimal point in the text (never multiply a float), so 1.1s is exactly 1100 ms.

export const DURATION_EXPECTED = "a duration: a number of seconds, or with a unit such as 500ms, 10s, 2m";
export const SIGNED_DURATION_EXPECTED =
  "a duration with a sign, e.g. -5000ms or +2s (a number alone is seconds)";
export const PROBABILITY_EXPECTED = "a probability from 0 to 1, as a fraction (0.05) or a percentage (5%)";
export const PPM_EXPECTED = "a drift in parts per million, e.g. +200ppm, -50ppm or 200";

const NUMBER = "([+-]?)(\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE]([+-]?\\d+))?";
const DURATION_TEXT = new RegExp(`^${NUMBER}\\s*(ms|s|m)?$`);
const PROBABILITY_TEXT = new RegExp(`^${NUMBER}\\s*(%)?$`);
const PPM_TEXT = new RegExp(`^${NUMBER}\\s*(ppm)?$`);

/** Powers of ten from the unit to milliseconds, and a whole factor after that (minutes). */
const DURATION_UNITS: Record<string, { tenToMs: number; factor: number }> = {
  ms: { tenToMs: 0, factor: 1 },
  s: { tenToMs: 3, factor: 1 },
  m: { tenToMs: 3, factor: 60 },
};

/** `sign digits e exponent` as a number with the decimal point moved `shift` places. */
function shifted(match: RegExpExecArray, shift: number): number {
  const [, sign = "", digits = "", exponent = "0"] = match;
  return Number(`${sign}${digits}e${Number(exponent) + shift}`);
}

/** A finite number, or text that is one number with an optional unit from `pattern`. */
function matchNumber(value: unknown, pattern: RegExp): RegExpExecArray | null {
  if (typeof value === "number") {
    return Number.isFinite(value) ? pattern.exec(String(value)) : null;
  }
  return typeof value === "string" ? pattern.exec(value.trim()) : null;
}

function durationMs(value: unknown, signed: boolean): number | null {
  const match = matchNumber(value, DURATION_TEXT);
  if (match === null) return null;
  // A number written without a unit is seconds.
  const unit = DURATION_UNITS[match[4] ?? "s"]!;
  const ms = shifted(match, unit.tenToMs) * unit.factor;
  if (!Number.isFinite(ms) || (!signed && (ms < 0 || match[1] === "-"))) return null;
  return ms;
}

/** A duration in seconds (never negative), or null. */
export function durationSeconds(value: unknown): number | null {
  const ms = durationMs(value, false);
  return ms === null ? null : toSeconds(ms);
}

/** A duration in milliseconds (never negative), or null. */
export function durationMilliseconds(value: unknown): number | null {
  return durationMs(value, false);
}

/** A duration in milliseconds that may be negative (a clock step back), or null. */
export function signedMilliseconds(value: unknown): number | null {
  return durationMs(value, true);
}

/** Milliseconds as seconds, by moving the decimal point of its shortest text. */
export function toSeconds(ms: number): number {
  const seconds = Number(`${ms}e-3`);
  return Number.isNaN(seconds) ? ms / 1000 : seconds;
}

/** A probability's number (not yet checked to lie in [0, 1]), or null. */
export function probabilityNumber(value: unknown): number | null {
  const match = matchNumber(value, PROBABILITY_TEXT);
  if (match === null) return null;
  const number = shifted(match, match[4] === "%" ? -2 : 0);
  return Number.isFinite(number) ? number : null;
}

/** A probability in [0, 1], or null. */
export function probability(value: unknown): number | null {
  const number = probabilityNumber(value);
  return number !== null && number >= 0 && number <= 1 ? number : null;
}

/** A drift in parts per million, or null. */
export function partsPerMillion(value: unknown): number | null {
  const match = matchNumber(value, PPM_TEXT);
  if (match === null) return null;
  const number = shifted(match, 0);
  return Number.isFinite(number) ? number : null;
}
