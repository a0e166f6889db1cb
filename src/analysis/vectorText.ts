// Reads a vector clock's JSON text as clocklab writes it (`{"m1":3,"m2":0}`: plain distinct keys,
// whole numbers, no spaces) without JSON.parse and without an object per vector: its values in an
// array beside a key list that every vector with the same keys shares (a run's vectors nearly all
// have the same keys, so the keys are compared in place, not cut out of the text). Any other text
// (spaces, escapes, a fraction, a repeated key, "__proto__") answers NOT_PLAIN, and the caller
// takes JSON.parse's object. `entryOf` and `dominates` read either form as an object would be read.
import type { VectorClock } from "../core/types.ts";

/** The names of a vector's keys, in the text's order, and where each one is. */
export interface KeyList {
  readonly names: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** A vector read from its text: `values[i]` is the entry of `keys.names[i]`. */
export class VectorEntries {
  readonly keys: KeyList;
  readonly values: number[];

  constructor(keys: KeyList, values: number[]) {
    this.keys = keys;
    this.values = values;
  }
}

/** A vector either way: entries from clocklab's own form, or JSON.parse's object. */
export type CheckedVector = VectorEntries | VectorClock;

/** The text is not in clocklab's own form: read it with JSON.parse instead. */
export const NOT_PLAIN = null;

/** Digits of a whole number that a double holds exactly, and that `v * 10 + d` builds exactly. */
const MAX_DIGITS = 15;

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const OPEN = 123;
const CLOSE = 125;

/** What an object made by JSON.parse gives for a key it does not have (`toString`, say). */
const NO_KEYS: Record<string, unknown> = {};

/** The key list of the last vector read: the next one nearly always has the same keys. */
let lastKeys: KeyList = { names: [], index: new Map() };

/** (An object JSON.parse made is never a class instance, whatever its keys.) */
export function isEntries(vector: CheckedVector): vector is VectorEntries {
  return vector instanceof VectorEntries;
}

/** The vector's entry for `key`, as reading the key of JSON.parse's object gives it. */
export function entryOf(vector: CheckedVector, key: string): unknown {
  if (!isEntries(vector)) return vector[key];
  const at = vector.keys.index.get(key);
  return at === undefined ? NO_KEYS[key] : vector.values[at];
}

/** Whether every entry of `sent` is at most the same key's entry of `vector` (a missing one is 0). */
export function dominates(vector: CheckedVector, sent: CheckedVector): boolean {
  if (isEntries(sent)) {
    const values = sent.values;
    if (isEntries(vector) && vector.keys === sent.keys) {
      const own = vector.values;
      for (let i = 0; i < values.length; i++) if (!(own[i]! >= values[i]!)) return false;
      return true;
    }
    const names = sent.keys.names;
    for (let i = 0; i < names.length; i++) {
      if (!(((entryOf(vector, names[i]!) ?? 0) as number) >= values[i]!)) return false;
    }
    return true;
  }
  for (const key in sent) if (!(((entryOf(vector, key) ?? 0) as number) >= sent[key]!)) return false;
  return true;
}

/** Reads one key at `i` (its opening quote); returns the index after its closing quote, or -1. */
function keyEnd(text: string, i: number, end: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1;
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) return j + 1;
    if (c === BACKSLASH || c < 0x20) return -1;
  }
  return -1;
}

/** A key list from its names, or NOT_PLAIN if a name repeats or is one JSON.parse treats apart. */
function keyListOf(names: string[]): KeyList | typeof NOT_PLAIN {
  const index = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    if (name === "__proto__" || index.has(name)) return NOT_PLAIN;
    index.set(name, i);
  }
  return { names, index };
}

/** The vector of a text in clocklab's own form, or NOT_PLAIN. */
export function plainVector(text: string): VectorEntries | typeof NOT_PLAIN {
  const end = text.length - 1;
  if (end < 1 || text.charCodeAt(0) !== OPEN || text.charCodeAt(end) !== CLOSE) return NOT_PLAIN;
  const values: number[] = [];
  let keys = lastKeys;
  /** The names read so far, once the text's keys turned out not to be `keys`'s. */
  let fresh: string[] | null = null;
  let i = 1;
  while (i < end) {
    const n = values.length;
    const name = keys.names[n];
    let after: number;
    if (
      fresh === null &&
      name !== undefined &&
      text.charCodeAt(i) === QUOTE &&
      text.startsWith(name, i + 1)
    ) {
      after = i + 1 + name.length;
      if (text.charCodeAt(after) !== QUOTE) after = -1;
      else after++;
    } else after = -1;
    if (after < 0) {
      after = keyEnd(text, i, end);
      if (after < 0) return NOT_PLAIN;
      fresh ??= keys.names.slice(0, n) as string[];
      fresh.push(text.slice(i + 1, after - 1));
    }
    if (text.charCodeAt(after) !== COLON) return NOT_PLAIN;
    i = after + 1;
    const negative = text.charCodeAt(i) === MINUS;
    if (negative) i++;
    const digitsStart = i;
    let value = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
    }
    const digits = i - digitsStart;
    if (digits === 0 || digits > MAX_DIGITS) return NOT_PLAIN;
    // JSON has no leading zeros.
    if (digits > 1 && text.charCodeAt(digitsStart) === ZERO) return NOT_PLAIN;
    values.push(negative ? -value : value);
    if (i === end) break;
    if (text.charCodeAt(i) !== COMMA) return NOT_PLAIN;
    i++;
    if (i === end) return NOT_PLAIN;
  }
  if (fresh === null && values.length !== keys.names.length)
    fresh = keys.names.slice(0, values.length) as string[];
  if (fresh !== null) {
    const made = keyListOf(fresh);
    if (made === NOT_PLAIN) return NOT_PLAIN;
    lastKeys = keys = made;
  }
  return new VectorEntries(keys, values);
}
