// Finding the part of a zod schema that a key path points at: what type a flag's text must be
// read as, which keys are allowed at a level (for "did you mean"), and what a value must look like.
import { z } from "zod";
import type { ConfigPath } from "./keyPath.ts";

/** A schema with its wrappers (default, prefault, optional, nullable) taken off. */
export interface Unwrapped {
  schema: z.ZodType;
  nullable: boolean;
}

export function unwrap(schema: z.ZodType): Unwrapped {
  let node = schema;
  let nullable = false;
  for (;;) {
    if (node instanceof z.ZodNullable) nullable = true;
    if (
      node instanceof z.ZodDefault ||
      node instanceof z.ZodPrefault ||
      node instanceof z.ZodOptional ||
      node instanceof z.ZodNullable
    ) {
      node = node.unwrap() as z.ZodType;
    } else {
      return { schema: node, nullable };
    }
  }
}

/** The schema one key down from `schema`, or undefined where that key is not allowed. */
function child(schema: z.ZodType, key: string | number): z.ZodType | undefined {
  const { schema: inner } = unwrap(schema);
  if (inner instanceof z.ZodObject) {
    const shape = inner.shape as Record<string, z.ZodType>;
    return Object.hasOwn(shape, String(key)) ? shape[String(key)] : undefined;
  }
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  if (inner instanceof z.ZodArray) return typeof key === "number" ? (inner.element as z.ZodType) : undefined;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as z.ZodType[]) {
      const found = child(option, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The schema at `path` under `root`, or undefined if the path leaves the schema. */
export function schemaAt(root: z.ZodType, path: ConfigPath): z.ZodType | undefined {
  let node: z.ZodType | undefined = root;
  for (const key of path) {
    if (node === undefined) return undefined;
    // Paths from flags and files name list entries by number; a record's keys stay strings.
    const isIndex = typeof key === "number" || /^\d+$/.test(key);
    node = child(node, isIndex && unwrap(node).schema instanceof z.ZodArray ? Number(key) : key);
  }
  return node;
}

/** The keys a mapping at `path` may hold (empty for free-form mappings such as machine.clocks). */
export function keysAt(root: z.ZodType, path: ConfigPath): string[] {
  const node = schemaAt(root, path);
  if (node === undefined) return [];
  const { schema } = unwrap(node);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion) {
    return (schema.options as z.ZodType[]).flatMap((option) => {
      const inner = unwrap(option).schema;
      return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
    });
  }
  return [];
}
