// router.jsonl's "routed" entries (one per delivery, the bulk of the file) encoded straight into
// a byte buffer: the same bytes as JSON.stringify of the core Router's entry, plus the newline.
// Other entries return NEEDS_STRINGIFY and take the string path.

import { numberText } from "../core/json/numberText.ts";
import type { RouterLogEntry } from "../core/routerLog.ts";
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
import { NEEDS_STRINGIFY, NO_ROOM } from "./eventLineBytes.ts";

const AT = fragment('{"type":"routed","at":');
const ID = fragment(',"id":"');
const FROM = fragment('","from":"');
const TO = fragment('","to":"');
const KIND = fragment('","kind":"');
const LAMPORT = fragment('","lamport":');
const CLOSE = 0x7d;
const NEWLINE = 0x0a;
/** Constants, two numbers at their longest and the kind. */
const FIXED_BOUND = 160;

function putNumber(target: ByteTarget, pos: number, value: number): number {
  return isSmallInt(value) ? putSmallInt(target, pos, value) : putTrusted(target, pos, numberText(value));
}

export function encodeRouterEntry(entry: RouterLogEntry, target: ByteTarget, start: number): number {
  // Only the plain routed line has a byte template; a copy's extra field takes the string path.
  if (entry.type !== "routed" || entry.duplicate !== undefined) return NEEDS_STRINGIFY;
  const bound = FIXED_BOUND + LINE_SLACK_BYTES + entry.id.length + entry.from.length + entry.to.length;
  if (start + bound > target.bytes.length) return NO_ROOM;
  encodeState.unsafe = false;
  let pos = putFragment(target, start, AT);
  pos = putNumber(target, pos, entry.at);
  pos = putFragment(target, pos, ID);
  pos = putString(target, pos, entry.id);
  pos = putFragment(target, pos, FROM);
  pos = putString(target, pos, entry.from);
  pos = putFragment(target, pos, TO);
  pos = putString(target, pos, entry.to);
  pos = putFragment(target, pos, KIND);
  pos = putString(target, pos, entry.kind);
  pos = putFragment(target, pos, LAMPORT);
  pos = putNumber(target, pos, entry.lamport);
  target.bytes[pos++] = CLOSE;
  target.bytes[pos++] = NEWLINE;
  return encodeState.unsafe ? NEEDS_STRINGIFY : pos;
}
