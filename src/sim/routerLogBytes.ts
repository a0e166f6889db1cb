// router.jsonl's "routed" entries (one per delivery, the bulk of the file) encoded straight into
// a byte buffer: the same bytes as JSON.stringify of the core Router's entry, plus the newline.
// Other entries return NEEDS_STRINGIFY and take the string path.
import type { RouterLogEntry } from "../core/routerLog.ts";
import {
  asciiBytes,
  encodeState,
  isSmallInt,
  putBytes,
  putSmallInt,
  putString,
  putTrusted,
} from "./asciiBytes.ts";
import { NEEDS_STRINGIFY, NO_ROOM } from "./eventLineBytes.ts";
import { numberText } from "./numberText.ts";

const AT = asciiBytes('{"type":"routed","at":');
const ID = asciiBytes(',"id":"');
const FROM = asciiBytes('","from":"');
const TO = asciiBytes('","to":"');
const KIND = asciiBytes('","kind":"');
const LAMPORT = asciiBytes('","lamport":');
const CLOSE = 0x7d;
const NEWLINE = 0x0a;

function putNumber(out: Uint8Array, pos: number, value: number): number {
  return isSmallInt(value) ? putSmallInt(out, pos, value) : putTrusted(out, pos, numberText(value));
}

export function encodeRouterEntry(entry: RouterLogEntry, out: Uint8Array, start: number): number {
  if (entry.type !== "routed") return NEEDS_STRINGIFY;
  encodeState.unsafe = false;
  let pos = putBytes(out, start, AT);
  pos = putNumber(out, pos, entry.at);
  pos = putBytes(out, pos, ID);
  pos = putString(out, pos, entry.id);
  pos = putBytes(out, pos, FROM);
  pos = putString(out, pos, entry.from);
  pos = putBytes(out, pos, TO);
  pos = putString(out, pos, entry.to);
  pos = putBytes(out, pos, KIND);
  pos = putString(out, pos, entry.kind);
  pos = putBytes(out, pos, LAMPORT);
  pos = putNumber(out, pos, entry.lamport);
  out[pos++] = CLOSE;
  out[pos++] = NEWLINE;
  if (encodeState.unsafe) return NEEDS_STRINGIFY;
  return pos <= out.length ? pos : NO_ROOM;
}
