// One frame field's value read from the bytes, by the field's kind and bounds (fieldSpec.ts): the
// checks both frame scanners make, the one that walks a frame's description key by key
// (frameScanner.ts) and the straight-line one compiled for the description's own key order
// (compileFrameScanner.ts), so the two accept exactly the same values. Each reads `bytes` from
// `pos` and returns the end of the value, or NOT_HERE (leave the frame to the general path); the
// tokens themselves are jsonTokens.ts's, in the one form JSON.stringify writes.
import type { FieldSpec } from "./fieldSpec.ts";
import {
  allDigits,
  asciiText,
  CLOSE_BRACE,
  COLON,
  COMMA,
  NOT_HERE,
  OPEN_BRACE,
  sameBytes,
  scanMachineId,
  scanNumber,
  scanned,
  scanPlainString,
  scanWhole,
} from "./jsonTokens.ts";

type Spec<K extends FieldSpec["kind"]> = Extract<FieldSpec, { kind: K }>;

/** A vector with more entries than this is left to the general path (duplicate keys are checked pairwise). */
export const MAX_VECTOR_ENTRIES = 64;

/** The vector a scanner read last: where its keys are, their values and the largest (-1: none). */
export interface VectorEntries {
  /** Start and end (quotes included) of entry i's key at 2i and 2i + 1. */
  readonly keys: Int32Array;
  readonly values: Float64Array;
  count: number;
  largest: number;
  /** The index of the field it was read for (-1: none read in this frame); the scanner sets it. */
  slot: number;
}

export function vectorEntries(): VectorEntries {
  return {
    keys: new Int32Array(2 * MAX_VECTOR_ENTRIES),
    values: new Float64Array(MAX_VECTOR_ENTRIES),
    count: 0,
    largest: -1,
    slot: -1,
  };
}

/** A whole number within the spec's max; its value is in `scanned.whole`. */
export function scanUint(bytes: Uint8Array, pos: number, spec: Spec<"uint">): number {
  const after = scanWhole(bytes, pos);
  if (after === NOT_HERE || (spec.max !== undefined && scanned.whole > spec.max)) return NOT_HERE;
  return after;
}

/** A number within the spec's bounds. */
export function scanBoundedNumber(bytes: Uint8Array, pos: number, spec: Spec<"number">): number {
  const after = scanNumber(bytes, pos);
  if (after === NOT_HERE) return NOT_HERE;
  if (spec.min === undefined && spec.max === undefined && spec.above === undefined) return after;
  const value = Number(asciiText(bytes, pos, after));
  if (spec.above !== undefined ? value <= spec.above : spec.min !== undefined && value < spec.min)
    return NOT_HERE;
  return spec.max !== undefined && value > spec.max ? NOT_HERE : after;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];

function bytesAre(bytes: Uint8Array, pos: number, expected: ArrayLike<number>): boolean {
  for (let i = 0; i < expected.length; i++) if (bytes[pos + i] !== expected[i]) return false;
  return true;
}

export function scanBoolean(bytes: Uint8Array, pos: number): number {
  if (bytesAre(bytes, pos, TRUE)) return pos + 4;
  return bytesAre(bytes, pos, FALSE) ? pos + 5 : NOT_HERE;
}

/** A plain string (one character per byte) of the spec's length and pattern. */
export function scanString(bytes: Uint8Array, pos: number, spec: Spec<"string">): number {
  const after = scanPlainString(bytes, pos);
  const chars = after - pos - 2;
  if (after === NOT_HERE || chars < (spec.minChars ?? 0) || chars > spec.maxChars) return NOT_HERE;
  if (spec.pattern !== undefined && !spec.pattern.test(asciiText(bytes, pos + 1, after - 1))) return NOT_HERE;
  return after;
}

/** What scanChoice found: the index of the choice. */
export const chosen = { index: 0 };

/** One of `choices` (each an enum value's JSON text, quotes included); its index goes to `chosen.index`. */
export function scanChoice(bytes: Uint8Array, pos: number, choices: readonly Uint8Array[]): number {
  for (let i = 0; i < choices.length; i++) {
    const choice = choices[i]!;
    if (bytesAre(bytes, pos, choice)) {
      chosen.index = i;
      return pos + choice.length;
    }
  }
  return NOT_HERE;
}

/** Machine ids (not all digits: JavaScript would reorder those) to whole numbers, each id once. */
export function scanVector(bytes: Uint8Array, pos: number, out: VectorEntries): number {
  out.count = 0;
  out.largest = -1;
  if (bytes[pos] !== OPEN_BRACE) return NOT_HERE;
  let at = pos + 1;
  if (bytes[at] === CLOSE_BRACE) return at + 1;
  const keys = out.keys;
  let entries = 0;
  let largest = -1;
  while (true) {
    const keyEnd = scanMachineId(bytes, at);
    if (keyEnd === NOT_HERE || bytes[keyEnd] !== COLON || entries === MAX_VECTOR_ENTRIES) return NOT_HERE;
    if (allDigits(bytes, at + 1, keyEnd - 1)) return NOT_HERE;
    for (let i = 0; i < entries; i++) {
      if (sameBytes(bytes, keys[2 * i]!, keys[2 * i + 1]!, at, keyEnd)) return NOT_HERE;
    }
    keys[2 * entries] = at;
    keys[2 * entries + 1] = keyEnd;
    const after = scanWhole(bytes, keyEnd + 1);
    if (after === NOT_HERE) return NOT_HERE;
    out.values[entries] = scanned.whole;
    entries++;
    out.count = entries;
    if (scanned.whole > largest) largest = scanned.whole;
    const next = bytes[after];
    at = after + 1;
    if (next === CLOSE_BRACE) break;
    if (next !== COMMA) return NOT_HERE;
  }
  out.largest = largest;
  return at;
}
