// Checks a value from JSON.parse against a field table: the slow path for lines the fast decoder
// does not take (other key order, spaces, a writer other than clocklab's). Keys may come in any
// order and keys the table does not know are allowed; every key the table requires must be there
// with a value of its kind.
import type { Field, FieldType, LineOf, Shape } from "./fieldTypes.ts";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function matchesShape(shape: Shape, value: unknown): boolean {
  if (!isObject(value)) return false;
  for (const key of Object.keys(shape)) {
    const field = shape[key]!;
    const item = value[key];
    if (item === undefined ? !field.optional : !matchesType(field.type, item)) return false;
  }
  return true;
}

function matchesType(type: FieldType, value: unknown): boolean {
  switch (type.kind) {
    case "whole":
      return Number.isInteger(value);
    case "number":
      return Number.isFinite(value);
    case "text":
      return typeof value === "string";
    case "oneOf":
      return typeof value === "string" && type.values.includes(value);
    case "constant":
      return value === type.value;
    case "boolean":
      return typeof value === "boolean";
    case "textOrNull":
      return value === null || typeof value === "string";
    case "textList":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "counters":
      return isObject(value) && Object.values(value).every((item) => Number.isInteger(item));
    case "object":
      return matchesShape(type.fields, value);
  }
}

/** Whether `value` is a line the root table describes. */
export function matchesTable<Root extends Field>(root: Root, value: unknown): value is LineOf<Root> {
  return matchesType(root.type, value);
}
