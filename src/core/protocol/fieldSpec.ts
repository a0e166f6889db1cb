// A small declarative description of frame fields, from which both the validator of incoming
// frames and the published JSON Schema are made, so the two can never disagree. Each field says
// its kind, its bounds and what it means; a frame is a list of fields plus optional cross-field
// rules.
import type { ProtocolErrorCode } from "../errors.ts";

export const MACHINE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MACHINE_ID_TEXT = "1-64 of A-Z a-z 0-9 _ . -";
/** How many items an `objectList` may hold when its spec gives no `maxItems`. */
export const DEFAULT_MAX_ITEMS = 10_000;

export type FieldSpec =
  | { kind: "uint"; max?: number }
  | { kind: "number"; min?: number; max?: number; above?: number }
  | { kind: "boolean" }
  | { kind: "string"; minChars?: number; maxChars: number; pattern?: RegExp; patternText?: string }
  | { kind: "machineId" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "idList" }
  | { kind: "vector" }
  | { kind: "object"; fields: FieldList }
  | { kind: "objectList"; fields: FieldList; maxItems?: number };

export interface FieldEntry {
  name: string;
  spec: FieldSpec;
  optional?: boolean;
  description: string;
}

export type FieldList = readonly FieldEntry[];

/** A rule across fields (e.g. `to` only with kind DIRECT), with its JSON Schema form. */
export interface CrossFieldRule {
  /** Returns a problem message (naming the field) or null. */
  check(fields: Record<string, unknown>, where: string): { code: ProtocolErrorCode; message: string } | null;
  /** The same rule as JSON Schema keywords merged into the frame's schema (e.g. if/then). */
  jsonSchema: Record<string, unknown>;
}

export interface FrameSpec {
  type: string;
  description: string;
  fields: FieldList;
  rules?: readonly CrossFieldRule[];
}

export const field = (name: string, spec: FieldSpec, description: string, optional = false): FieldEntry =>
  optional ? { name, spec, description, optional } : { name, spec, description };
