// Compiles a field table into a JSON text encoder: straight-line code that writes the table's keys
// in the table's order, byte for byte what JSON.stringify writes for an object with those keys in
// that order (whatever order the given object has its keys in). Strings that need escaping are
// escaped in place; numbers JSON cannot hold are written as null, as JSON.stringify does.
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
import { numberText } from "./numberText.ts";
import { quotedText } from "./stringText.ts";

function textListJson(list: readonly string[]): string {
  let out = "[";
  for (let i = 0; i < list.length; i++) out += i === 0 ? quotedText(list[i]!) : `,${quotedText(list[i]!)}`;
  return `${out}]`;
}

function countersJson(counters: Record<string, number>): string {
  let out = "{";
  let first = true;
  // Own keys in insertion order (integer-like keys first), as JSON.stringify visits them.
  for (const key in counters) {
    out += `${first ? "" : ","}${quotedText(key)}:${numberText(counters[key]!)}`;
    first = false;
  }
  return `${out}}`;
}

const HELPERS = { num: numberText, quoted: quotedText, textList: textListJson, counters: countersJson };

/** Collects generated statements, merging constant text and values into one `s += a + b` each. */
class JsonSource {
  readonly lines: string[] = [];
  #parts: string[] = [];
  #constant = "";
  #declared = false;
  #temps = 0;

  constantText(text: string): void {
    this.#constant += text;
  }

  value(expression: string): void {
    this.#flushConstant();
    this.#parts.push(expression);
  }

  statement(code: string): void {
    this.flush();
    this.lines.push(code);
  }

  /**
   * A declaration without side effects: it goes before the pending `s += ...`, which may then still
   * grow across it (the pending parts run after it, and nothing they read depends on it but later parts).
   */
  declare(code: string): void {
    this.lines.push(code);
  }

  temp(): string {
    return `t${this.#temps++}`;
  }

  flush(): void {
    this.#flushConstant();
    if (this.#parts.length === 0) {
      if (!this.#declared) this.lines.push('let s = "";');
    } else {
      this.lines.push(`${this.#declared ? "s +=" : "let s ="} ${this.#parts.join(" + ")};`);
      this.#parts = [];
    }
    this.#declared = true;
  }

  #flushConstant(): void {
    if (this.#constant === "") return;
    this.#parts.push(literal(this.#constant));
    this.#constant = "";
  }
}

function writeObject(shape: Shape, object: string, out: JsonSource): void {
  const reused = reusedKeys(shape);
  const texts = new Map<string, string>();
  out.constantText("{");
  shapeKeys(shape).forEach((key, index) => {
    const field = shape[key]!;
    const keyText = `${index === 0 ? "" : ","}${JSON.stringify(key)}:`;
    if (!field.optional) {
      out.constantText(keyText);
      const expression = `${object}.${key}`;
      if (reused.has(key)) {
        const text = out.temp();
        out.declare(`const ${text} = num(${expression});`);
        texts.set(key, text);
        out.value(text);
        return;
      }
      const sibling = reusedSibling(shape, key, field.type);
      if (sibling !== undefined) {
        out.value(`(${expression} === ${object}.${sibling} ? ${texts.get(sibling)} : num(${expression}))`);
        return;
      }
      writeValue(field.type, expression, out);
      return;
    }
    const value = out.temp();
    out.declare(`const ${value} = ${object}.${key};`);
    out.statement(`if (${value} !== undefined) {`);
    out.constantText(keyText);
    writeValue(field.type, value, out);
    out.statement("}");
  });
  out.constantText("}");
}

function writeValue(type: FieldType, expression: string, out: JsonSource): void {
  if (type.kind === "constant") {
    out.constantText(`"${checkedConstant(type.value)}"`);
  } else if (type.kind === "object") {
    if (/^t\d+$/.test(expression)) {
      writeObject(type.fields, expression, out);
      return;
    }
    const object = out.temp();
    out.declare(`const ${object} = ${expression};`);
    writeObject(type.fields, object, out);
  } else {
    out.value(valueText(type, expression));
  }
}

/** The expression of a value's JSON text. */
function valueText(type: Exclude<FieldType, { kind: "constant" | "object" }>, value: string): string {
  switch (type.kind) {
    case "whole":
    case "number":
      return `num(${value})`;
    case "text":
    case "oneOf":
      return `quoted(${value})`;
    case "boolean":
      return `(${value} ? "true" : "false")`;
    case "textOrNull":
      return `(${value} === null ? "null" : quoted(${value}))`;
    case "textList":
      return `textList(${value})`;
    case "counters":
      return `counters(${value})`;
  }
}

/** The JSON text of a line the table describes (no newline). */
export function compileJsonEncoder<Root extends Field>(
  root: Root,
  name: string,
): (line: LineOf<Root>) => string {
  const out = new JsonSource();
  writeObject(checkedTable(root), "v", out);
  out.flush();
  const body = `return function ${checkedKey(name)}(v) {\n${out.lines.join("\n")}\nreturn s;\n};`;
  return compileFunction(name, HELPERS, body);
}
