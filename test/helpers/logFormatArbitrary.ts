// fast-check arbitraries made from the log format's field tables, so property tests cover every
// field of every line shape, and a field added to a table is covered without touching the tests.
// Objects are built with their keys in table order, as the encoders write them.
import fc from "fast-check";
import type { Field, FieldType, LineOf, Shape } from "../../src/core/logFormat/fieldTypes.ts";

export interface ValueOptions {
  /** Also NaN and the infinities (which JSON writes as null, so they cannot be read back). */
  nonFinite?: boolean;
}

/** Characters JSON must escape or that are not ASCII, lone surrogates included. */
const HARD_CHARACTERS = [
  '"',
  "\\",
  "\n",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "é",
  "😀",
  "\ud800",
  "\udfff",
];

const machineId = fc.stringMatching(/^m[1-9][0-9]{0,3}$/);

/** Mostly ids as clocklab writes them, sometimes any string at all. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: machineId, weight: 4 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...HARD_CHARACTERS, "a", "-"), maxLength: 6 }), weight: 1 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 6 }), weight: 1 },
);

const wholeNumber = fc.oneof(fc.nat({ max: 20_000 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));

function anyNumber(options: ValueOptions): fc.Arbitrary<number> {
  return fc.oneof(
    wholeNumber,
    fc.double({ min: 0, max: 4e12, noNaN: true }),
    fc.double({ noNaN: !options.nonFinite, noDefaultInfinity: !options.nonFinite }),
  );
}

function arbitraryOf(type: FieldType, options: ValueOptions): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case "whole":
      return wholeNumber;
    case "number":
      return anyNumber(options);
    case "text":
      return anyText;
    case "oneOf":
      return fc.constantFrom(...type.values);
    case "constant":
      return fc.constant(type.value);
    case "boolean":
      return fc.boolean();
    case "textOrNull":
      return fc.option(anyText, { nil: null });
    case "textList":
      return fc.array(anyText, { maxLength: 4 });
    case "counters":
      return fc
        .array(fc.tuple(anyText, wholeNumber), { maxLength: 5 })
        .map((entries) => Object.fromEntries(entries));
    case "object":
      return objectOf(type.fields, options);
  }
}

function objectOf(shape: Shape, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(shape);
  const values = keys.map((key) => {
    const field = shape[key]!;
    const value = arbitraryOf(field.type, options);
    return field.optional ? fc.option(value, { nil: undefined }) : value;
  });
  return fc.tuple(...values).map((items) => {
    const out: Record<string, unknown> = {};
    items.forEach((item, i) => {
      if (item !== undefined) out[keys[i]!] = item;
    });
    return out;
  });
}

/** Any line the root table describes, keys in table order. */
export function lineOf<Root extends Field>(
  root: Root,
  options: ValueOptions = {},
): fc.Arbitrary<LineOf<Root>> {
  return arbitraryOf(root.type, options) as fc.Arbitrary<LineOf<Root>>;
}

/**
 * The same line with the keys of its table objects (at every depth) in another order: the encoders
 * must not care. Counters (a vector clock) keep their order, which is part of what is written.
 */
export function reordered<T>(root: Field, value: T, random: () => number): T {
  return reorderedValue(root.type, value, random) as T;
}

function reorderedValue(type: FieldType, value: unknown, random: () => number): unknown {
  if (type.kind !== "object" || typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const field = type.fields[key];
    out[key] = field === undefined ? item : reorderedValue(field.type, item, random);
  }
  return out;
}
