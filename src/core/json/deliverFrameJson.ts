// The deliver frame as JSON text, byte for byte what JSON.stringify gives for the object that
// `deliverFrame` builds (same keys, same order), without the generic serializer's cost: the router
// writes one per delivery and profiling put JSON.stringify at a third of its time. Strings that
// need escaping, and anything unusual, take JSON.stringify's path.
import type { DeliverFrame } from "../protocol.ts";
import { numberText } from "./numberText.ts";
import { isPlainAscii } from "./plainText.ts";

function stringText(value: string): string {
  return isPlainAscii(value) ? `"${value}"` : JSON.stringify(value);
}

export function deliverFrameJson(frame: DeliverFrame): string {
  if (!Number.isFinite(frame.sentAt) || !Number.isFinite(frame.routedAt)) return JSON.stringify(frame);
  let text = `{"type":"deliver","from":${stringText(frame.from)},"kind":"${frame.kind}"`;
  if (frame.to !== undefined) text += `,"to":${stringText(frame.to)}`;
  text += `,"id":${stringText(frame.id)},"lamport":${frame.lamport}`;
  if (frame.vector !== undefined) {
    // Keys in the object's own order, as JSON.stringify takes them.
    let entries = "";
    for (const key of Object.keys(frame.vector)) {
      entries += `${entries === "" ? "" : ","}${stringText(key)}:${frame.vector[key]}`;
    }
    text += `,"vector":{${entries}}`;
  }
  text += `,"hlc":{"wall":${frame.hlc.wall},"logical":${frame.hlc.logical}},"sentAt":${numberText(frame.sentAt)}`;
  if (frame.payload !== undefined) text += `,"payload":${stringText(frame.payload)}`;
  return `${text},"routedAt":${numberText(frame.routedAt)}}`;
}
