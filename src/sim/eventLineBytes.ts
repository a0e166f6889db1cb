// Event lines encoded straight into a byte buffer: the same bytes as `eventLineJson` (and so as
// JSON.stringify of the core Machine's EventLine) plus the newline, without building a string.
import type { EventLine, ReceivedMessageSummary, SentMessageSummary } from "../core/types.ts";
import {
  asciiBytes,
  encodeState,
  isSmallInt,
  putBytes,
  putSmallInt,
  putString,
  putTrusted,
} from "./asciiBytes.ts";
import { numberText } from "./numberText.ts";

/** The line did not fit in the space left: flush and call again. */
export const NO_ROOM = -1;
/** The line has a string that JSON must escape: write `JSON.stringify(event)` instead. */
export const NEEDS_STRINGIFY = -2;

const SEQ = asciiBytes('{"seq":');
const TICK = asciiBytes(',"tick":');
const TYPE = asciiBytes(',"type":"');
const TRUE_TIME = asciiBytes('","trueTime":');
const SYSTEM_TIME = asciiBytes(',"systemTime":');
const LAMPORT = asciiBytes(',"lamport":');
const VECTOR = asciiBytes(',"vector":{');
const HLC = asciiBytes(',"hlc":{"wall":');
const LOGICAL = asciiBytes(',"logical":');
const QUEUE = asciiBytes('},"queueLength":');
const MESSAGE_ID = asciiBytes(',"message":{"id":"');
const FROM = asciiBytes('","from":"');
const KIND = asciiBytes('","kind":"');
const TO = asciiBytes('","to":[');
const TO_END_LAMPORT = asciiBytes('],"lamport":');
const QUOTE_LAMPORT = asciiBytes('","lamport":');
const SENT_AT = asciiBytes(',"sentAt":');
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE = 0x7d;
const NEWLINE = 0x0a;

function putNumber(out: Uint8Array, pos: number, value: number): number {
  return isSmallInt(value) ? putSmallInt(out, pos, value) : putTrusted(out, pos, numberText(value));
}

/**
 * Writes `event` as one JSON line (with its newline) into `out` from `start`. Returns the end
 * position, NO_ROOM if it did not fit in `out`, or NEEDS_STRINGIFY.
 */
export function encodeEventLine(event: EventLine, out: Uint8Array, start: number): number {
  encodeState.unsafe = false;
  let pos = putBytes(out, start, SEQ);
  pos = putNumber(out, pos, event.seq);
  pos = putBytes(out, pos, TICK);
  pos = putNumber(out, pos, event.tick);
  pos = putBytes(out, pos, TYPE);
  pos = putString(out, pos, event.type);
  pos = putBytes(out, pos, TRUE_TIME);
  const trueStart = pos;
  pos = putNumber(out, pos, event.trueTime);
  const trueEnd = pos;
  pos = putBytes(out, pos, SYSTEM_TIME);
  if (event.systemTime === event.trueTime && trueEnd <= out.length) {
    for (let i = trueStart; i < trueEnd; i++) out[pos++] = out[i]!;
  } else {
    pos = putNumber(out, pos, event.systemTime);
  }
  pos = putBytes(out, pos, LAMPORT);
  pos = putNumber(out, pos, event.lamport);
  const vector = event.vector;
  if (vector !== undefined) {
    pos = putBytes(out, pos, VECTOR);
    let first = true;
    for (const id in vector) {
      if (!first) out[pos++] = COMMA;
      first = false;
      out[pos++] = QUOTE;
      pos = putString(out, pos, id);
      out[pos++] = QUOTE;
      out[pos++] = COLON;
      pos = putNumber(out, pos, vector[id]!);
    }
    out[pos++] = CLOSE;
  }
  pos = putBytes(out, pos, HLC);
  pos = putNumber(out, pos, event.hlc.wall);
  pos = putBytes(out, pos, LOGICAL);
  pos = putNumber(out, pos, event.hlc.logical);
  pos = putBytes(out, pos, QUEUE);
  pos = putNumber(out, pos, event.queueLength);
  const message = event.message;
  if (message !== undefined) {
    pos = putBytes(out, pos, MESSAGE_ID);
    pos = putString(out, pos, message.id);
    if ("kind" in message) pos = putSent(out, pos, message);
    else pos = putReceived(out, pos, message);
    pos = putBytes(out, pos, SENT_AT);
    pos = putNumber(out, pos, message.sentAt);
    out[pos++] = CLOSE;
  }
  out[pos++] = CLOSE;
  out[pos++] = NEWLINE;
  if (encodeState.unsafe) return NEEDS_STRINGIFY;
  return pos <= out.length ? pos : NO_ROOM;
}

function putReceived(out: Uint8Array, pos: number, message: ReceivedMessageSummary): number {
  pos = putBytes(out, pos, FROM);
  pos = putString(out, pos, message.from);
  pos = putBytes(out, pos, QUOTE_LAMPORT);
  return putNumber(out, pos, message.lamport);
}

function putSent(out: Uint8Array, pos: number, message: SentMessageSummary): number {
  pos = putBytes(out, pos, KIND);
  pos = putString(out, pos, message.kind);
  pos = putBytes(out, pos, TO);
  const to = message.to;
  for (let i = 0; i < to.length; i++) {
    if (i > 0) out[pos++] = COMMA;
    out[pos++] = QUOTE;
    pos = putString(out, pos, to[i]!);
    out[pos++] = QUOTE;
  }
  pos = putBytes(out, pos, TO_END_LAMPORT);
  return putNumber(out, pos, message.lamport);
}
