// Compiles a field table into a fast line decoder: one anchored regular expression that matches a
// line exactly as the encoders write it (keys in the table's order, no spaces), and straight-line
// code that builds the object from its groups. For every line it accepts, the result equals what
// JSON.parse gives (escaped strings included; numbers too large for a double are Infinity, as
// there); any other line (other key order, extra keys, spaces, a null where a number belongs)
// gives null, and the caller takes JSON.parse's path. A reader that wants another shape (a field
// left as text, a nested object's keys lifted up) asks for it in the options, and still gets code
// made from the table.
import type { Field, FieldType, LineOf, Shape } from "./fieldTypes.ts";
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

/** The inside of a JSON string: no raw control characters, only valid escapes. */
const STRING_BODY = String.raw`[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*`;
/** JSON's numbers (no leading zeros). A lookahead is much faster here than `(?:0|[1-9]\d*)`. */
const WHOLE = String.raw`-?(?!0\d)\d+`;
const NUMBER = String.raw`${WHOLE}(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const QUOTED = `"${STRING_BODY}"`;

function regexText(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function decodedText(body: string): string {
  return body.indexOf("\\") === -1 ? body : (JSON.parse(`"${body}"`) as string);
}

function decodedTextList(items: string): string[] {
  if (items === "") return [];
  if (items.indexOf("\\") === -1) {
    // One item (a direct message's one destination) needs no split: a comma is always between two.
    return items.indexOf(",") === -1 ? [items.slice(1, -1)] : items.slice(1, -1).split('","');
  }
  return JSON.parse(`[${items}]`) as string[];
}

/** Digits of a whole number that `v * 10 + d` builds exactly (10^15 < 2^53). */
const EXACT_DIGITS = 15;

/**
 * A whole number's text (as WHOLE matched it: a sign and digits) as `+text` gives it. Up to 15
 * digits it is built digit by digit, which is several times cheaper than the conversion.
 */
function decodedWhole(text: string): number {
  const length = text.length;
  if (length > EXACT_DIGITS) return +text;
  let value = 0;
  if (text.charCodeAt(0) === 45) {
    for (let i = 1; i < length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
    return -value;
  }
  for (let i = 0; i < length; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

function decodedCounters(text: string): Record<string, number> {
  return JSON.parse(text) as Record<string, number>;
}

const HELPERS = {
  text: decodedText,
  textList: decodedTextList,
  counters: decodedCounters,
  whole: decodedWhole,
};

export interface DecoderOptions {
  /**
   * Top-level fields to leave as their JSON text, under another key (e.g. `{ vector: "vectorText" }`):
   * for a value most readers never look at, parsing it only when asked is cheaper.
   */
  asText?: Record<string, string>;
  /**
   * Top-level object fields whose keys go into the line itself, each under the name given (e.g.
   * `{ hlc: { wall: "hlcWall", logical: "hlcLogical" } }`): one object less per line.
   */
  lift?: Record<string, Record<string, string>>;
  /**
   * Every key of every object is there from the start, undefined when the line has none: every
   * line then has one object shape, which is faster to build and to read.
   */
  allKeys?: boolean;
}

/** The regular expression, with the groups that each value takes. */
class DecoderSource {
  pattern = "";
  groups = 0;
  #temps = 0;

  /** Appends a capturing group around `inner` (which has no groups); returns its number. */
  group(inner: string): number {
    this.pattern += `(${inner})`;
    return ++this.groups;
  }

  /** Opens a capturing group whose inside is appended next; returns its number. */
  open(): number {
    this.pattern += "(";
    return ++this.groups;
  }

  temp(): string {
    return `o${this.#temps++}`;
  }
}

/** One key of the object being built: where its value comes from. */
interface Entry {
  key: string;
  /** For an optional key: the group that is set when the line has it. */
  present?: number;
  /** Statements that must run before `expression` (building a nested object). */
  setup: string[];
  expression: string;
}

/** Appends the object's pattern; returns its entries in order. */
function objectEntries(shape: Shape, src: DecoderSource, options: DecoderOptions, top: boolean): Entry[] {
  const entries: Entry[] = [];
  const asText = (top && options.asText) || {};
  const lift = (top && options.lift) || {};
  /** Number fields whose value a later sibling reuses: their group, and the constant that holds the value. */
  const reusedBySibling = reusedKeys(shape);
  const numbers = new Map<string, { group: number; name: string }>();
  src.pattern += String.raw`\{`;
  shapeKeys(shape).forEach((key, index) => {
    const field = shape[key]!;
    const textKey = asText[key];
    const names = lift[key];
    const keyPattern = `${index === 0 ? "" : ","}"${key}":`;
    if (names !== undefined) {
      if (field.optional || field.type.kind !== "object") {
        throw new Error(`log format: only a required object can be lifted (${key})`);
      }
      src.pattern += keyPattern;
      for (const entry of objectEntries(field.type.fields, src, options, false)) {
        entries.push({ ...entry, key: checkedKey(names[entry.key] ?? entry.key) });
      }
      return;
    }
    const target = textKey === undefined ? key : checkedKey(textKey);
    if (!field.optional) {
      src.pattern += keyPattern;
      const [setup, expression] = readValue(field.type, src, options, textKey !== undefined);
      const sibling = reusedSibling(shape, key, field.type);
      if (sibling !== undefined) {
        // Where the text is the same as the sibling's, so is the value: no second conversion.
        const reused = numbers.get(sibling)!;
        const own = src.groups;
        entries.push({
          key: target,
          setup,
          expression: `m[${own}] === m[${reused.group}] ? ${reused.name} : ${expression}`,
        });
        return;
      }
      if (reusedBySibling.has(key)) {
        const name = src.temp();
        numbers.set(key, { group: src.groups, name });
        entries.push({ key: target, setup: [...setup, `const ${name} = ${expression};`], expression: name });
        return;
      }
      entries.push({ key: target, setup, expression });
      return;
    }
    // Whether the key is there: the value's own first group when it is set whenever the value
    // matches, else a group around the whole (fewer groups make the expression faster).
    const own = textKey !== undefined || firstGroupAlwaysSet(field.type);
    const present = own ? src.groups + 1 : src.open();
    if (own) src.pattern += "(?:";
    src.pattern += keyPattern;
    const [setup, expression] = readValue(field.type, src, options, textKey !== undefined);
    src.pattern += ")?";
    entries.push({ key: target, present, setup, expression });
  });
  src.pattern += String.raw`\}`;
  return entries;
}

/** Statements that build an object from its entries into the constant `name`. */
function buildObject(entries: Entry[], name: string, src: DecoderSource, allKeys: boolean): string[] {
  const lines: string[] = [];
  if (allKeys) {
    const parts = entries.map((entry) => {
      if (entry.present === undefined) {
        lines.push(...entry.setup);
        return `${entry.key}: ${entry.expression}`;
      }
      if (entry.setup.length === 0) {
        return `${entry.key}: m[${entry.present}] === undefined ? undefined : ${entry.expression}`;
      }
      const value = src.temp();
      lines.push(`let ${value};`, `if (m[${entry.present}] !== undefined) {`, ...entry.setup);
      lines.push(`${value} = ${entry.expression};`, "}");
      return `${entry.key}: ${value}`;
    });
    lines.push(`const ${name} = { ${parts.join(", ")} };`);
    return lines;
  }
  // As JSON.parse builds it: keys up to the first optional one in the literal, the rest in order.
  const initial: string[] = [];
  let declared = false;
  for (const entry of entries) {
    if (entry.present === undefined) {
      lines.push(...entry.setup);
      if (declared) lines.push(`${name}.${entry.key} = ${entry.expression};`);
      else initial.push(`${entry.key}: ${entry.expression}`);
      continue;
    }
    if (!declared) {
      lines.push(`const ${name} = { ${initial.join(", ")} };`);
      declared = true;
    }
    lines.push(`if (m[${entry.present}] !== undefined) {`, ...entry.setup);
    lines.push(`${name}.${entry.key} = ${entry.expression};`, "}");
  }
  if (!declared) lines.push(`const ${name} = { ${initial.join(", ")} };`);
  return lines;
}

/** Appends the value's pattern; returns the statements it needs first and its expression. */
function readValue(
  type: FieldType,
  src: DecoderSource,
  options: DecoderOptions,
  keepText: boolean,
): [string[], string] {
  if (keepText) return [[], `m[${src.group(textPatternOf(type))}]`];
  switch (type.kind) {
    case "whole":
      return [[], `whole(m[${src.group(WHOLE)}])`];
    case "number":
      return [[], `+m[${src.group(NUMBER)}]`];
    case "text": {
      src.pattern += '"';
      const group = src.group(STRING_BODY);
      src.pattern += '"';
      return [[], `text(m[${group}])`];
    }
    case "oneOf": {
      // A group per value, so that the value is the constant itself: a string the matcher cut out
      // would compare with constants character by character (the reader's every `type === "SEND"`).
      src.pattern += '"(?:';
      const groups = type.values.map((value, i) => {
        if (i > 0) src.pattern += "|";
        return src.group(regexText(checkedConstant(value)));
      });
      src.pattern += ')"';
      const last = literal(type.values[type.values.length - 1]!);
      const expression = groups
        .slice(0, -1)
        .reduceRight(
          (rest, group, i) => `m[${group}] !== undefined ? ${literal(type.values[i]!)} : ${rest}`,
          last,
        );
      return [[], groups.length === 1 ? last : `(${expression})`];
    }
    case "constant":
      src.pattern += `"${regexText(checkedConstant(type.value))}"`;
      return [[], literal(type.value)];
    case "boolean":
      return [[], `m[${src.group("true|false")}] === "true"`];
    case "textOrNull": {
      src.pattern += "(?:";
      const isNull = src.group("null");
      src.pattern += '|"';
      const group = src.group(STRING_BODY);
      src.pattern += '")';
      return [[], `m[${isNull}] !== undefined ? null : text(m[${group}])`];
    }
    case "textList": {
      src.pattern += String.raw`\[`;
      const group = src.group(`(?:${QUOTED}(?:,${QUOTED})*)?`);
      src.pattern += String.raw`\]`;
      return [[], `textList(m[${group}])`];
    }
    case "counters": {
      const entry = `${QUOTED}:${WHOLE}`;
      return [[], `counters(m[${src.group(String.raw`\{(?:${entry}(?:,${entry})*)?\}`)}])`];
    }
    case "object": {
      const name = src.temp();
      const entries = objectEntries(type.fields, src, options, false);
      return [buildObject(entries, name, src, options.allKeys === true), name];
    }
  }
}

/** Whether a value's pattern starts with a group that is set whenever the value matches. */
function firstGroupAlwaysSet(type: FieldType): boolean {
  switch (type.kind) {
    case "constant":
    case "textOrNull":
      return false;
    case "oneOf":
      return type.values.length === 1;
    case "object": {
      const first = Object.keys(type.fields)[0];
      return first !== undefined && firstGroupAlwaysSet(type.fields[first]!.type);
    }
    default:
      return true;
  }
}

/**
 * The pattern of a value kept as text (no groups inside). Its inside is not checked (that is the
 * point of keeping it as text; whoever parses it later checks it). A brace or bracket inside one
 * of its strings ends the match early, and what must follow (a key, in quotes) cannot come from
 * inside a string: such a line goes the slow way, and no valid line is taken apart wrongly.
 */
function textPatternOf(type: FieldType): string {
  switch (type.kind) {
    case "counters":
      return String.raw`\{[^{}"]*(?:${QUOTED}[^{}"]*)*\}`;
    case "textList":
      return String.raw`\[[^[\]]*\]`;
    default:
      throw new Error(`log format: a ${type.kind} field cannot be kept as text`);
  }
}

/**
 * The fast decoder of lines a table describes (without their newline): the line's value, or null
 * when the line is not exactly as the encoders write it. Without options the value is exactly
 * JSON.parse's; the options change its shape (see DecoderOptions), which the return type then
 * does not describe.
 */
export function compileLineDecoder<Root extends Field>(
  root: Root,
  name: string,
  options: DecoderOptions = {},
): (line: string) => LineOf<Root> | null {
  const src = new DecoderSource();
  const entries = objectEntries(checkedTable(root), src, options, true);
  const statements = buildObject(entries, "o", src, options.allKeys === true);
  const pattern = new RegExp(`^${src.pattern}$`);
  const body = [
    `return function ${checkedKey(name)}(line) {`,
    "const m = PATTERN.exec(line);",
    "if (m === null) return null;",
    ...statements,
    "return o;",
    "};",
  ].join("\n");
  return compileFunction(name, { ...HELPERS, PATTERN: pattern }, body);
}
