// The vocabulary of the log format's field tables: what kinds of value a field can hold, and the
// builders the tables are written with (`whole()`, `text()`, `optional(...)`, ...). A table is an
// object whose keys, in order, are the line's keys in the order they are written. The encoders and
// the decoder are compiled from these tables (see compileJsonEncoder.ts, compileByteEncoder.ts,
// compileLineDecoder.ts); the types below also give the TypeScript type of a table's values.

export type FieldType =
  /** A whole number (written without a fraction; decoded only when it has none). */
  | { readonly kind: "whole" }
  /**
   * Any number. `oftenEquals` names an earlier sibling number field that usually holds the same
   * value: the encoders then reuse that field's text (a speed hint; the bytes are the same).
   */
  | { readonly kind: "number"; readonly oftenEquals?: string }
  /** Any string, escaped as JSON.stringify escapes it. */
  | { readonly kind: "text" }
  /** One of a few constant strings. */
  | { readonly kind: "oneOf"; readonly values: readonly string[] }
  /** Always this string (the `type` of a router line or a frame). */
  | { readonly kind: "constant"; readonly value: string }
  | { readonly kind: "boolean" }
  /** A string or null. */
  | { readonly kind: "textOrNull" }
  /** A list of strings. */
  | { readonly kind: "textList" }
  /** An object from names to whole numbers, in the object's own key order (a vector clock). */
  | { readonly kind: "counters" }
  /** A nested object described by its own table. */
  | { readonly kind: "object"; readonly fields: Shape };

/** One field of a table. `Value` is only for the type checker: the TypeScript type it holds. */
export interface Field<Value = unknown, Optional extends boolean = boolean> {
  readonly type: FieldType;
  readonly optional: Optional;
  readonly value?: Value;
}

/** A table: key -> field, in the order the keys are written. */
export type Shape = { readonly [key: string]: Field };

function field<Value>(type: FieldType): Field<Value, false> {
  return { type, optional: false };
}

export const whole = (): Field<number, false> => field({ kind: "whole" });
export const number = (hint: { oftenEquals?: string } = {}): Field<number, false> =>
  field({ kind: "number", ...hint });
export const text = (): Field<string, false> => field({ kind: "text" });
export const oneOf = <const Values extends readonly string[]>(values: Values): Field<Values[number], false> =>
  field({ kind: "oneOf", values });
export const constant = <const Value extends string>(value: Value): Field<Value, false> =>
  field({ kind: "constant", value });
export const boolean = (): Field<boolean, false> => field({ kind: "boolean" });
export const textOrNull = (): Field<string | null, false> => field({ kind: "textOrNull" });
export const textList = (): Field<string[], false> => field({ kind: "textList" });
export const counters = (): Field<Record<string, number>, false> => field({ kind: "counters" });
export const object = <const S extends Shape>(fields: S): Field<ShapeValue<S>, false> =>
  field({ kind: "object", fields });

/** The key may be absent (it is then not written at all, as JSON.stringify skips undefined). */
export function optional<Value>(inner: Field<Value, false>): Field<Value, true> {
  return { type: inner.type, optional: true };
}

/** The TypeScript type of a field's value. */
export type ValueOf<F> = F extends Field<infer Value, boolean> ? Value : never;

type Flatten<T> = { [K in keyof T]: T[K] };

/** The TypeScript type of an object a table describes. */
export type ShapeValue<S extends Shape> = Flatten<
  { [K in keyof S as S[K] extends Field<unknown, false> ? K : never]: ValueOf<S[K]> } & {
    [K in keyof S as S[K] extends Field<unknown, false> ? never : K]?: ValueOf<S[K]>;
  }
>;

/** The TypeScript type of the values a root field (an `object(...)` table) describes. */
export type LineOf<Root extends Field> = ValueOf<Root>;
