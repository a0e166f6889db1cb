// A byte-level scanner beside the validator (validate.ts): it checks one frame's UTF-8 bytes
// against the same frame description (frames.ts) without JSON.parse, and keeps where each field's
// JSON text lies, so a driver can splice those bytes into the frame it sends on. It reads only the
// form JSON.stringify writes (no whitespace, no escapes, plain ASCII, known keys once each) and is
// never more lenient than the validator: a frame it does not accept in full (anything unusual,
// and every frame the validator would refuse) is left to the general path, JSON.parse and
// parseClientFrame, which gives the same error code and message as ever. A property test holds
// the two to the same answers on random, near-valid and malformed input. A frame whose keys come
// in the description's order (as a clocklab machine writes them) is read by straight-line code
// compiled from the description (compileFrameScanner.ts); any other order key by key here.
import { type CanonicalScan, compileFrameScanner, type ScanSlot } from "./compileFrameScanner.ts";
import type { CrossFieldRule, FieldSpec, FrameSpec } from "./fieldSpec.ts";
import {
  chosen,
  scanBoolean,
  scanBoundedNumber,
  scanChoice,
  scanString,
  scanUint,
  scanVector,
  type VectorEntries,
  vectorEntries,
} from "./fieldValues.ts";
import {
  asciiText,
  CLOSE_BRACE,
  COLON,
  COMMA,
  NOT_HERE,
  OPEN_BRACE,
  scanMachineId,
  scanned,
  scanPlainString,
} from "./jsonTokens.ts";

interface Slot extends ScanSlot {
  readonly key: Uint8Array;
  fields: Slot[];
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function keyIs(bytes: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
  return true;
}

/** The frames of one type (e.g. send), scanned against its description. One frame at a time. */
export class FrameScanner {
  readonly type: string;
  /** The frame's fields in the order of its description: the indices of `starts` and `ends`. */
  readonly names: readonly string[];
  /** Where each field's JSON text starts in `bytes` (-1: absent) and ends. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Whole-number values (an object's fields have indices of their own); a vector's largest entry (-1: none). */
  readonly numbers: Float64Array;
  /** The bytes of the frame scanned last. */
  bytes: Uint8Array = new Uint8Array(0);
  /** Whether the frame scanned last was read by the straight-line scanner (its keys in the description's order). */
  inOrder = false;
  /** Whether this scanner has a straight-line scanner (a description with an id list has none). */
  readonly compiled: boolean;
  readonly #spec: FrameSpec;
  readonly #slots: Slot[];
  /** The indices of the top-level fields a frame must have. */
  readonly #required: Int32Array;
  readonly #rules: readonly CrossFieldRule[];
  /** Every slot (an object's fields too) by its index. */
  readonly #slotByIndex: Slot[] = [];
  readonly #typeValue: Uint8Array;
  readonly #choiceOf: Int32Array;
  /** The entries of the vector scanned last (its slot, their count and values), for valueOf. */
  readonly #vector: VectorEntries = vectorEntries();
  /** The straight-line scanner of the description's own key order (null: it has none). */
  readonly #canonical: CanonicalScan | null;
  /** The scanned frame as text, decoded once when a long field's value is asked for. */
  #text: string | null = null;
  /** What the frame's cross-field rules see: each field's value as the validator would. */
  readonly #view: Record<string, unknown>;

  /** `keyByKey`: without the straight-line scanner (every frame key by key; for tests and benchmarks). */
  constructor(spec: FrameSpec, options: { keyByKey?: boolean } = {}) {
    this.#spec = spec;
    this.type = spec.type;
    let count = 0;
    const slot = (name: string, fieldSpec: FieldSpec, optional: boolean): Slot => {
      const made: Slot = {
        name,
        key: asciiBytes(name),
        spec: fieldSpec,
        optional,
        index: count++,
        fields: [],
        choices: fieldSpec.kind === "enum" ? fieldSpec.values.map((v) => asciiBytes(JSON.stringify(v))) : [],
      };
      return made;
    };
    this.#slots = spec.fields.map((field) => slot(field.name, field.spec, field.optional === true));
    for (const top of this.#slots) {
      if (top.spec.kind === "object")
        top.fields = top.spec.fields.map((field) => slot(field.name, field.spec, field.optional === true));
    }
    for (const top of this.#slots) {
      this.#slotByIndex[top.index] = top;
      for (const field of top.fields) this.#slotByIndex[field.index] = field;
    }
    this.names = this.#slots.map((s) => s.name);
    this.#required = Int32Array.from(this.#slots.filter((s) => !s.optional).map((s) => s.index));
    this.#rules = spec.rules ?? [];
    this.starts = new Int32Array(count);
    this.ends = new Int32Array(count);
    this.numbers = new Float64Array(count);
    this.#choiceOf = new Int32Array(count);
    this.#typeValue = asciiBytes(JSON.stringify(spec.type));
    this.#canonical = options.keyByKey === true ? null : compileFrameScanner(spec.type, this.#slots);
    this.compiled = this.#canonical !== null;
    this.#view = {};
    Object.defineProperty(this.#view, "type", { enumerable: true, get: () => this.type });
    for (const top of this.#slots) {
      Object.defineProperty(this.#view, top.name, { enumerable: true, get: () => this.valueOf(top.index) });
    }
  }

  /** The index of a field (`sub`: of a field of an object field). */
  indexOf(name: string, sub?: string): number {
    const top = this.#slots.find((s) => s.name === name);
    const found = sub === undefined ? top : top?.fields.find((s) => s.name === sub);
    if (found === undefined) throw new Error(`frame scanner: ${this.type} has no field ${name}${sub ?? ""}`);
    return found.index;
  }

  /** Whether field `index` was in the frame. */
  has(index: number): boolean {
    return this.starts[index]! >= 0;
  }

  /** A string, machine id or enum field's value. */
  text(index: number): string | undefined {
    if (this.starts[index]! < 0) return undefined;
    const slot = this.#slotAt(index);
    if (slot?.spec.kind === "enum") return slot.spec.values[this.#choiceOf[index]!];
    return asciiText(this.bytes, this.starts[index]! + 1, this.ends[index]! - 1);
  }

  /** Plain ASCII bytes [start, end) of the frame as a string: short ones directly, long ones cut from its text. */
  #ascii(start: number, end: number): string {
    if (end - start <= SHORT_TEXT) return asciiText(this.bytes, start, end);
    this.#text ??= TEXT.decode(this.bytes);
    return this.#text.slice(start, end);
  }

  /**
   * Scans one frame's body (its bytes and nothing after them) as a frame of this type. True: it is
   * valid, and every field's text is where `starts`/`ends` say. False: leave it to the general path
   * (it may be valid or not).
   */
  scan(bytes: Uint8Array): boolean {
    this.bytes = bytes;
    this.#text = null;
    this.#vector.slot = -1;
    const { starts, ends, numbers } = this;
    // A loop, not fill(): for a dozen slots, once per frame, the call costs more than the stores.
    for (let i = 0; i < starts.length; i++) starts[i] = -1;
    const canonical = this.#canonical;
    this.inOrder = canonical?.(bytes, starts, ends, numbers, this.#choiceOf, this.#vector) === true;
    if (!this.inOrder && !this.#anyOrder(bytes)) return false;
    const required = this.#required;
    for (let i = 0; i < required.length; i++) if (starts[required[i]!]! < 0) return false;
    const rules = this.#rules;
    for (let i = 0; i < rules.length; i++) if (rules[i]!.check(this.#view, "frame") !== null) return false;
    return true;
  }

  /** The frame with its keys in any order, key by key. */
  #anyOrder(bytes: Uint8Array): boolean {
    this.#vector.slot = -1;
    this.starts.fill(-1);
    const end = bytes.length;
    if (bytes[0] !== OPEN_BRACE) return false;
    let pos = 1;
    let typeSeen = false;
    const slots = this.#slots;
    // Keys usually come in the description's order: the slot after the last one found is tried first.
    let hint = 0;
    while (true) {
      const keyEnd = scanPlainString(bytes, pos);
      if (keyEnd === NOT_HERE || bytes[keyEnd] !== COLON) return false;
      const valueStart = keyEnd + 1;
      let valueEnd: number;
      if (keyIs(bytes, pos + 1, keyEnd - 1, TYPE_KEY)) {
        if (typeSeen) return false;
        typeSeen = true;
        valueEnd = keyIs(bytes, valueStart, valueStart + this.#typeValue.length, this.#typeValue)
          ? valueStart + this.#typeValue.length
          : NOT_HERE;
      } else {
        let found: Slot | undefined;
        const hinted = slots[hint];
        if (hinted !== undefined && keyIs(bytes, pos + 1, keyEnd - 1, hinted.key)) found = hinted;
        else {
          for (let i = 0; i < slots.length; i++) {
            if (keyIs(bytes, pos + 1, keyEnd - 1, slots[i]!.key)) {
              found = slots[i];
              break;
            }
          }
        }
        // An unknown key, or one seen twice: the general path knows what JSON.parse makes of it.
        if (found === undefined || this.starts[found.index]! >= 0) return false;
        valueEnd = this.#value(found, bytes, valueStart);
        hint = found.index + 1;
        if (valueEnd !== NOT_HERE) {
          this.starts[found.index] = valueStart;
          this.ends[found.index] = valueEnd;
        }
      }
      if (valueEnd === NOT_HERE) return false;
      const next = bytes[valueEnd];
      if (next === CLOSE_BRACE) {
        if (valueEnd !== end - 1) return false;
        break;
      }
      if (next !== COMMA) return false;
      pos = valueEnd + 1;
    }
    return typeSeen;
  }

  /** The frame as parseClientFrame returns it: `type`, then the fields in the description's order. */
  value(): Record<string, unknown> {
    const out: Record<string, unknown> = { type: this.type };
    for (const slot of this.#slots) if (this.has(slot.index)) out[slot.name] = this.valueOf(slot.index);
    return out;
  }

  /** One field's value as the validator returns it (undefined if absent). */
  valueOf(index: number): unknown {
    if (this.starts[index]! < 0) return undefined;
    const slot = this.#slotAt(index)!;
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    switch (slot.spec.kind) {
      case "uint":
        return this.numbers[index];
      case "number":
        return Number(this.#ascii(start, end));
      case "boolean":
        return this.bytes[start] === 0x74;
      case "object": {
        const out: Record<string, unknown> = {};
        for (const field of slot.fields) {
          if (this.starts[field.index]! >= 0) out[field.name] = this.valueOf(field.index);
        }
        return out;
      }
      case "vector": {
        const vector = this.#vector;
        if (vector.slot !== index) return JSON.parse(this.#ascii(start, end));
        // Its keys are machine ids, not all digits: JSON.parse would make the same object in this order.
        const out: Record<string, number> = {};
        const keys = vector.keys;
        const values = vector.values;
        for (let i = 0; i < vector.count; i++)
          out[asciiText(this.bytes, keys[2 * i]! + 1, keys[2 * i + 1]! - 1)] = values[i]!;
        return out;
      }
      case "string":
      case "machineId":
        // The whole frame is being read: long strings are cut from its text (text() is for one field).
        return this.#ascii(start + 1, end - 1);
      default:
        return this.text(index);
    }
  }

  #slotAt(index: number): Slot | undefined {
    return this.#slotByIndex[index];
  }

  /** Scans one value of `slot`'s kind at `pos`: its end, or NOT_HERE. */
  #value(slot: Slot, bytes: Uint8Array, pos: number): number {
    const spec = slot.spec;
    switch (spec.kind) {
      case "uint": {
        const after = scanUint(bytes, pos, spec);
        if (after !== NOT_HERE) this.numbers[slot.index] = scanned.whole;
        return after;
      }
      case "number":
        return scanBoundedNumber(bytes, pos, spec);
      case "boolean":
        return scanBoolean(bytes, pos);
      case "string":
        return scanString(bytes, pos, spec);
      case "machineId":
        return scanMachineId(bytes, pos);
      case "enum": {
        const after = scanChoice(bytes, pos, slot.choices);
        if (after !== NOT_HERE) this.#choiceOf[slot.index] = chosen.index;
        return after;
      }
      case "vector": {
        const after = scanVector(bytes, pos, this.#vector);
        if (after === NOT_HERE) return NOT_HERE;
        this.#vector.slot = slot.index;
        this.numbers[slot.index] = this.#vector.largest;
        return after;
      }
      case "object":
        return this.#object(slot, bytes, pos);
      default:
        return NOT_HERE;
    }
  }

  /** An object whose fields come in the description's order (optional ones may be missing), nothing else. */
  #object(slot: Slot, bytes: Uint8Array, pos: number): number {
    if (bytes[pos] !== OPEN_BRACE) return NOT_HERE;
    const fields = slot.fields;
    for (const field of fields) this.starts[field.index] = -1;
    let next = 0;
    let at = pos + 1;
    if (bytes[at] !== CLOSE_BRACE) {
      while (true) {
        const keyEnd = scanPlainString(bytes, at);
        if (keyEnd === NOT_HERE || bytes[keyEnd] !== COLON) return NOT_HERE;
        // The next field of the description with this key; the ones passed over must be optional.
        let found = next;
        while (found < fields.length && !keyIs(bytes, at + 1, keyEnd - 1, fields[found]!.key)) {
          if (!fields[found]!.optional) return NOT_HERE;
          found++;
        }
        const field = fields[found];
        if (field === undefined) return NOT_HERE;
        const after = this.#value(field, bytes, keyEnd + 1);
        if (after === NOT_HERE) return NOT_HERE;
        this.starts[field.index] = keyEnd + 1;
        this.ends[field.index] = after;
        next = found + 1;
        at = after;
        if (bytes[at] === CLOSE_BRACE) break;
        if (bytes[at] !== COMMA) return NOT_HERE;
        at++;
      }
    }
    for (let i = next; i < fields.length; i++) if (!fields[i]!.optional) return NOT_HERE;
    return at + 1;
  }
}

const TYPE_KEY = asciiBytes("type");
/** Up to this many characters a string is made from the bytes; longer ones are cut from the decoded frame. */
const SHORT_TEXT = 8;
const TEXT = new TextDecoder();
