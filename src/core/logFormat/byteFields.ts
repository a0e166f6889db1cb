// The value readers that byte line decoders (compileByteLineDecoder.ts) call: each reads one JSON
// value in the form the encoders write it straight from a line's bytes, and says where it ended
// (or that the bytes are not in that form) in `AT[0]`. They take only plain ASCII (a byte of 0x80
// or more, an escape or a control character inside a string is "not in that form"), so a string's
// bytes are its characters. A number's value is the double JSON.parse gives for its text: built
// digit by digit when that is exact, else converted from the text.

/** Where the last value read ended, or -1 when it was not in the encoders' form. */
export const AT = new Int32Array(1);

/** A line's bytes `bytes[start, end)` as a string (ASCII only: the caller has checked). */
export type ByteText = (bytes: Uint8Array, start: number, end: number) => string;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;

/** Digits that `v * 10 + d` builds exactly (10^15 < 2^53), and that `m / 10^k` keeps exact. */
const EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: EXACT_DIGITS + 1 }, (_, k) => 10 ** k);

/** Strings up to this many bytes are looked up before one is made (ids and names repeat). */
const INTERNED_BYTES = 24;
const INTERN_SLOTS = 4096;

export interface ByteReaders {
  whole(bytes: Uint8Array, p: number, end: number): number;
  number(bytes: Uint8Array, p: number, end: number): number;
  text(bytes: Uint8Array, p: number, end: number): string;
  textList(bytes: Uint8Array, p: number, end: number): string[] | null;
  /** The end of an object kept as text (its inside is not checked), or -1. */
  objectTextEnd(bytes: Uint8Array, p: number, end: number): number;
  /** The end of a list kept as text (its inside is not checked), or -1. */
  listTextEnd(bytes: Uint8Array, p: number, end: number): number;
  /** The end of a `{"name":whole,...}` object, or -1. */
  countersEnd(bytes: Uint8Array, p: number, end: number): number;
  repeats(bytes: Uint8Array, p: number, end: number, start: number, textEnd: number): boolean;
}

/** The readers, making strings with `slice`. */
export function byteReaders(slice: ByteText): ByteReaders {
  const interned: (string | undefined)[] = new Array(INTERN_SLOTS).fill(undefined);

  /** The string of bytes[start, end) (plain ASCII), the same string object as last time if it repeats. */
  function internedText(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length > INTERNED_BYTES) return slice(bytes, start, end);
    let hash = length;
    for (let i = start; i < end; i++) hash = (hash * 31 + bytes[i]!) | 0;
    const slot = hash & (INTERN_SLOTS - 1);
    const known = interned[slot];
    if (known !== undefined && known.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (known.charCodeAt(i) !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return known;
    }
    const made = slice(bytes, start, end);
    interned[slot] = made;
    return made;
  }

  /** Digits from p; returns their end (AT is not touched). */
  function digitsEnd(bytes: Uint8Array, p: number, end: number): number {
    while (p < end) {
      const c = bytes[p]!;
      if (c < ZERO || c > NINE) break;
      p++;
    }
    return p;
  }

  /** A whole number's sign and digits (no leading zero) from p; -1 if there are none. */
  function wholeEnd(bytes: Uint8Array, p: number, end: number): number {
    const first = p < end && bytes[p] === MINUS ? p + 1 : p;
    const after = digitsEnd(bytes, first, end);
    if (after === first) return -1;
    if (after - first > 1 && bytes[first] === ZERO) return -1;
    return after;
  }

  function whole(bytes: Uint8Array, p: number, end: number): number {
    const negative = p < end && bytes[p] === MINUS;
    const first = negative ? p + 1 : p;
    let i = first;
    let value = 0;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    const digits = i - first;
    if (digits === 0 || (digits > 1 && bytes[first] === ZERO)) {
      AT[0] = -1;
      return 0;
    }
    AT[0] = i;
    if (digits > EXACT_DIGITS) return +slice(bytes, p, i);
    return negative ? -value : value;
  }

  function number(bytes: Uint8Array, p: number, end: number): number {
    const negative = p < end && bytes[p] === MINUS;
    const first = negative ? p + 1 : p;
    let i = first;
    let value = 0;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    let digits = i - first;
    if (digits === 0 || (digits > 1 && bytes[first] === ZERO)) {
      AT[0] = -1;
      return 0;
    }
    let fractionDigits = 0;
    if (i < end && bytes[i] === DOT) {
      const fractionStart = ++i;
      for (; i < end; i++) {
        const c = bytes[i]!;
        if (c < ZERO || c > NINE) break;
        value = value * 10 + (c - ZERO);
      }
      fractionDigits = i - fractionStart;
      if (fractionDigits === 0) {
        AT[0] = -1;
        return 0;
      }
      digits += fractionDigits;
    }
    if (i < end && (bytes[i] === 101 || bytes[i] === 69)) {
      let q = i + 1;
      if (q < end && (bytes[q] === 43 || bytes[q] === MINUS)) q++;
      const exponentAfter = digitsEnd(bytes, q, end);
      if (exponentAfter === q) {
        AT[0] = -1;
        return 0;
      }
      AT[0] = exponentAfter;
      return +slice(bytes, p, exponentAfter);
    }
    AT[0] = i;
    if (digits > EXACT_DIGITS) return +slice(bytes, p, i);
    // Both the digits' value and 10^k are exact, so the one division rounds as the conversion does.
    if (fractionDigits > 0) value /= POWERS_OF_TEN[fractionDigits]!;
    return negative ? -value : value;
  }

  /** The end of a plain string's closing quote + 1 from its opening quote at p, or -1. */
  function textEnd(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== QUOTE) return -1;
    for (let i = p + 1; i < end; i++) {
      const c = bytes[i]!;
      if (c === QUOTE) return i + 1;
      if (c === BACKSLASH || c < 0x20 || c > 0x7f) return -1;
    }
    return -1;
  }

  function text(bytes: Uint8Array, p: number, end: number): string {
    const after = textEnd(bytes, p, end);
    AT[0] = after;
    return after < 0 ? "" : internedText(bytes, p + 1, after - 1);
  }

  function textList(bytes: Uint8Array, p: number, end: number): string[] | null {
    AT[0] = -1;
    if (p >= end || bytes[p] !== OPEN_BRACKET) return null;
    const items: string[] = [];
    let i = p + 1;
    if (i < end && bytes[i] === CLOSE_BRACKET) {
      AT[0] = i + 1;
      return items;
    }
    for (;;) {
      const after = textEnd(bytes, i, end);
      if (after < 0) return null;
      items.push(internedText(bytes, i + 1, after - 1));
      if (after >= end) return null;
      const c = bytes[after];
      if (c === CLOSE_BRACKET) {
        AT[0] = after + 1;
        return items;
      }
      if (c !== COMMA) return null;
      i = after + 1;
    }
  }

  function objectTextEnd(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== OPEN_BRACE) return -1;
    let i = p + 1;
    while (i < end) {
      const c = bytes[i]!;
      if (c === CLOSE_BRACE) return i + 1;
      if (c === QUOTE) {
        i = textEnd(bytes, i, end);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c > 0x7f) return -1;
      i++;
    }
    return -1;
  }

  function listTextEnd(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== OPEN_BRACKET) return -1;
    for (let i = p + 1; i < end; i++) {
      const c = bytes[i]!;
      if (c === CLOSE_BRACKET) return i + 1;
      if (c === OPEN_BRACKET || c > 0x7f) return -1;
    }
    return -1;
  }

  function countersEnd(bytes: Uint8Array, p: number, end: number): number {
    if (p >= end || bytes[p] !== OPEN_BRACE) return -1;
    let i = p + 1;
    if (i < end && bytes[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      i = textEnd(bytes, i, end);
      if (i < 0 || i >= end || bytes[i] !== COLON) return -1;
      i = wholeEnd(bytes, i + 1, end);
      if (i < 0 || i >= end) return -1;
      if (bytes[i] === CLOSE_BRACE) return i + 1;
      if (bytes[i] !== COMMA) return -1;
      i++;
    }
  }

  /**
   * Whether the bytes at p repeat the number text `bytes[start, end)` and the number ends there:
   * then they are the same number, and its value need not be read again.
   */
  function repeats(bytes: Uint8Array, p: number, end: number, start: number, textEnd: number): boolean {
    const length = textEnd - start;
    if (p + length >= end) return false;
    for (let i = 0; i < length; i++) if (bytes[p + i] !== bytes[start + i]) return false;
    const next = bytes[p + length]!;
    return !((next >= ZERO && next <= NINE) || next === DOT || next === 101 || next === 69);
  }

  return { whole, number, text, textList, objectTextEnd, listTextEnd, countersEnd, repeats };
}
