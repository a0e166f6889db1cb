// The analyser's fast decoder of clocklab event lines, compiled from the event line's one table
// (src/core/logFormat/eventLineFormat.ts): a line exactly as clocklab writes it is read with one
// anchored regular expression instead of JSON.parse, which is most of the analyser's cost, straight
// into an AnalysisEvent: the vector clock stays text (`vectorText`, parsed on first use by
// `vectorOf`) and the hybrid clock's two numbers sit on the event. Any other line returns null and
// takes the JSON.parse path; readClocklabLine (event.ts) checks both the same way.
import { compileLineDecoder } from "../core/logFormat/compileLineDecoder.ts";
import { EVENT_LINE } from "../core/logFormat/eventLineFormat.ts";
import type { AnalysisEvent } from "./event.ts";

const decode = compileLineDecoder(EVENT_LINE, "decodeAnalysisEvent", {
  asText: { vector: "vectorText" },
  lift: { hlc: { wall: "hlcWall", logical: "hlcLogical" } },
  allKeys: true,
}) as unknown as (line: string) => AnalysisEvent | null;

/**
 * The line as an AnalysisEvent, not yet checked (see readClocklabLine), or null when the line is
 * not exactly as clocklab writes it.
 */
export function fastClocklabEvent(line: string): AnalysisEvent | null {
  return decode(line);
}
