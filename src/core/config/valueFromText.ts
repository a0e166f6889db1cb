// A flag's or --set's text as the value of the key it sets, read by that key's type in the schema
// (never as YAML, which turns "2024" into a number and "::" into a mapping):
// - string keys take the text as it is;
// - number keys take a decimal number ("7", "-2.5", "1e3");
// - boolean keys take true or false;
// - lists split on commas ("1,3,6", brackets allowed: "[1,3,6]"), each item read by the item type;
// - a nullable key takes null from "null" (string keys: from the empty text);
// - mappings, and lists of mappings, take JSON text ('{"m2":{"offsetMs":50}}'); a single key is
//   easier to set by its dotted path.
// Text that does not fit is returned unchanged, so the schema check reports it with its origin.
import { z } from "zod";
import type { ConfigPath } from "./keyPath.ts";
import { configSchema } from "./schema.ts";
import { schemaAt, unwrap } from "./schemaWalk.ts";

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function listItems(text: string): string[] {
  const inner = /^\[(.*)\]$/s.exec(text.trim())?.[1] ?? text;
  return inner.trim() === "" ? [] : inner.split(",").map((item) => item.trim());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Whether values of `schema` are written as one word: a string, number, boolean or choice. */
function isScalar(schema: z.ZodType): boolean {
  const { schema: inner } = unwrap(schema);
  if (inner instanceof z.ZodUnion) return (inner.options as z.ZodType[]).every(isScalar);
  return (
    inner instanceof z.ZodString ||
    inner instanceof z.ZodNumber ||
    inner instanceof z.ZodBoolean ||
    inner instanceof z.ZodLiteral ||
    inner instanceof z.ZodEnum
  );
}

/** `text` read as a value of `schema`. */
export function valueOfType(schema: z.ZodType, text: string): unknown {
  const { schema: inner, nullable } = unwrap(schema);
  const isString = inner instanceof z.ZodString;
  if (nullable && (isString ? text === "" : text.trim() === "null")) return null;
  if (isString || inner instanceof z.ZodEnum) return text;
  if (inner instanceof z.ZodNumber) return DECIMAL.test(text.trim()) ? Number(text.trim()) : text;
  if (inner instanceof z.ZodBoolean) {
    const word = text.trim();
    return word === "true" ? true : word === "false" ? false : text;
  }
  if (inner instanceof z.ZodLiteral) {
    const match = [...inner.values].find((value) => String(value) === text.trim());
    return match ?? text;
  }
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as z.ZodType[]) {
      const value = valueOfType(option, text);
      if (option.safeParse(value).success) return value;
    }
    return text;
  }
  if (inner instanceof z.ZodArray) {
    const element = inner.element as z.ZodType;
    // A list of mappings (entries with keys of their own) can only be written whole, as JSON.
    if (!isScalar(element)) return parseJson(text);
    return listItems(text).map((item) => valueOfType(element, item));
  }
  if (inner instanceof z.ZodObject || inner instanceof z.ZodRecord) return parseJson(text);
  return text;
}

/** `text` read as the value of the config key at `path` (unchanged where the key is unknown). */
export function valueFromText(path: ConfigPath, text: string): unknown {
  const schema = schemaAt(configSchema, path);
  return schema === undefined ? text : valueOfType(schema, text);
}
