// Writing JSON text straight into a byte buffer, with no intermediate strings: the simulator's log
// lines are millions of small objects, and building a string per line and then encoding it costs
// more than the rest of the line's work. Constant fragments and digit groups are written four bytes
// at a time through a DataView; a write may run up to 3 bytes past what it reports, so callers keep
// room (see LINE_SLACK_BYTES) and never reach the end of the buffer. Plain ASCII strings are copied
// as they are; any other string is escaped in place (JSON.stringify of that string, as UTF-8).
import { numberText } from "./numberText.ts";

const QUOTE = 0x22;

/** A buffer to encode into, with a DataView over the same bytes for the four-byte writes. */
export interface ByteTarget {
  bytes: Uint8Array;
  view: DataView;
}

export function byteTarget(bytes: Uint8Array): ByteTarget {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** Extra room every encoder call needs past the line's own bytes (four-byte writes overshoot). */
export const LINE_SLACK_BYTES = 8;

/** The most bytes a string of `length` UTF-16 code units takes as JSON text, quotes included. */
export function quotedBound(length: number): number {
  // An escaped control character or lone surrogate (\u001f) is 6 bytes; anything else fewer.
  return 6 * length + 2;
}

/** The most bytes `numberText` writes for any number ("-1.2345678901234567e-308"). */
export const NUMBER_BOUND = 24;

/** A constant piece of JSON text, as little-endian four-byte words. */
export interface Fragment {
  words: Uint32Array;
  length: number;
}

export function fragment(text: string): Fragment {
  const bytes = new Uint8Array(Math.ceil(text.length / 4) * 4);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = view.getUint32(4 * i, true);
  return { words, length: text.length };
}

/**
 * Source statements that write a constant fragment at `pos` through `view` and move `pos` past it:
 * the words as immediates, for generated encoders (no call, no loop, no load of the words).
 */
export function fragmentStatements(text: string): string[] {
  const piece = fragment(text);
  const stores = Array.from(
    piece.words,
    (word, i) => `view.setUint32(pos${i === 0 ? "" : ` + ${4 * i}`}, ${word}, true);`,
  );
  return [...stores, `pos += ${piece.length};`];
}

export function putFragment(target: ByteTarget, pos: number, piece: Fragment): number {
  const { view } = target;
  const words = piece.words;
  for (let i = 0; i < words.length; i++) view.setUint32(pos + 4 * i, words[i]!, true);
  return pos + piece.length;
}

/** Copies a string known to be plain ASCII (constants, number texts). */
export function putTrusted(target: ByteTarget, pos: number, text: string): number {
  const out = target.bytes;
  for (let i = 0; i < text.length; i++) out[pos + i] = text.charCodeAt(i);
  return pos + text.length;
}

/** Writes a string as a JSON string literal, quotes included, escaped as JSON.stringify escapes it. */
export function putQuoted(target: ByteTarget, pos: number, text: string): number {
  const out = target.bytes;
  out[pos] = QUOTE;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) {
      return putUtf8(target, pos, JSON.stringify(text));
    }
    out[pos + 1 + i] = code;
  }
  out[pos + 1 + length] = QUOTE;
  return pos + length + 2;
}

/** Writes well-formed UTF-16 text (JSON.stringify escapes lone surrogates) as UTF-8. */
function putUtf8(target: ByteTarget, pos: number, text: string): number {
  const out = target.bytes;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[pos++] = code;
    } else if (code < 0x800) {
      out[pos++] = 0xc0 | (code >> 6);
      out[pos++] = 0x80 | (code & 0x3f);
    } else if (code >= 0xd800 && code <= 0xdbff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      out[pos++] = 0xf0 | (code >> 18);
      out[pos++] = 0x80 | ((code >> 12) & 0x3f);
      out[pos++] = 0x80 | ((code >> 6) & 0x3f);
      out[pos++] = 0x80 | (code & 0x3f);
    } else {
      out[pos++] = 0xe0 | (code >> 12);
      out[pos++] = 0x80 | ((code >> 6) & 0x3f);
      out[pos++] = 0x80 | (code & 0x3f);
    }
  }
  return pos;
}

/** Writes any number as JSON.stringify writes it. */
export function putNumber(target: ByteTarget, pos: number, value: number): number {
  return isSmallInt(value) ? putSmallInt(target, pos, value) : putTrusted(target, pos, numberText(value));
}

/** "0000".."9999" as little-endian words of four ASCII digits. */
const DIGITS4 = new Uint32Array(10_000);
for (let n = 0; n < 10_000; n++) {
  const d = [Math.floor(n / 1000), Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  DIGITS4[n] = (0x30 + d[0]!) | ((0x30 + d[1]!) << 8) | ((0x30 + d[2]!) << 16) | ((0x30 + d[3]!) << 24);
}

/** Below 10,000: as many digits as it has. */
function putGroup(view: DataView, pos: number, value: number): number {
  const digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
  // Drop the leading zeros: shift them out of the little-endian word's low bytes.
  view.setUint32(pos, DIGITS4[value]! >>> (8 * (4 - digits)), true);
  return pos + digits;
}

/** A whole number in [0, 2^31) as decimal digits. */
export function putSmallInt(target: ByteTarget, pos: number, value: number): number {
  const view = target.view;
  if (value < 10_000) return putGroup(view, pos, value);
  const high = (value / 10_000) | 0;
  const low = value - high * 10_000;
  if (high < 10_000) pos = putGroup(view, pos, high);
  else {
    const top = (high / 10_000) | 0;
    pos = putGroup(view, pos, top);
    view.setUint32(pos, DIGITS4[high - top * 10_000]!, true);
    pos += 4;
  }
  view.setUint32(pos, DIGITS4[low]!, true);
  return pos + 4;
}

export function isSmallInt(value: number): boolean {
  return (value | 0) === value && value >= 0;
}
