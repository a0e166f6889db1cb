// What the compilers of the field tables share: the checks that keep generated source made only of
// the constant tables (a key is a plain identifier, a constant is plain ASCII, text goes into the
// source only as a JSON literal), and the one place that turns generated source into a function.
// Generated code is used because the encoders run millions of times a second: straight-line code
// per line shape is as fast as the hand-written encoders it replaced; a loop over fields is not.
import type { Field, FieldType, Shape } from "./fieldTypes.ts";
import { isPlainAscii } from "./stringText.ts";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(["__proto__", "constructor", "prototype"]);

/** A table key, checked so that `object.key` and `"key":` are safe to write into source and JSON. */
export function checkedKey(key: string): string {
  if (!IDENTIFIER.test(key) || RESERVED.has(key))
    throw new Error(`log format: bad key ${JSON.stringify(key)}`);
  return key;
}

/** A constant string value, checked to need no escaping between JSON quotes. */
export function checkedConstant(value: string): string {
  if (!isPlainAscii(value) || value.length === 0) {
    throw new Error(`log format: constant ${JSON.stringify(value)} must be plain ASCII`);
  }
  return value;
}

/** A JavaScript string literal of `text`. */
export function literal(text: string): string {
  return JSON.stringify(text);
}

/** The keys of an object table, checked; the first must be required (the comma rule needs it). */
export function shapeKeys(shape: Shape): string[] {
  const keys = Object.keys(shape).map(checkedKey);
  const first = keys[0];
  if (first === undefined || shape[first]!.optional) {
    throw new Error("log format: an object's first key must be required");
  }
  return keys;
}

/** The object table of a root field. */
export function rootShape(root: Field): Shape {
  if (root.type.kind !== "object") throw new Error("log format: a line is described by an object table");
  return root.type.fields;
}

/** Checks a whole table (every key, constant and hint, at every depth) before any code is made from it. */
export function checkedTable(root: Field): Shape {
  const shape = rootShape(root);
  checkShape(shape);
  return shape;
}

function checkShape(shape: Shape): void {
  for (const key of shapeKeys(shape)) {
    const type = shape[key]!.type;
    reusedSibling(shape, key, type);
    if (type.kind === "constant") checkedConstant(type.value);
    if (type.kind === "oneOf") {
      if (type.values.length === 0) throw new Error(`log format: ${key} has no values to be one of`);
      type.values.forEach(checkedConstant);
    }
    if (type.kind === "object") checkShape(type.fields);
  }
}

/** The sibling a number field reuses the text of, checked: an earlier required number field. */
export function reusedSibling(shape: Shape, key: string, type: FieldType): string | undefined {
  if (type.kind !== "number" || type.oftenEquals === undefined) return undefined;
  const keys = Object.keys(shape);
  const sibling = type.oftenEquals;
  const target = shape[sibling];
  if (
    target === undefined ||
    target.optional ||
    shape[key]!.optional ||
    (target.type.kind !== "number" && target.type.kind !== "whole") ||
    keys.indexOf(sibling) >= keys.indexOf(key)
  ) {
    throw new Error(`log format: ${key}.oftenEquals must name an earlier required number field`);
  }
  return checkedKey(sibling);
}

/** Keys of `shape` that a later sibling reuses the text of. */
export function reusedKeys(shape: Shape): Set<string> {
  const out = new Set<string>();
  for (const key of Object.keys(shape)) {
    const sibling = reusedSibling(shape, key, shape[key]!.type);
    if (sibling !== undefined) out.add(sibling);
  }
  return out;
}

/**
 * Makes a function from generated source. `helpers` are the names and values the source may use;
 * the source itself is built only from the constant tables, through the checks above.
 */
export function compileFunction<F>(name: string, helpers: Record<string, unknown>, body: string): F {
  const names = Object.keys(helpers).map(checkedKey);
  const source = `"use strict";\n${body}\n//# sourceURL=clocklab-logFormat/${checkedKey(name)}.js`;
  // The source is made only from the constant field tables, through the checks above; never from data.
  const factory = new Function(...names, source) as (...values: unknown[]) => F;
  return factory(...names.map((key) => helpers[key]));
}
