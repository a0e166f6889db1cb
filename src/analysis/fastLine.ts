// The analyser's fast decoder of clocklab event lines, compiled from the event line's one table
// (src/core/logFormat/eventLineFormat.ts): a line exactly as clocklab writes it is read with one
// anchored regular expression instead of JSON.parse, which is most of the analyser's cost, straight
// into an AnalysisEvent: the vector clock stays text (`vectorText`, parsed on first use by
// `vectorOf`) and the hybrid clock's two numbers sit on the event. Any other line returns null and
// takes the JSON.parse path; readClocklabLine (event.ts) checks both the same way. The byte
// decoder, made from the same table with the same options, reads a plain-ASCII line straight from
// the file's bytes into the same event, and declines (null) the lines it leaves to the text path.
import { compileByteLineDecoder } from "../core/logFormat/compileByteLineDecoder.ts";
import { compileLineDecoder, type DecoderOptions } from "../core/logFormat/compileLineDecoder.ts";
import { EVENT_LINE } from "../core/logFormat/eventLineFormat.ts";
import type { AnalysisEvent } from "./event.ts";
import { latin1Text } from "./latin1.ts";

const OPTIONS: DecoderOptions = {
  asText: { vector: "vectorText" },
  lift: { hlc: { wall: "hlcWall", logical: "hlcLogical" } },
  allKeys: true,
};

const decode = compileLineDecoder(EVENT_LINE, "decodeAnalysisEvent", OPTIONS) as unknown as (
  line: string,
) => AnalysisEvent | null;

const decodeBytes = compileByteLineDecoder(EVENT_LINE, "decodeAnalysisEventBytes", latin1Text, OPTIONS) as (
  bytes: Uint8Array,
  start: number,
  end: number,
) => AnalysisEvent | null;

/**
 * The line as an AnalysisEvent, not yet checked (see readClocklabLine), or null when the line is
 * not exactly as clocklab writes it.
 */
export function fastClocklabEvent(line: string): AnalysisEvent | null {
  return decode(line);
}

/**
 * The line `bytes[start, end)` (a Buffer, without its newline) as an AnalysisEvent, not yet checked,
 * or null when the byte decoder does not take it (fastClocklabEvent of its text still may).
 */
export function fastClocklabBytes(bytes: Uint8Array, start: number, end: number): AnalysisEvent | null {
  return decodeBytes(bytes, start, end);
}
