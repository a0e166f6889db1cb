// Event lines encoded straight into a byte buffer: the same bytes as `eventLineJson` (and so as
// JSON.stringify of the core Machine's EventLine) plus the newline, without building a string.

import { numberText } from "../core/json/numberText.ts";
import type { EventLine, ReceivedMessageSummary, SentMessageSummary } from "../core/types.ts";
import {
  type ByteTarget,
  encodeState,
  fragment,
  isSmallInt,
  LINE_SLACK_BYTES,
  putFragment,
  putSmallInt,
  putString,
  putTrusted,
} from "./asciiBytes.ts";

/** The line did not fit in the space left: flush and call again. */
export const NO_ROOM = -1;
/** The line has a string that JSON must escape: write `JSON.stringify(event)` instead. */
export const NEEDS_STRINGIFY = -2;

const SEQ = fragment('{"seq":');
const TICK = fragment(',"tick":');
const TYPE = fragment(',"type":"');
const TRUE_TIME = fragment('","trueTime":');
const SYSTEM_TIME = fragment(',"systemTime":');
const LAMPORT = fragment(',"lamport":');
const VECTOR = fragment(',"vector":{');
const HLC = fragment(',"hlc":{"wall":');
const LOGICAL = fragment(',"logical":');
const QUEUE = fragment('},"queueLength":');
const MESSAGE_ID = fragment(',"message":{"id":"');
const FROM = fragment('","from":"');
const KIND = fragment('","kind":"');
const TO = fragment('","to":[');
const TO_END_LAMPORT = fragment('],"lamport":');
const QUOTE_LAMPORT = fragment('","lamport":');
const SENT_AT = fragment(',"sentAt":');
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const CLOSE = 0x7d;
const NEWLINE = 0x0a;
/** Constants and up to 10 numbers (at most 24 characters each) of a line without lists. */
const FIXED_BOUND = 512;
/** A vector entry beyond its id: quotes, colon, comma and a number. */
const VECTOR_ENTRY_BOUND = 28;

/** The most bytes `event` can take: constants, numbers at their longest, and its strings. */
export function eventLineBound(event: EventLine): number {
  let bound = FIXED_BOUND + LINE_SLACK_BYTES;
  const vector = event.vector;
  if (vector !== undefined) for (const id in vector) bound += id.length + VECTOR_ENTRY_BOUND;
  const message = event.message;
  if (message !== undefined) {
    bound += message.id.length;
    if ("kind" in message) for (const to of message.to) bound += to.length + 3;
    else bound += message.from.length;
  }
  return bound;
}

function putNumber(target: ByteTarget, pos: number, value: number): number {
  return isSmallInt(value) ? putSmallInt(target, pos, value) : putTrusted(target, pos, numberText(value));
}

/**
 * Writes `event` as one JSON line (with its newline) into `target` from `start`. Returns the end
 * position, NO_ROOM if it might not fit in the space left, or NEEDS_STRINGIFY.
 */
export function encodeEventLine(event: EventLine, target: ByteTarget, start: number): number {
  const m = event.message as { duplicate?: boolean; failed?: string } | undefined;
  // The template has no place for these rarer fields: such a line takes the string path.
  if (m !== undefined && (m.duplicate !== undefined || m.failed !== undefined)) return NEEDS_STRINGIFY;
  if (start + eventLineBound(event) > target.bytes.length) return NO_ROOM;
  const out = target.bytes;
  encodeState.unsafe = false;
  let pos = putFragment(target, start, SEQ);
  pos = putNumber(target, pos, event.seq);
  pos = putFragment(target, pos, TICK);
  pos = putNumber(target, pos, event.tick);
  pos = putFragment(target, pos, TYPE);
  pos = putString(target, pos, event.type);
  pos = putFragment(target, pos, TRUE_TIME);
  const trueStart = pos;
  pos = putNumber(target, pos, event.trueTime);
  const trueEnd = pos;
  pos = putFragment(target, pos, SYSTEM_TIME);
  if (event.systemTime === event.trueTime) {
    for (let i = trueStart; i < trueEnd; i++) out[pos++] = out[i]!;
  } else {
    pos = putNumber(target, pos, event.systemTime);
  }
  pos = putFragment(target, pos, LAMPORT);
  pos = putNumber(target, pos, event.lamport);
  const vector = event.vector;
  if (vector !== undefined) {
    pos = putFragment(target, pos, VECTOR);
    let first = true;
    for (const id in vector) {
      if (!first) out[pos++] = COMMA;
      first = false;
      out[pos++] = QUOTE;
      pos = putString(target, pos, id);
      out[pos++] = QUOTE;
      out[pos++] = COLON;
      pos = putNumber(target, pos, vector[id]!);
    }
    out[pos++] = CLOSE;
  }
  pos = putFragment(target, pos, HLC);
  pos = putNumber(target, pos, event.hlc.wall);
  pos = putFragment(target, pos, LOGICAL);
  pos = putNumber(target, pos, event.hlc.logical);
  pos = putFragment(target, pos, QUEUE);
  pos = putNumber(target, pos, event.queueLength);
  const message = event.message;
  if (message !== undefined) {
    pos = putFragment(target, pos, MESSAGE_ID);
    pos = putString(target, pos, message.id);
    if ("kind" in message) pos = putSent(target, pos, message);
    else pos = putReceived(target, pos, message);
    pos = putFragment(target, pos, SENT_AT);
    pos = putNumber(target, pos, message.sentAt);
    out[pos++] = CLOSE;
  }
  out[pos++] = CLOSE;
  out[pos++] = NEWLINE;
  return encodeState.unsafe ? NEEDS_STRINGIFY : pos;
}

function putReceived(target: ByteTarget, pos: number, message: ReceivedMessageSummary): number {
  pos = putFragment(target, pos, FROM);
  pos = putString(target, pos, message.from);
  pos = putFragment(target, pos, QUOTE_LAMPORT);
  return putNumber(target, pos, message.lamport);
}

function putSent(target: ByteTarget, pos: number, message: SentMessageSummary): number {
  const out = target.bytes;
  pos = putFragment(target, pos, KIND);
  pos = putString(target, pos, message.kind);
  pos = putFragment(target, pos, TO);
  const to = message.to;
  for (let i = 0; i < to.length; i++) {
    if (i > 0) out[pos++] = COMMA;
    out[pos++] = QUOTE;
    pos = putString(target, pos, to[i]!);
    out[pos++] = QUOTE;
  }
  pos = putFragment(target, pos, TO_END_LAMPORT);
  return putNumber(target, pos, message.lamport);
}
