// Every way a machine event line is written or read, all compiled from its one table
// (eventLineFormat.ts): the JSON text encoder (live machines, tests), the byte encoder (the
// simulator's log files), the fast decoder (the analyser, a restarted machine), and the slow path
// for lines the fast decoder does not take: JSON.parse, checked against the same table.
import { compileByteEncoder } from "./compileByteEncoder.ts";
import { compileJsonEncoder } from "./compileJsonEncoder.ts";
import { compileLineDecoder } from "./compileLineDecoder.ts";
import { EVENT_LINE } from "./eventLineFormat.ts";
import type { LineOf } from "./fieldTypes.ts";
import type { ByteTarget } from "./jsonBytes.ts";
import { matchesTable } from "./matchesTable.ts";

/**
 * What the table describes: every EventLine, and what is read back (where the type checker does
 * not know whether a message is a SEND's or a RECEIVE's).
 */
export type EventLineFields = LineOf<typeof EVENT_LINE>;

/** The line's JSON text (no newline): what JSON.stringify gives for it with its keys in table order. */
export const eventLineJson: (event: EventLineFields) => string = compileJsonEncoder(
  EVENT_LINE,
  "eventLineJson",
);

const bytes = compileByteEncoder(EVENT_LINE, "encodeEventLine");

/** Writes the line and its newline into `target` from `start`; returns the end, or NO_ROOM. */
export const encodeEventLine: (event: EventLineFields, target: ByteTarget, start: number) => number =
  bytes.encode;

/** The most bytes encodeEventLine may need for `event`. */
export const eventLineBound: (event: EventLineFields) => number = bytes.bound;

/** The fast decoder: the line's fields, or null if the line is not exactly as the encoders write it. */
export const decodeEventLine: (line: string) => EventLineFields | null = compileLineDecoder(
  EVENT_LINE,
  "decodeEventLine",
);

/** Any event line, fast when it can be: the fast decoder, else JSON.parse and the table's check. */
export function readEventLine(line: string): EventLineFields | null {
  const fast = decodeEventLine(line);
  if (fast !== null) return fast;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return matchesTable(EVENT_LINE, value) ? value : null;
}
