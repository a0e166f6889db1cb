// Compiles a field table into a decoder that reads a line straight from its bytes (a chunk of the
// file, no string per line): straight-line code that compares each key byte by byte in the
// table's order and reads each value with byteFields.ts. It takes a subset of the lines that
// compileLineDecoder's pattern takes (plain ASCII, no escapes) and, for each, builds the same
// value of the same shape, with the same options; any other line gives null, and the caller reads
// it as text the usual way.
import { AT, type ByteText, byteReaders } from "./byteFields.ts";
import type { DecoderOptions } from "./compileLineDecoder.ts";
import type { Field, FieldType, Shape } from "./fieldTypes.ts";
import {
  checkedConstant,
  checkedKey,
  checkedTable,
  compileFunction,
  literal,
  reusedKeys,
  reusedSibling,
  shapeKeys,
} from "./generatedCode.ts";

/** Decodes `bytes[start, end)` (a line without its newline), or null when it is not in the plain form. */
export type ByteLineDecoder = (bytes: Uint8Array, start: number, end: number) => unknown;

class ByteSource {
  lines: string[] = [];
  #temps = 0;

  temp(): string {
    return `v${this.#temps++}`;
  }

  /** Requires the bytes of `text` at p, then moves past them. */
  expect(text: string): void {
    this.lines.push(`if (!(${matches(text)})) return null;`, `p += ${text.length};`);
  }
}

/** An expression that is true when the bytes at p are `text`'s (plain ASCII), within the line. */
function matches(text: string): string {
  const tests = [`p + ${text.length} <= e`];
  for (let i = 0; i < text.length; i++)
    tests.push(`b[p${i === 0 ? "" : ` + ${i}`}] === ${text.charCodeAt(i)}`);
  return tests.join(" && ");
}

/** Reads a value with a reader of byteFields.ts into a new constant; returns its name. */
function viaReader(src: ByteSource, reader: string): string {
  const name = src.temp();
  src.lines.push(`const ${name} = R.${reader}(b, p, e);`, "p = AT[0];", "if (p < 0) return null;");
  return name;
}

/** Keeps the text from p to where `endReader` says it ends; returns the constant's name. */
function viaTextEnd(src: ByteSource, endReader: string): string {
  const name = src.temp();
  const after = src.temp();
  src.lines.push(`const ${after} = R.${endReader}(b, p, e);`, `if (${after} < 0) return null;`);
  src.lines.push(`const ${name} = slice(b, p, ${after});`, `p = ${after};`);
  return name;
}

/** Emits the reading of one value at p; returns the expression of its value. */
function readValue(type: FieldType, src: ByteSource, options: DecoderOptions, keepText: boolean): string {
  if (keepText) {
    if (type.kind === "counters") return viaTextEnd(src, "objectTextEnd");
    if (type.kind === "textList") return viaTextEnd(src, "listTextEnd");
    throw new Error(`log format: a ${type.kind} field cannot be kept as text`);
  }
  switch (type.kind) {
    case "whole":
      return viaReader(src, "whole");
    case "number":
      return viaReader(src, "number");
    case "text":
      return viaReader(src, "text");
    case "textList":
      return viaReader(src, "textList");
    case "counters": {
      const text = viaTextEnd(src, "countersEnd");
      return `JSON.parse(${text})`;
    }
    case "boolean":
    case "oneOf":
    case "textOrNull": {
      const values: (string | boolean | null)[] =
        type.kind === "boolean" ? [true, false] : type.kind === "oneOf" ? [...type.values] : [null];
      const name = src.temp();
      src.lines.push(`let ${name};`);
      const branches = values.map((value) => {
        const text = typeof value === "string" ? `"${checkedConstant(value)}"` : String(value);
        const expression = typeof value === "string" ? literal(value) : String(value);
        return `if (${matches(text)}) { ${name} = ${expression}; p += ${text.length}; }`;
      });
      if (type.kind === "textOrNull") {
        src.lines.push(`${branches.join(" else ")} else {`);
        src.lines.push(`${name} = R.text(b, p, e);`, "p = AT[0];", "if (p < 0) return null;", "}");
      } else src.lines.push(`${branches.join(" else ")} else return null;`);
      return name;
    }
    case "constant":
      src.expect(`"${checkedConstant(type.value)}"`);
      return literal(type.value);
    case "object": {
      const entries = objectEntries(type.fields, src, options, false);
      const name = src.temp();
      src.lines.push(...buildObject(entries, name, options.allKeys === true));
      return name;
    }
  }
}

interface Entry {
  key: string;
  /** For an optional key: the variable that is true when the line has it. */
  present?: string;
  value: string;
}

function objectEntries(shape: Shape, src: ByteSource, options: DecoderOptions, top: boolean): Entry[] {
  const entries: Entry[] = [];
  const asText = (top && options.asText) || {};
  const lift = (top && options.lift) || {};
  /** Number fields whose text a later sibling may repeat: where their text is, and their value. */
  const reused = reusedKeys(shape);
  const texts = new Map<string, { start: string; end: string; value: string }>();
  src.expect("{");
  shapeKeys(shape).forEach((key, index) => {
    const field = shape[key]!;
    const keyText = `${index === 0 ? "" : ","}"${key}":`;
    const names = lift[key];
    if (names !== undefined) {
      if (field.optional || field.type.kind !== "object") {
        throw new Error(`log format: only a required object can be lifted (${key})`);
      }
      src.expect(keyText);
      for (const entry of objectEntries(field.type.fields, src, options, false)) {
        entries.push({ ...entry, key: checkedKey(names[entry.key] ?? entry.key) });
      }
      return;
    }
    const textKey = asText[key];
    const target = textKey === undefined ? key : checkedKey(textKey);
    if (!field.optional) {
      src.expect(keyText);
      const sibling = reusedSibling(shape, key, field.type);
      if (sibling !== undefined) {
        // Where the text is the same as the sibling's, so is the value: no second conversion.
        const { start, end, value } = texts.get(sibling)!;
        const name = src.temp();
        src.lines.push(`let ${name};`, `if (R.repeats(b, p, e, ${start}, ${end})) {`);
        src.lines.push(`${name} = ${value};`, `p += ${end} - ${start};`, "} else {");
        const read = readValue(field.type, src, options, false);
        src.lines.push(`${name} = ${read};`, "}");
        entries.push({ key: target, value: name });
        return;
      }
      const start = src.temp();
      if (reused.has(key)) src.lines.push(`const ${start} = p;`);
      const value = readValue(field.type, src, options, textKey !== undefined);
      if (reused.has(key)) {
        const end = src.temp();
        src.lines.push(`const ${end} = p;`);
        texts.set(key, { start, end, value });
      }
      entries.push({ key: target, value });
      return;
    }
    const present = src.temp();
    const value = src.temp();
    src.lines.push(`const ${present} = ${matches(keyText)};`, `let ${value};`, `if (${present}) {`);
    src.lines.push(`p += ${keyText.length};`);
    const read = readValue(field.type, src, options, textKey !== undefined);
    src.lines.push(`${value} = ${read};`, "}");
    entries.push({ key: target, present, value });
  });
  src.expect("}");
  return entries;
}

/** Builds the object as compileLineDecoder's code does: the same keys in the same order. */
function buildObject(entries: Entry[], name: string, allKeys: boolean): string[] {
  if (allKeys) {
    const parts = entries.map((entry) => `${entry.key}: ${entry.value}`);
    return [`const ${name} = { ${parts.join(", ")} };`];
  }
  const lines: string[] = [];
  const initial: string[] = [];
  let declared = false;
  for (const entry of entries) {
    if (entry.present === undefined && !declared) {
      initial.push(`${entry.key}: ${entry.value}`);
      continue;
    }
    if (!declared) {
      lines.push(`const ${name} = { ${initial.join(", ")} };`);
      declared = true;
    }
    const assign = `${name}.${entry.key} = ${entry.value};`;
    lines.push(entry.present === undefined ? assign : `if (${entry.present}) ${assign}`);
  }
  if (!declared) lines.push(`const ${name} = { ${initial.join(", ")} };`);
  return lines;
}

/**
 * The byte decoder of lines a table describes, with compileLineDecoder's options: for a line it
 * takes, the same value that decoder gives for the line's text; null for any line it does not take
 * (which that decoder may still take). `slice` makes a string of plain ASCII bytes.
 */
export function compileByteLineDecoder(
  root: Field,
  name: string,
  slice: ByteText,
  options: DecoderOptions = {},
): ByteLineDecoder {
  const src = new ByteSource();
  const entries = objectEntries(checkedTable(root), src, options, true);
  const build = buildObject(entries, "o", options.allKeys === true);
  const body = [
    `return function ${checkedKey(name)}(b, s, e) {`,
    "let p = s;",
    ...src.lines,
    "if (p !== e) return null;",
    ...build,
    "return o;",
    "};",
  ].join("\n");
  return compileFunction(name, { R: byteReaders(slice), AT, slice }, body);
}
