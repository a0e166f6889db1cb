// Compiles a field table into a splice encoder: straight-line code that writes the table's JSON
// text into a buffer, taking some fields' text as it is from another buffer (a frame the scanner
// in ../protocol/frameScanner.ts checked, whose field texts are in the form JSON.stringify writes)
// and encoding the others from values. The router writes each deliver frame this way: the
// message's fields are the sender's bytes, `from` and `routedAt` are its own. Like the byte
// encoder it checks the room first and writes nothing (NO_ROOM) if the frame might not fit.
// Fields named "keyed" come from a scanned frame, where each text follows its own key as
// JSON.stringify writes it (`"key":`, then `,` before the next key): they are copied with their
// keys, and a run of them that is also a run in the source (the sender's order) in one copy.
import { NO_ROOM } from "./compileByteEncoder.ts";
import type { Field, FieldType, Shape } from "./fieldTypes.ts";
import { checkedConstant, checkedKey, checkedTable, compileFunction, shapeKeys } from "./generatedCode.ts";
import {
  type ByteTarget,
  type Fragment,
  fragment,
  LINE_SLACK_BYTES,
  NUMBER_BOUND,
  putFragment,
  putNumber,
  putQuoted,
  putTrusted,
  quotedBound,
} from "./jsonBytes.ts";

/**
 * Writes the table's JSON text (no newline) into `target` from `start`: the fields named in
 * `spliced` from `source` (field i of `spliced` is bytes [starts[i], ends[i]); starts[i] < 0: the
 * field is absent), the rest from `values`. Returns the end, or NO_ROOM. Spans are copied four
 * bytes at a time: `source` must have 3 bytes past every span to read (SPLICE_SOURCE_SLACK_BYTES).
 */
export type SpliceEncoder<Values> = (
  values: Values,
  source: ByteTarget,
  starts: Int32Array,
  ends: Int32Array,
  target: ByteTarget,
  start: number,
) => number;

/** Bytes a splice source must have past the end of any span (a four-byte read may run 3 past it). */
export const SPLICE_SOURCE_SLACK_BYTES = 3;

function putSpan(target: ByteTarget, pos: number, source: ByteTarget, start: number, end: number): number {
  // Four bytes at a time, as putFragment writes (the last write may run 3 past the span, into the slack).
  const to = target.view;
  const from = source.view;
  const length = end - start;
  for (let i = 0; i < length; i += 4) to.setUint32(pos + i, from.getUint32(start + i, true), true);
  return pos + length;
}

const HELPERS = { NO_ROOM, putFragment, putNumber, putQuoted, putTrusted, putSpan, quotedBound };

class SpliceSource {
  readonly encode: string[] = [];
  readonly bound: string[] = [];
  readonly fragments: Fragment[] = [];
  fixedBound = LINE_SLACK_BYTES;
  #constant = "";
  /** Whether a run of keyed fields may be pending (source bytes [ps, pe) not yet copied). */
  #keyedRun = false;

  constantText(text: string): void {
    this.#endRun();
    this.#constant += text;
    this.fixedBound += text.length;
  }

  statement(code: string): void {
    this.#endRun();
    this.flush();
    this.encode.push(code);
  }

  /**
   * A keyed field `span` (`keyText` is its key as written here, with its comma if it has one):
   * joins the pending run if its key follows the run's last text and a comma in the source.
   */
  keyed(span: number, keyText: string, optional: boolean): void {
    this.flush();
    const keyBytes = keyText.startsWith(",") ? keyText.length - 1 : keyText.length;
    if (optional) this.encode.push(`if (starts[${span}] >= 0) {`);
    this.encode.push(`ks = starts[${span}] - ${keyBytes};`);
    const start = `ps = ks; pe = ends[${span}];`;
    if (keyText.startsWith(",")) {
      this.encode.push(
        `if (ks === pe + 1) pe = ends[${span}];`,
        `else { if (pe > ps) pos = putSpan(target, pos, source, ps, pe); out[pos++] = 44; ${start} }`,
      );
    } else this.encode.push(`if (pe > ps) pos = putSpan(target, pos, source, ps, pe); ${start}`);
    if (optional) this.encode.push("}");
    this.bound.push(`if (starts[${span}] >= 0) b += ends[${span}] - starts[${span}] + ${keyText.length};`);
    this.#keyedRun = true;
  }

  /** Copies the pending run of keyed fields, if any. */
  #endRun(): void {
    if (!this.#keyedRun) return;
    this.#keyedRun = false;
    this.flush();
    this.encode.push("if (pe > ps) { pos = putSpan(target, pos, source, ps, pe); pe = -2; }");
  }

  flush(): void {
    const text = this.#constant;
    if (text === "") return;
    this.#constant = "";
    if (text.length === 1) this.encode.push(`out[pos++] = ${text.charCodeAt(0)};`);
    else {
      this.encode.push(`pos = putFragment(target, pos, F${this.fragments.length});`);
      this.fragments.push(fragment(text));
    }
  }
}

/** A value field's write; only the kinds a frame's own fields have. */
function writeValue(type: FieldType, value: string, out: SpliceSource): void {
  switch (type.kind) {
    case "constant":
      out.constantText(`"${checkedConstant(type.value)}"`);
      return;
    case "whole":
    case "number":
      out.fixedBound += NUMBER_BOUND;
      out.statement(`pos = putNumber(target, pos, ${value});`);
      return;
    case "text":
    case "oneOf":
      out.bound.push(`b += quotedBound(${value}.length);`);
      out.statement(`pos = putQuoted(target, pos, ${value});`);
      return;
    case "boolean":
      out.fixedBound += 5;
      out.statement(`pos = putTrusted(target, pos, ${value} ? "true" : "false");`);
      return;
    default:
      throw new Error(`log format: a splice encoder cannot write a ${type.kind} value`);
  }
}

function writeObject(
  shape: Shape,
  spliced: readonly string[],
  keyed: readonly string[],
  out: SpliceSource,
): void {
  out.constantText("{");
  shapeKeys(shape).forEach((key, index) => {
    const field = shape[key]!;
    const keyText = `${index === 0 ? "" : ","}${JSON.stringify(key)}:`;
    const span = spliced.indexOf(key);
    if (span >= 0 && keyed.includes(key)) {
      out.keyed(span, keyText, field.optional);
      return;
    }
    if (span >= 0) {
      out.bound.push(`if (starts[${span}] >= 0) b += ends[${span}] - starts[${span}] + ${keyText.length};`);
      if (field.optional) out.statement(`if (starts[${span}] >= 0) {`);
      out.constantText(keyText);
      out.statement(`pos = putSpan(target, pos, source, starts[${span}], ends[${span}]);`);
      if (field.optional) {
        out.fixedBound -= keyText.length;
        out.statement("}");
      } else out.fixedBound -= keyText.length;
      return;
    }
    const value = `v.${key}`;
    if (!field.optional) {
      out.constantText(keyText);
      writeValue(field.type, value, out);
      return;
    }
    out.statement(`if (${value} !== undefined) {`);
    out.constantText(keyText);
    writeValue(field.type, value, out);
    out.statement("}");
  });
  out.constantText("}");
}

/**
 * The splice encoder of a table; `spliced` names the fields that come as text, `keyed` those of
 * them whose text in the source follows its own key (see above), `name` the function.
 */
export function compileSpliceEncoder<Values>(
  root: Field,
  spliced: readonly string[],
  name: string,
  keyed: readonly string[] = [],
): SpliceEncoder<Values> {
  const shape = checkedTable(root);
  for (const key of spliced) {
    if (shape[key] === undefined) throw new Error(`log format: the table has no field ${key} to splice`);
  }
  for (const key of keyed) {
    if (!spliced.includes(key)) throw new Error(`log format: keyed field ${key} is not spliced`);
  }
  const out = new SpliceSource();
  writeObject(shape, spliced, keyed, out);
  out.flush();
  const fragments = Object.fromEntries(out.fragments.map((piece, i) => [`F${i}`, piece]));
  const fn = checkedKey(name);
  const body = [
    `function ${fn}Bound(v, starts, ends) {`,
    `let b = ${out.fixedBound};`,
    ...out.bound,
    "return b;",
    "}",
    `return function ${fn}(v, source, starts, ends, target, start) {`,
    `if (start + ${fn}Bound(v, starts, ends) > target.bytes.length) return NO_ROOM;`,
    "const out = target.bytes;",
    "let pos = start;",
    // The pending run of keyed fields: source bytes [ps, pe) (none: pe < ps).
    "let ps = 0;",
    "let pe = -2;",
    "let ks = 0;",
    ...out.encode,
    "return pos;",
    "};",
  ].join("\n");
  return compileFunction(name, { ...HELPERS, ...fragments }, body);
}
