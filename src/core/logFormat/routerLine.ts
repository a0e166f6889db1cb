// Every way a router.jsonl line is written or read, compiled from the one table of its `type`
// (routerLineFormats.ts): the JSON text encoder (the TCP router, tests), the byte encoder (the
// simulator's router.jsonl), the fast decoder, and the slow path (JSON.parse, checked against the
// table of the line's type).
import type { RouterLogEntry } from "../routerLog.ts";
import { type ByteEncoder, compileByteEncoder } from "./compileByteEncoder.ts";
import { compileJsonEncoder } from "./compileJsonEncoder.ts";
import { compileLineDecoder } from "./compileLineDecoder.ts";
import { rootShape } from "./generatedCode.ts";
import type { ByteTarget } from "./jsonBytes.ts";
import { matchesTable } from "./matchesTable.ts";
import { ROUTER_LINES } from "./routerLineFormats.ts";

type LineType = RouterLogEntry["type"];
const TYPES = Object.keys(ROUTER_LINES) as LineType[];

// Each table starts with its own `type` constant: lines are told apart by their first key.
for (const type of TYPES) {
  const fields = rootShape(ROUTER_LINES[type]);
  const first = fields.type;
  if (first?.type.kind !== "constant" || first.type.value !== type || Object.keys(fields)[0] !== "type") {
    throw new Error(`log format: the ${type} table must start with type: constant("${type}")`);
  }
}

/** One compiled function per line type; generated functions are named after it ("cut-off": cut_off). */
function byType<T>(make: (type: LineType, name: string) => T): Record<LineType, T> {
  const entries = TYPES.map((type) => [type, make(type, type.replace(/\W/g, "_"))]);
  return Object.fromEntries(entries) as Record<LineType, T>;
}

const JSON_ENCODERS = byType(
  (type, name) =>
    compileJsonEncoder(ROUTER_LINES[type], `${name}LineJson`) as (entry: RouterLogEntry) => string,
);
const BYTE_ENCODERS = byType(
  (type, name) => compileByteEncoder(ROUTER_LINES[type], `encode_${name}Line`) as ByteEncoder<RouterLogEntry>,
);
const DECODERS = byType(
  (type, name) =>
    compileLineDecoder(ROUTER_LINES[type], `decode_${name}Line`) as (line: string) => RouterLogEntry | null,
);
const ROUTED = BYTE_ENCODERS.routed;

/** The entry's JSON text (no newline): JSON.stringify's, with its keys in its table's order. */
export function routerLogJson(entry: RouterLogEntry): string {
  return JSON_ENCODERS[entry.type](entry);
}

/** Writes the entry and its newline into `target` from `start`; returns the end, or NO_ROOM. */
export function encodeRouterEntry(entry: RouterLogEntry, target: ByteTarget, start: number): number {
  // Nearly every entry is "routed": skip the lookup for it.
  const encoder = entry.type === "routed" ? ROUTED : BYTE_ENCODERS[entry.type];
  return encoder.encode(entry, target, start);
}

/** The most bytes encodeRouterEntry may need for `entry`. */
export function routerEntryBound(entry: RouterLogEntry): number {
  return BYTE_ENCODERS[entry.type].bound(entry);
}

/** The text every line of a type starts with, e.g. `{"type":"routed",` (for counting without decoding). */
export function routerLinePrefix(type: LineType): string {
  return `{"type":${JSON.stringify(type)},`;
}

const TYPE_OF_LINE = /^\{"type":"([a-z-]+)",/;

/** The fast decoder: the entry, or null if the line is not exactly as the encoders write it. */
export function decodeRouterLine(line: string): RouterLogEntry | null {
  const type = TYPE_OF_LINE.exec(line)?.[1];
  if (type === undefined || !Object.hasOwn(DECODERS, type)) return null;
  return DECODERS[type as LineType](line);
}

/** Any router line, fast when it can be: the fast decoder, else JSON.parse and its type's check. */
export function readRouterLine(line: string): RouterLogEntry | null {
  const fast = decodeRouterLine(line);
  if (fast !== null) return fast;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !Object.hasOwn(ROUTER_LINES, type)) return null;
  return matchesTable(ROUTER_LINES[type as LineType], value) ? (value as RouterLogEntry) : null;
}
