// Turns the frame descriptions (protocol/frames.ts) into JSON Schema (draft 2020-12), one schema
// per frame, for people who write a machine in another language. It is a pure function of the
// same FieldSpecs the validator runs on, cross-field rules included, so the published schemas say
// what the router actually accepts. `npm run schemas` writes them to docs/protocol/.
import {
  DEFAULT_MAX_ITEMS,
  type FieldList,
  type FieldSpec,
  type FrameSpec,
  MACHINE_ID_PATTERN,
  MACHINE_ID_TEXT,
} from "./fieldSpec.ts";
import { CLIENT_FRAMES, SERVER_FRAMES } from "./frames.ts";

export type JsonSchema = Record<string, unknown>;

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Who sends a frame: a machine (client) or the router (server). */
export type FrameDirection = "machine to router" | "router to machine";

/** The validator counts a string's length as JavaScript does; JSON Schema counts code points. */
const UTF16_NOTE = "length in UTF-16 code units: a character beyond U+FFFF, like most emoji, counts 2";

function machineIdSchema(description?: string): JsonSchema {
  const schema: JsonSchema = { type: "string", pattern: regexSource(MACHINE_ID_PATTERN) };
  schema.description = description ?? `a machine id: ${MACHINE_ID_TEXT}, starting with a letter or digit`;
  return schema;
}

function wholeNumberSchema(max = Number.MAX_SAFE_INTEGER): JsonSchema {
  return { type: "integer", minimum: 0, maximum: max };
}

/** A JavaScript RegExp as a JSON Schema pattern (ECMA-262 syntax both); flags have no JSON form. */
function regexSource(pattern: RegExp): string {
  if (pattern.flags !== "") throw new Error(`pattern ${pattern} has flags, which JSON Schema cannot express`);
  return pattern.source;
}

/** The JSON Schema of one field's value (without its description). */
export function valueSchema(spec: FieldSpec): JsonSchema {
  switch (spec.kind) {
    case "uint":
      return wholeNumberSchema(spec.max);
    case "number": {
      const schema: JsonSchema = { type: "number" };
      // As in the validator, `above` (exclusive) wins over `min` (inclusive).
      if (spec.above !== undefined) schema.exclusiveMinimum = spec.above;
      else if (spec.min !== undefined) schema.minimum = spec.min;
      if (spec.max !== undefined) schema.maximum = spec.max;
      return schema;
    }
    case "boolean":
      return { type: "boolean" };
    case "string": {
      const schema: JsonSchema = { type: "string" };
      if ((spec.minChars ?? 0) > 0) schema.minLength = spec.minChars;
      schema.maxLength = spec.maxChars;
      if (spec.pattern !== undefined) schema.pattern = regexSource(spec.pattern);
      return schema;
    }
    case "machineId":
      return { type: "string", pattern: regexSource(MACHINE_ID_PATTERN) };
    case "enum":
      return { type: "string", enum: [...spec.values] };
    case "idList":
      return { type: "array", items: machineIdSchema() };
    case "vector":
      return {
        type: "object",
        propertyNames: machineIdSchema("a machine id"),
        additionalProperties: wholeNumberSchema(),
      };
    case "object":
      return objectSchema(spec.fields);
    case "objectList":
      return {
        type: "array",
        maxItems: spec.maxItems ?? DEFAULT_MAX_ITEMS,
        items: objectSchema(spec.fields),
      };
  }
}

function fieldSchema(spec: FieldSpec, description: string): JsonSchema {
  const value = valueSchema(spec);
  const note = spec.kind === "string" ? ` (${UTF16_NOTE})` : "";
  // The description goes first: it is what a reader of the file looks for.
  return { description: `${description}${note}`, ...value };
}

/**
 * An object of the listed fields. Unknown fields are allowed, as the validator ignores them (and
 * drops them: nothing a peer adds is passed on).
 */
function objectSchema(fields: FieldList, leading: Record<string, JsonSchema> = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = { ...leading };
  for (const entry of fields) properties[entry.name] = fieldSchema(entry.spec, entry.description);
  const required = [...Object.keys(leading), ...fields.filter((f) => !f.optional).map((f) => f.name)];
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  return schema;
}

/** The JSON Schema of one frame: its fields, its `type`, and its cross-field rules. */
export function frameJsonSchema(spec: FrameSpec, direction: FrameDirection): JsonSchema {
  const body = objectSchema(spec.fields, {
    type: { description: "the frame's type: always the first thing to look at", const: spec.type },
  });
  const schema: JsonSchema = {
    $schema: JSON_SCHEMA_DIALECT,
    title: `clocklab wire protocol 1: ${spec.type} (${direction})`,
    description: spec.description,
    ...body,
  };
  const rules = (spec.rules ?? []).map((rule) => rule.jsonSchema).filter((s) => Object.keys(s).length > 0);
  if (rules.length === 1 && Object.keys(rules[0]!).every((key) => !(key in schema))) {
    Object.assign(schema, rules[0]);
  } else if (rules.length > 0) {
    schema.allOf = rules;
  }
  return schema;
}

export interface FrameSchemaFile {
  /** e.g. "hello.schema.json" */
  fileName: string;
  type: string;
  direction: FrameDirection;
  schema: JsonSchema;
}

/** Every frame of the protocol, machine to router first, each with the file name it is published as. */
export function protocolSchemas(): FrameSchemaFile[] {
  const files = (specs: readonly FrameSpec[], direction: FrameDirection) =>
    specs.map((spec) => ({
      fileName: `${spec.type}.schema.json`,
      type: spec.type,
      direction,
      schema: frameJsonSchema(spec, direction),
    }));
  return [...files(CLIENT_FRAMES, "machine to router"), ...files(SERVER_FRAMES, "router to machine")];
}
