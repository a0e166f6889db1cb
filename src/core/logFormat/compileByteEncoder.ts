// Compiles a field table into a byte encoder: straight-line code that writes a line (JSON text and
// its newline, the same bytes as the JSON encoder) into a buffer, constant text (and a oneOf field's
// value with it) as four-byte stores of immediates, without allocating. It first checks that the line's largest possible size fits in the room
// left, so no write ever reaches past the buffer's end; if it might not, it writes nothing and
// returns NO_ROOM.
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
import {
  type ByteTarget,
  fragmentStatements,
  LINE_SLACK_BYTES,
  NUMBER_BOUND,
  putNumber,
  putQuoted,
  putTrusted,
  quotedBound,
} from "./jsonBytes.ts";

/** The line did not fit in the space left: flush and call again. */
export const NO_ROOM = -1;

export interface ByteEncoder<Line> {
  /** Writes `line` and its newline into `target` from `start`; returns the end, or NO_ROOM. */
  encode(line: Line, target: ByteTarget, start: number): number;
  /** The most bytes `encode` may need for `line` (slack for four-byte writes included). */
  bound(line: Line): number;
}

const COMMA = 0x2c;

function putTextList(target: ByteTarget, pos: number, list: readonly string[]): number {
  const out = target.bytes;
  out[pos++] = 0x5b;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out[pos++] = COMMA;
    pos = putQuoted(target, pos, list[i]!);
  }
  out[pos++] = 0x5d;
  return pos;
}

function putCounters(target: ByteTarget, pos: number, counters: Record<string, number>): number {
  const out = target.bytes;
  out[pos++] = 0x7b;
  let first = true;
  // Own keys in insertion order (integer-like keys first), as JSON.stringify visits them.
  for (const key in counters) {
    if (!first) out[pos++] = COMMA;
    first = false;
    pos = putQuoted(target, pos, key);
    out[pos++] = 0x3a;
    pos = putNumber(target, pos, counters[key]!);
  }
  out[pos++] = 0x7d;
  return pos;
}

function textListBound(list: readonly string[]): number {
  let bound = 2;
  for (let i = 0; i < list.length; i++) bound += quotedBound(list[i]!.length) + 1;
  return bound;
}

function countersBound(counters: Record<string, number>): number {
  let bound = 2;
  for (const key in counters) bound += quotedBound(key.length) + NUMBER_BOUND + 2;
  return bound;
}

const HELPERS = {
  NO_ROOM,
  putNumber,
  putQuoted,
  putTrusted,
  putTextList,
  putCounters,
  quotedBound,
  textListBound,
  countersBound,
};

/** Generated statements of the encoder and of its bound. */
class ByteSource {
  readonly encode: string[] = [];
  readonly bound: string[] = [];
  /** Bytes every line may take whatever its values: constants and numbers at their longest. */
  fixedBound = LINE_SLACK_BYTES + 1;
  #constant = "";
  #temps = 0;

  constantText(text: string): void {
    this.#constant += text;
    this.fixedBound += text.length;
  }

  statement(code: string): void {
    this.flush();
    this.encode.push(code);
  }

  /** A declaration that writes nothing: pending constant text may still merge across it. */
  declare(code: string): void {
    this.encode.push(code);
  }

  /** Where the bound's statements are now, to drop a scope that turned out to add nothing. */
  boundMark(): number {
    return this.bound.length;
  }

  /** Drops the bound's statements from `mark` if nothing was added after the first `opening` of them. */
  closeBound(mark: number, opening: number, closing: string | null): void {
    if (this.bound.length === mark + opening) this.bound.length = mark;
    else if (closing !== null) this.bound.push(closing);
  }

  /**
   * A value that is one of a few constants: each is written together with the constant text before
   * it, in one go; anything else (which the type checker rules out) as any text.
   */
  oneOf(expression: string, values: readonly string[]): void {
    const prefix = this.#constant;
    this.#constant = "";
    values.forEach((value, index) => {
      this.encode.push(`${index === 0 ? "" : "} else "}if (${expression} === ${literal(value)}) {`);
      this.#constant = `${prefix}"${checkedConstant(value)}"`;
      this.flush();
    });
    this.encode.push("} else {");
    this.#constant = prefix;
    this.flush();
    this.encode.push(`pos = putQuoted(target, pos, ${expression});`, "}");
  }

  temp(): string {
    return `t${this.#temps++}`;
  }

  flush(): void {
    const text = this.#constant;
    if (text === "") return;
    this.#constant = "";
    if (text.length === 1) {
      this.encode.push(`out[pos++] = ${text.charCodeAt(0)};`);
      return;
    }
    this.encode.push(...fragmentStatements(text));
  }
}

function writeObject(shape: Shape, object: string, out: ByteSource): void {
  const reused = reusedKeys(shape);
  const spans = new Map<string, [string, string]>();
  out.constantText("{");
  shapeKeys(shape).forEach((key, index) => {
    const field = shape[key]!;
    const keyText = `${index === 0 ? "" : ","}${JSON.stringify(key)}:`;
    if (!field.optional) {
      out.constantText(keyText);
      const expression = `${object}.${key}`;
      if (reused.has(key)) {
        const [start, end] = [out.temp(), out.temp()];
        out.statement(`const ${start} = pos;`);
        writeValue(field.type, expression, out);
        out.statement(`const ${end} = pos;`);
        spans.set(key, [start, end]);
        return;
      }
      const sibling = reusedSibling(shape, key, field.type);
      if (sibling !== undefined) {
        const [start, end] = spans.get(sibling)!;
        out.fixedBound += NUMBER_BOUND;
        out.statement(`if (${expression} === ${object}.${sibling}) {`);
        out.statement(`for (let i = ${start}; i < ${end}; i++) out[pos++] = out[i];`);
        out.statement(`} else pos = putNumber(target, pos, ${expression});`);
        return;
      }
      writeValue(field.type, expression, out);
      return;
    }
    const value = out.temp();
    const mark = out.boundMark();
    out.declare(`const ${value} = ${object}.${key};`);
    out.statement(`if (${value} !== undefined) {`);
    out.bound.push(`const ${value} = ${object}.${key};`, `if (${value} !== undefined) {`);
    out.constantText(keyText);
    writeValue(field.type, value, out);
    out.statement("}");
    out.closeBound(mark, 2, "}");
  });
  out.constantText("}");
}

function writeValue(type: FieldType, expression: string, out: ByteSource): void {
  if (type.kind === "constant") {
    out.constantText(`"${checkedConstant(type.value)}"`);
  } else if (type.kind === "oneOf") {
    out.bound.push(`b += quotedBound(${expression}.length);`);
    out.oneOf(expression, type.values);
  } else if (type.kind === "object") {
    if (/^t\d+$/.test(expression)) {
      writeObject(type.fields, expression, out);
      return;
    }
    const object = out.temp();
    const mark = out.boundMark();
    out.declare(`const ${object} = ${expression};`);
    out.bound.push(`const ${object} = ${expression};`);
    writeObject(type.fields, object, out);
    out.closeBound(mark, 1, null);
  } else {
    const write = valueWrite(type, expression);
    if (write.fixed !== undefined) out.fixedBound += write.fixed;
    if (write.bound !== undefined) out.bound.push(`b += ${write.bound};`);
    out.statement(`pos = ${write.put};`);
  }
}

interface ValueWrite {
  /** The call that writes the value and returns the new position. */
  put: string;
  /** Bytes it takes at most, when that does not depend on the value... */
  fixed?: number;
  /** ...or the expression of the most bytes it takes. */
  bound?: string;
}

function valueWrite(
  type: Exclude<FieldType, { kind: "constant" | "object" | "oneOf" }>,
  value: string,
): ValueWrite {
  switch (type.kind) {
    case "whole":
    case "number":
      return { put: `putNumber(target, pos, ${value})`, fixed: NUMBER_BOUND };
    case "text":
      return { put: `putQuoted(target, pos, ${value})`, bound: `quotedBound(${value}.length)` };
    case "boolean":
      return { put: `putTrusted(target, pos, ${value} ? "true" : "false")`, fixed: 5 };
    case "textOrNull":
      return {
        put: `${value} === null ? putTrusted(target, pos, "null") : putQuoted(target, pos, ${value})`,
        bound: `${value} === null ? 4 : quotedBound(${value}.length)`,
      };
    case "textList":
      return { put: `putTextList(target, pos, ${value})`, bound: `textListBound(${value})` };
    case "counters":
      return { put: `putCounters(target, pos, ${value})`, bound: `countersBound(${value})` };
  }
}

/** The byte encoder of the lines a table describes; `name` names the generated functions. */
export function compileByteEncoder<Root extends Field>(root: Root, name: string): ByteEncoder<LineOf<Root>> {
  const out = new ByteSource();
  writeObject(checkedTable(root), "v", out);
  out.constantText("\n");
  out.flush();
  const boundName = `${checkedKey(name)}Bound`;
  const body = [
    `function ${boundName}(v) {`,
    `let b = ${out.fixedBound};`,
    ...out.bound,
    "return b;",
    "}",
    `function ${name}(v, target, start) {`,
    `if (start + ${boundName}(v) > target.bytes.length) return NO_ROOM;`,
    "const out = target.bytes;",
    "const view = target.view;",
    "let pos = start;",
    ...out.encode,
    "return pos;",
    "}",
    `return { encode: ${name}, bound: ${boundName} };`,
  ].join("\n");
  return compileFunction(name, HELPERS, body);
}
