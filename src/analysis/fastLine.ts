// A fast path for the common case: a line exactly as clocklab writes it (keys in the documented
// order, DESIGN.md section 4) is read with one anchored regular expression instead of JSON.parse,
// which is most of the analyser's cost. Anything else (other key order, extra fields, escapes)
// returns null and goes through JSON.parse and validation; the result is the same either way.
import type { AnalysisEvent } from "./event.ts";

const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)`;
const ID = String.raw`"([^"\\]*)"`;
const LINE = new RegExp(
  String.raw`^\{"seq":(\d+),"tick":(\d+),"type":"(SEND|RECEIVE|INTERNAL)","trueTime":${NUMBER},` +
    String.raw`"systemTime":${NUMBER},"lamport":(-?\d+),(?:"vector":(\{[^{}]*\}),)?` +
    String.raw`"hlc":\{"wall":${NUMBER},"logical":(\d+)\},"queueLength":(\d+)` +
    String.raw`(?:,"message":\{"id":${ID},(?:"from":${ID}|"kind":"([A-Z_]+)","to":\[((?:"[^"\\]*",?)*)\]),` +
    String.raw`"lamport":(-?\d+),"sentAt":${NUMBER}\})?\}$`,
);

export function fastClocklabEvent(line: string): AnalysisEvent | null {
  const m = LINE.exec(line);
  if (m === null) return null;
  const type = m[3] as AnalysisEvent["type"];
  const trueTime = +m[4]!;
  const systemTime = +m[5]!;
  const hlcWall = +m[8]!;
  if (!Number.isFinite(trueTime) || !Number.isFinite(systemTime) || !Number.isFinite(hlcWall)) return null;
  const event: AnalysisEvent = {
    seq: +m[1]!,
    tick: +m[2]!,
    type,
    trueTime,
    systemTime,
    lamport: +m[6]!,
    queueLength: +m[10]!,
    hlcWall,
    hlcLogical: +m[9]!,
  };
  if (m[7] !== undefined) event.vectorText = m[7];
  const id = m[11];
  if (id === undefined) return type === "INTERNAL" ? event : null;
  if (type === "INTERNAL") return null;
  const sentAt = +m[16]!;
  if (!Number.isFinite(sentAt)) return null;
  event.message = { id, lamport: +m[15]!, sentAt };
  if (m[12] !== undefined) {
    event.message.from = m[12];
  } else {
    event.message.kind = m[13]!;
    const list = m[14]!;
    event.message.to = list.length === 0 ? [] : list.split(",").map((quoted) => quoted.slice(1, -1));
  }
  return event;
}
