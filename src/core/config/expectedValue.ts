// What a value must be, in plain words, read from the schema itself ("a whole number from 0 to
// 65535", "true or false", "a mapping with the keys offsetMs, driftPpm") or, where the schema
// alone does not say it, from the zod issue ("a name of letters, digits, _ . - (up to 100)").
import { z } from "zod";
import { unwrap } from "./schemaWalk.ts";

interface Bound {
  value: number;
  inclusive: boolean;
}

/** The bounds of a number schema, from its checks (zod keeps exclusiveness only there). */
function numberBounds(schema: z.ZodNumber): { min?: Bound; max?: Bound } {
  const bounds: { min?: Bound; max?: Bound } = {};
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== "number") continue;
    const bound = { value: def.value, inclusive: def.inclusive === true };
    if (def.check === "greater_than" && (bounds.min === undefined || bound.value >= bounds.min.value)) {
      bounds.min = bound;
    }
    if (def.check === "less_than" && (bounds.max === undefined || bound.value <= bounds.max.value)) {
      bounds.max = bound;
    }
  }
  if (bounds.max !== undefined && bounds.max.value >= Number.MAX_SAFE_INTEGER) delete bounds.max;
  return bounds;
}

function describeNumber(schema: z.ZodNumber): string {
  const kind = schema.isInt ? "a whole number" : "a number";
  const { min, max } = numberBounds(schema);
  if (min?.inclusive && max?.inclusive) return `${kind} from ${min.value} to ${max.value}`;
  const parts = [
    min === undefined ? null : `${min.inclusive ? "at least" : "above"} ${min.value}`,
    max === undefined ? null : `${max.inclusive ? "at most" : "below"} ${max.value}`,
  ].filter((part) => part !== null);
  return parts.length === 0 ? kind : `${kind} ${parts.join(" and ")}`;
}

function describeString(schema: z.ZodString): string {
  const min = schema.minLength;
  return min !== null && min > 1 ? `a string of at least ${min} characters` : "a string";
}

function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** A union option as the words it adds to a list of choices: "auto" | true | false. */
function choices(option: z.ZodType): string[] {
  const { schema } = unwrap(option);
  if (schema instanceof z.ZodLiteral) return [...schema.values].map((v) => JSON.stringify(v));
  if (schema instanceof z.ZodBoolean) return ["true", "false"];
  return [describeSchema(option)];
}

/** What `schema` accepts, in words. */
export function describeSchema(schema: z.ZodType): string {
  const { schema: inner, nullable } = unwrap(schema);
  const words = describeInner(inner);
  return nullable ? `${words}, or null` : words;
}

function describeInner(schema: z.ZodType): string {
  if (schema instanceof z.ZodNumber) return describeNumber(schema);
  if (schema instanceof z.ZodString) return describeString(schema);
  if (schema instanceof z.ZodBoolean) return "true or false";
  if (schema instanceof z.ZodLiteral) return listWords([...schema.values].map((v) => JSON.stringify(v)));
  if (schema instanceof z.ZodEnum) {
    return `one of ${(schema.options as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (schema instanceof z.ZodUnion) return listWords((schema.options as z.ZodType[]).flatMap(choices));
  if (schema instanceof z.ZodArray) return "a list";
  if (schema instanceof z.ZodObject) return `a mapping with the keys ${Object.keys(schema.shape).join(", ")}`;
  if (schema instanceof z.ZodRecord) return "a mapping of keys to values";
  return "a valid value";
}

function entries(count: number | bigint): string {
  return `${String(count)} ${count === 1 ? "entry" : "entries"}`;
}

/** What was expected where `issue` was raised; `schema` is the schema at the issue's path, if known. */
export function expectedValue(issue: z.core.$ZodIssue, schema: z.ZodType | undefined): string {
  switch (issue.code) {
    case "too_big":
    case "too_small": {
      if (issue.origin === "array") {
        const bound = issue.code === "too_big" ? issue.maximum : issue.minimum;
        return `a list of ${issue.code === "too_big" ? "at most" : "at least"} ${entries(bound)}`;
      }
      if (issue.origin === "string" && issue.code === "too_small") {
        return issue.minimum === 1
          ? "a non-empty string"
          : `a string of at least ${String(issue.minimum)} characters`;
      }
      // The bound that was crossed says it best ("a value at least 2"); the whole range is for type errors.
      const bound = issue.code === "too_big" ? issue.maximum : issue.minimum;
      const side =
        issue.code === "too_big"
          ? issue.inclusive
            ? "at most"
            : "below"
          : issue.inclusive
            ? "at least"
            : "above";
      return `a value ${side} ${String(bound)}`;
    }
    case "invalid_type":
    case "invalid_union":
    case "invalid_value":
      return schema !== undefined ? describeSchema(schema) : fallbackExpectation(issue);
    case "invalid_format":
      return issue.message;
    case "invalid_key": {
      const inner = issue.issues[0];
      return `${inner?.message ?? "a valid key"} as the key`;
    }
    default:
      return issue.message;
  }
}

function fallbackExpectation(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value")
    return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_type") {
    const names: Record<string, string> = {
      int: "a whole number",
      number: "a number",
      string: "a string",
      boolean: "true or false",
      array: "a list",
      object: "a mapping",
      record: "a mapping of keys to values",
    };
    return names[issue.expected] ?? `a value of type ${issue.expected}`;
  }
  return issue.message;
}
