// Event lines as JSON text, byte for byte what JSON.stringify gives for the core Machine's
// EventLine (same keys, same order), only faster: the simulator writes millions of them. A line
// with any string that would need escaping goes through JSON.stringify.

import { numberText as num } from "../core/json/numberText.ts";
import { isPlainAscii } from "../core/json/plainText.ts";
import type { EventLine, ReceivedMessageSummary, SentMessageSummary, VectorClock } from "../core/types.ts";

export function eventLineJson(event: EventLine): string {
  let vector = "";
  if (event.vector !== undefined) {
    const json = vectorJson(event.vector);
    if (json === null) return JSON.stringify(event);
    vector = `,"vector":${json}`;
  }
  const hlc = event.hlc;
  const trueTime = num(event.trueTime);
  const head =
    `{"seq":${event.seq},"tick":${event.tick},"type":"${event.type}","trueTime":${trueTime}` +
    `,"systemTime":${event.systemTime === event.trueTime ? trueTime : num(event.systemTime)},"lamport":${event.lamport}${vector}` +
    `,"hlc":{"wall":${num(hlc.wall)},"logical":${num(hlc.logical)}},"queueLength":${event.queueLength}`;
  const message = event.message;
  if (message === undefined) return `${head}}`;
  const extra = message as { duplicate?: boolean; failed?: string };
  if (extra.duplicate !== undefined || extra.failed !== undefined) return JSON.stringify(event);
  const tail = "kind" in message ? sentJson(message) : receivedJson(message);
  return tail === null ? JSON.stringify(event) : `${head},"message":${tail}}`;
}

/** Keys in the order JSON.stringify visits them (the same own-key order as for-in here). */
function vectorJson(vector: VectorClock): string | null {
  let out = "{";
  let first = true;
  for (const id in vector) {
    if (!isPlainAscii(id)) return null;
    out += `${first ? "" : ","}"${id}":${num(vector[id]!)}`;
    first = false;
  }
  return `${out}}`;
}

function receivedJson(message: ReceivedMessageSummary): string | null {
  const { id, from } = message;
  if (!isPlainAscii(id) || !isPlainAscii(from)) return null;
  return `{"id":"${id}","from":"${from}","lamport":${num(message.lamport)},"sentAt":${num(message.sentAt)}}`;
}

function sentJson(message: SentMessageSummary): string | null {
  const { id, to } = message;
  if (!isPlainAscii(id)) return null;
  let list = "";
  for (let i = 0; i < to.length; i++) {
    const target = to[i]!;
    if (!isPlainAscii(target)) return null;
    list += i === 0 ? `"${target}"` : `,"${target}"`;
  }
  return (
    `{"id":"${id}","kind":"${message.kind}","to":[${list}],"lamport":${num(message.lamport)}` +
    `,"sentAt":${num(message.sentAt)}}`
  );
}
