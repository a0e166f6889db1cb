// Validates a decoded JSON value against a FrameSpec: returns a fresh object with only the known
// fields (so nothing smuggled in survives), or throws a ProtocolError whose message names the
// field (`frame.hlc.logical`), what it got and what was expected.
import { ProtocolError } from "../errors.ts";
import {
  DEFAULT_MAX_ITEMS,
  type FieldList,
  type FieldSpec,
  type FrameSpec,
  MACHINE_ID_PATTERN,
  MACHINE_ID_TEXT,
} from "./fieldSpec.ts";

type Fields = Record<string, unknown>;

export function fail(message: string): never {
  throw new ProtocolError("INVALID_FIELD", message);
}

/** A short, safe description of a value for error messages (long strings are not echoed). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

/**
 * Whether a string's length in characters (code points, as JSON Schema counts them, not UTF-16
 * units) is outside [min, max]. Counting is only needed near the bounds: a string has at least
 * half as many characters as units and at most as many.
 */
function outOfRange(value: string, min: number, max: number): boolean {
  const units = value.length;
  if (units <= max && units >= 2 * min) return false;
  if (units < min || units > 2 * max) return true;
  let characters = 0;
  for (const _ of value) characters++;
  return characters > max || characters < min;
}

export function requireObject(value: unknown, where: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`${where} must be a JSON object, got ${describeValue(value)}`);
  }
  return value as Fields;
}

function wholeNumber(value: unknown, where: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? ">= 0" : `from 0 to ${max}`;
    fail(`${where} must be a whole number ${range}, got ${describeValue(value)}`);
  }
  return value;
}

function checkValue(spec: FieldSpec, value: unknown, where: string): unknown {
  switch (spec.kind) {
    case "uint":
      return wholeNumber(value, where, spec.max);
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value))
        fail(`${where} must be a finite number, got ${describeValue(value)}`);
      const low = spec.above !== undefined ? value <= spec.above : spec.min !== undefined && value < spec.min;
      if (low || (spec.max !== undefined && value > spec.max)) {
        const lower =
          spec.above !== undefined
            ? `above ${spec.above}`
            : spec.min !== undefined
              ? `at least ${spec.min}`
              : "";
        const upper = spec.max !== undefined ? `at most ${spec.max}` : "";
        fail(
          `${where} must be a number ${[lower, upper].filter(Boolean).join(" and ")}, got ${describeValue(value)}`,
        );
      }
      return value;
    }
    case "boolean":
      if (typeof value !== "boolean") fail(`${where} must be true or false, got ${describeValue(value)}`);
      return value;
    case "string": {
      const min = spec.minChars ?? 0;
      if (typeof value !== "string" || outOfRange(value, min, spec.maxChars)) {
        const range = min > 0 ? `${min} to ${spec.maxChars}` : `at most ${spec.maxChars}`;
        fail(`${where} must be a string of ${range} characters, got ${describeValue(value)}`);
      }
      if (spec.pattern !== undefined && !spec.pattern.test(value)) {
        fail(
          `${where} must be ${spec.patternText ?? `a string matching ${spec.pattern}`}, got ${describeValue(value)}`,
        );
      }
      return value;
    }
    case "machineId":
      if (typeof value !== "string" || !MACHINE_ID_PATTERN.test(value)) {
        fail(`${where} must be a machine id (${MACHINE_ID_TEXT}), got ${describeValue(value)}`);
      }
      return value;
    case "enum":
      if (typeof value !== "string" || !spec.values.includes(value)) {
        fail(`${where} must be one of ${spec.values.join(", ")}, got ${describeValue(value)}`);
      }
      return value;
    case "idList":
      if (!Array.isArray(value))
        fail(`${where} must be an array of machine ids, got ${describeValue(value)}`);
      return value.map((id, index) => {
        if (typeof id !== "string" || !MACHINE_ID_PATTERN.test(id))
          fail(`${where}[${index}] must be a machine id, got ${describeValue(id)}`);
        return id;
      });
    case "vector": {
      const entries = requireObject(value, where);
      const out: Record<string, number> = {};
      for (const key of Object.keys(entries)) {
        if (!MACHINE_ID_PATTERN.test(key))
          fail(`${where} has key ${describeValue(key)}, which is not a machine id`);
        out[key] = wholeNumber(entries[key], `${where}.${key}`);
      }
      return out;
    }
    case "object":
      return checkFields(spec.fields, requireObject(value, where), where);
    case "objectList": {
      const max = spec.maxItems ?? DEFAULT_MAX_ITEMS;
      if (!Array.isArray(value) || value.length > max)
        fail(`${where} must be an array of at most ${max} objects, got ${describeValue(value)}`);
      return value.map((item, index) =>
        checkFields(spec.fields, requireObject(item, `${where}[${index}]`), `${where}[${index}]`),
      );
    }
  }
}

/** Copies the listed fields out of `source`, checking each; absent optional fields stay absent. */
export function checkFields(fields: FieldList, source: Fields, where: string): Fields {
  const out: Fields = {};
  for (const entry of fields) {
    const value = source[entry.name];
    if (value === undefined) {
      if (entry.optional) continue;
    }
    out[entry.name] = checkValue(entry.spec, value, `${where}.${entry.name}`);
  }
  return out;
}

/** Validates one frame whose `type` is already known to be `spec.type`. */
export function checkFrame(spec: FrameSpec, source: Fields, where: string): Fields {
  const checked = { type: spec.type, ...checkFields(spec.fields, source, where) };
  for (const rule of spec.rules ?? []) {
    const problem = rule.check(source, where);
    if (problem !== null) throw new ProtocolError(problem.code, problem.message);
  }
  return checked;
}
