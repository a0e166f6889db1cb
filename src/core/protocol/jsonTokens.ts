// The JSON values a frame scanner reads straight from a frame's bytes, each only in the one form
// JSON.stringify writes it (no whitespace, no escapes, plain ASCII): anything else is left to the
// general path (JSON.parse and the validator), so these functions never need to be as lenient as
// JSON. Each reads `bytes` (one frame's body: reading past its end gives undefined, which matches
// nothing) from `pos` and returns the position just past the value, or NOT_HERE when the bytes are
// not in that form. A value they accept is valid JSON and denotes exactly the value JSON.parse gives.

/** The bytes are not in the form the scanner reads: leave the frame to the general path. */
export const NOT_HERE = -1;

export const QUOTE = 0x22;
export const COLON = 0x3a;
export const COMMA = 0x2c;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
/** Digits a whole number may have here: up to 15, always a safe integer. */
const MAX_WHOLE_DIGITS = 15;
/** JSON.stringify never writes more significant digits than 17. */
const MAX_SIGNIFICANT_DIGITS = 17;
/** From 1e21 on JSON.stringify writes an exponent ("1e+21"): at most 21 digits before the point. */
const MAX_WHOLE_PART_DIGITS = 21;
/** Below 1e-6 JSON.stringify writes an exponent ("1e-7"): 0. and at most 5 zeros before a digit. */
const MAX_LEADING_FRACTION_ZEROS = 5;

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= ZERO && code <= NINE;
}

/**
 * A string of printable ASCII other than the quote and the backslash, between quotes, starting at
 * `pos` (its opening quote). Its characters are its bytes, and JSON.stringify writes it as it is.
 */
export function scanPlainString(bytes: Uint8Array, pos: number): number {
  if (bytes[pos] !== QUOTE) return NOT_HERE;
  const end = bytes.length;
  for (let i = pos + 1; i < end; i++) {
    const code = bytes[i]!;
    if (code === QUOTE) return i + 1;
    if (code < 0x20 || code > 0x7e || code === BACKSLASH) return NOT_HERE;
  }
  return NOT_HERE;
}

/** The value of the whole number the last successful `scanWhole` read. */
export const scanned = { whole: 0 };

/**
 * A whole number 0 <= n < 10^15 in its shortest form ("0", "17", never "017", "1.0" or "1e3"); its
 * value goes to `scanned.whole`.
 */
export function scanWhole(bytes: Uint8Array, pos: number): number {
  let code = bytes[pos];
  if (code === undefined || !isDigit(code)) return NOT_HERE;
  let value = code - ZERO;
  let i = pos + 1;
  if (value !== 0) {
    for (; ; i++) {
      code = bytes[i];
      if (code === undefined || !isDigit(code)) break;
      value = value * 10 + (code - ZERO);
    }
    if (i - pos > MAX_WHOLE_DIGITS) return NOT_HERE;
  }
  code = bytes[i];
  // "01", "1.5", "1e3": not a whole number in its shortest form (or not JSON at all).
  if (isDigit(code) || code === DOT || code === 0x65 || code === 0x45) return NOT_HERE;
  scanned.whole = value;
  return i;
}

/**
 * A finite number as JSON.stringify writes numbers of its range: an optional minus, a whole part
 * of at most 21 digits without leading zeros, an optional fraction that does not end in 0, no
 * exponent, at most 17 significant digits, and not negative zero. JSON.stringify writes every finite double from 1e-6
 * to 1e21 in this form. With 15 significant digits or fewer it is the one text JSON.stringify
 * writes for its value; with 16 or 17 it may be a longer spelling of that value, which JSON.parse
 * reads as the same double.
 */
export function scanNumber(bytes: Uint8Array, pos: number): number {
  const end = bytes.length;
  let i = pos;
  const negative = bytes[i] === MINUS;
  if (negative) i++;
  let code = bytes[i];
  let wholeDigits = 0;
  let trailingZeros = 0;
  let zeroWhole = false;
  if (code === ZERO) {
    zeroWhole = true;
    i++;
  } else if (isDigit(code)) {
    for (; i < end; i++) {
      code = bytes[i];
      if (!isDigit(code)) break;
      wholeDigits++;
      trailingZeros = code === ZERO ? trailingZeros + 1 : 0;
    }
  } else {
    return NOT_HERE;
  }
  if (wholeDigits > MAX_WHOLE_PART_DIGITS) return NOT_HERE;
  let significant = wholeDigits - trailingZeros;
  code = bytes[i];
  if (code === DOT) {
    i++;
    const fractionStart = i;
    let leadingZeros = 0;
    let seenNonZero = !zeroWhole;
    // Zeros at the end of the whole part count once a fraction follows them.
    significant = wholeDigits;
    for (; i < end; i++) {
      code = bytes[i];
      if (!isDigit(code)) break;
      if (seenNonZero) significant++;
      else if (code === ZERO) leadingZeros++;
      else {
        seenNonZero = true;
        significant++;
      }
    }
    if (i === fractionStart || bytes[i - 1] === ZERO) return NOT_HERE;
    if (zeroWhole && leadingZeros > MAX_LEADING_FRACTION_ZEROS) return NOT_HERE;
  } else if (zeroWhole) {
    if (negative) return NOT_HERE;
    // "0": but not "01" (not JSON).
    if (isDigit(code)) return NOT_HERE;
  }
  if (significant > MAX_SIGNIFICANT_DIGITS) return NOT_HERE;
  code = bytes[i];
  if (code === 0x65 || code === 0x45) return NOT_HERE;
  return i;
}

function isIdStart(code: number | undefined): boolean {
  return (
    code !== undefined && ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || isDigit(code))
  );
}

/** Characters a machine id may have, at most (MACHINE_ID_PATTERN). */
const MAX_ID_CHARS = 64;

/** A machine id (MACHINE_ID_PATTERN: 1-64 of A-Z a-z 0-9 _ . -, not starting with _ . -) in quotes. */
export function scanMachineId(bytes: Uint8Array, pos: number): number {
  if (bytes[pos] !== QUOTE || !isIdStart(bytes[pos + 1])) return NOT_HERE;
  // Characters at pos + 1 .. pos + 64 at most; the closing quote at pos + 65 at the latest.
  const last = pos + 1 + MAX_ID_CHARS;
  for (let i = pos + 2; i < last; i++) {
    const code = bytes[i];
    if (code === QUOTE) return i + 1;
    if (!isIdStart(code) && code !== 0x5f && code !== DOT && code !== MINUS) return NOT_HERE;
  }
  return bytes[last] === QUOTE ? last + 1 : NOT_HERE;
}

/** Whether bytes [start, end) are only digits (an object key JavaScript would put first). */
export function allDigits(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isDigit(bytes[i]!)) return false;
  return true;
}

/** Whether bytes [aStart, aEnd) and [bStart, bEnd) are the same. */
export function sameBytes(bytes: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number) {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}

/** Plain ASCII bytes [start, end) as a string. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  const b = bytes;
  const s = start;
  // Short strings (ids) with one call: much cheaper than a loop or a decoder here.
  switch (end - start) {
    case 0:
      return "";
    case 1:
      return String.fromCharCode(b[s]!);
    case 2:
      return String.fromCharCode(b[s]!, b[s + 1]!);
    case 3:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return String.fromCharCode(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
      );
    default: {
      // Ids of 9 to 32 characters ("m1:123456"): eight at a time, with no subarray to make.
      if (end - start > 8 && end - start <= 32) {
        let text = "";
        let i = s;
        for (; i + 8 <= end; i += 8) {
          text += String.fromCharCode(
            b[i]!,
            b[i + 1]!,
            b[i + 2]!,
            b[i + 3]!,
            b[i + 4]!,
            b[i + 5]!,
            b[i + 6]!,
            b[i + 7]!,
          );
        }
        return i === end ? text : text + asciiText(b, i, end);
      }
      let text = "";
      for (let i = start; i < end; i += 4096) {
        const chunk = bytes.subarray(i, Math.min(end, i + 4096));
        text += String.fromCharCode.apply(null, chunk as unknown as number[]);
      }
      return text;
    }
  }
}
