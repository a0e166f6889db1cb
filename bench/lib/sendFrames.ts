// The send frames the router benchmark's m1 sends, as a machine of a 3-machine run with vector
// clocks on sends them: keys in the order a clocklab machine writes them, a distinct id and Lamport
// value per frame, a fractional epoch-ms sentAt and an HLC wall near the host clock. Every relay
// gets the same bytes (the TCP relays with the 4-byte length in front, NATS as the payload).
// A frame reused over and over (one id, `sentAt: 0`) flatters a router that parses what it
// forwards: short, repeated numbers and strings parse faster than real ones. The throughput runs
// send from a pool of POOL_FRAMES distinct frames made once (framePool), so that sending costs the
// bench process nothing per frame: it shares the host's two cores with the relay under test.
import type { MessageKind } from "./relayHarness.ts";

const HEADER_BYTES = 4;
/** Three fractional digits, the last one not 0 (JSON.stringify writes no trailing zero). */
const FRACTIONS: Buffer[] = [];
for (let i = 1; i < 1000; i++) if (i % 10 !== 0) FRACTIONS.push(Buffer.from(String(i).padStart(3, "0")));
/** The most bytes one frame takes (numbers at their longest). */
const MAX_FRAME_BYTES = 320;
/** Frames in a pool: ids repeat only after this many (several seconds at the fastest relay's rate). */
export const POOL_FRAMES = 1 << 19;

/** Writes a whole number >= 0 as decimal digits; returns the end. */
function putDigits(out: Buffer, pos: number, value: number): number {
  let digits = 1;
  for (let bound = 10; bound <= value; bound *= 10) digits++;
  let v = value;
  for (let i = digits - 1; i >= 0; i--) {
    // No `%` on numbers past 2^31: V8 computes that with a slow floating-point call.
    const rest = Math.floor(v / 10);
    out[pos + i] = 0x30 + (v - rest * 10);
    v = rest;
  }
  return pos + digits;
}

/** Copies a short piece byte by byte (cheaper than Buffer#copy's native call for a few bytes). */
function put(out: Buffer, pos: number, piece: Buffer): number {
  for (let i = 0; i < piece.length; i++) out[pos + i] = piece[i]!;
  return pos + piece.length;
}

export class SendFrames {
  readonly #baseMs: number;
  readonly #start: Buffer;
  #sequence = 0;

  constructor(kind: MessageKind, baseMs = Math.floor(Date.now())) {
    this.#baseMs = baseMs;
    this.#start = Buffer.from(`{"type":"send","kind":"${kind}","id":"m1:`);
  }

  /** Writes the next frame's JSON text at `pos`; `sentAtMs` overrides the made-up send time. */
  #write(out: Buffer, pos: number, sentAtMs?: number): number {
    const n = ++this.#sequence;
    pos = put(out, pos, this.#start);
    pos = putDigits(out, pos, n);
    pos = put(out, pos, LAMPORT);
    pos = putDigits(out, pos, n + 2);
    pos = put(out, pos, WALL);
    const wall = sentAtMs === undefined ? this.#baseMs + (n >> 10) : Math.floor(sentAtMs);
    pos = putDigits(out, pos, wall);
    pos = put(out, pos, LOGICAL);
    pos = putDigits(out, pos, n & 3);
    pos = put(out, pos, SENT_AT);
    if (sentAtMs === undefined) {
      // About 1,000 frames per ms, with a fraction that changes with every frame (as a real
      // clock's): 16 significant digits, exactly as JSON.stringify writes that number.
      pos = putDigits(out, pos, wall);
      out[pos++] = 0x2e;
      pos = put(out, pos, FRACTIONS[n % FRACTIONS.length]!);
    } else {
      pos += out.write(`${sentAtMs}`, pos, "latin1");
    }
    pos = put(out, pos, VECTOR_M1);
    pos = putDigits(out, pos, n);
    pos = put(out, pos, VECTOR_M2);
    pos = putDigits(out, pos, n >> 1);
    pos = put(out, pos, VECTOR_M3);
    pos = putDigits(out, pos, n >> 2);
    return put(out, pos, END);
  }

  /** `count` frames, each with its 4-byte length, in one buffer; `offsets[i]` is where frame i starts. */
  nextFrames(count: number): { bytes: Buffer; offsets: Uint32Array } {
    const out = Buffer.allocUnsafe(count * (HEADER_BYTES + MAX_FRAME_BYTES));
    const offsets = new Uint32Array(count + 1);
    let pos = 0;
    for (let i = 0; i < count; i++) {
      offsets[i] = pos;
      const end = this.#write(out, pos + HEADER_BYTES);
      out.writeUInt32BE(end - pos - HEADER_BYTES, pos);
      pos = end;
    }
    offsets[count] = pos;
    return { bytes: out.subarray(0, pos), offsets };
  }

  /** The next frame with its 4-byte length. */
  nextFrame(sentAtMs?: number): Buffer {
    const out = Buffer.allocUnsafe(HEADER_BYTES + MAX_FRAME_BYTES);
    const end = this.#write(out, HEADER_BYTES, sentAtMs);
    out.writeUInt32BE(end - HEADER_BYTES, 0);
    return out.subarray(0, end);
  }

  /** The JSON body of the next frame (the NATS payload). */
  nextPayload(sentAtMs?: number): Uint8Array {
    const out = Buffer.allocUnsafe(MAX_FRAME_BYTES);
    return out.subarray(0, this.#write(out, 0, sentAtMs));
  }

  /** The JSON text of the next frame. */
  nextText(sentAtMs?: number): string {
    return Buffer.from(this.nextPayload(sentAtMs)).toString("latin1");
  }
}

const LAMPORT = Buffer.from('","lamport":');
const WALL = Buffer.from(',"hlc":{"wall":');
const LOGICAL = Buffer.from(',"logical":');
const SENT_AT = Buffer.from('},"sentAt":');
const VECTOR_M1 = Buffer.from(',"vector":{"m1":');
const VECTOR_M2 = Buffer.from(',"m2":');
const VECTOR_M3 = Buffer.from(',"m3":');
const END = Buffer.from("}}");

/** POOL_FRAMES frames of `kind` with their lengths, made once per kind and process. */
export interface FramePool {
  bytes: Buffer;
  /** Frame i is bytes[offsets[i], offsets[i + 1]), its 4-byte length first. */
  offsets: Uint32Array;
  count: number;
}

const pools = new Map<MessageKind, FramePool>();

export function framePool(kind: MessageKind): FramePool {
  let pool = pools.get(kind);
  if (pool === undefined) {
    const { bytes, offsets } = new SendFrames(kind).nextFrames(POOL_FRAMES);
    pool = { bytes, offsets, count: POOL_FRAMES };
    pools.set(kind, pool);
  }
  return pool;
}

/** Walks a pool round and round: the next `count` frames as at most two slices of its bytes. */
export class PoolCursor {
  readonly #pool: FramePool;
  #next = 0;

  constructor(pool: FramePool) {
    this.#pool = pool;
  }

  /** Calls `write` with each slice of the next `count` frames (count <= the pool's size). */
  take(count: number, write: (bytes: Buffer) => void): void {
    const { bytes, offsets, count: size } = this.#pool;
    const first = Math.min(count, size - this.#next);
    write(bytes.subarray(offsets[this.#next]!, offsets[this.#next + first]!));
    this.#next = (this.#next + first) % size;
    if (first < count) {
      write(bytes.subarray(0, offsets[count - first]!));
      this.#next = count - first;
    }
  }

  /** The body (without its length) of each of the next `count` frames, one at a time. */
  takeBodies(count: number, each: (body: Buffer) => void): void {
    const { bytes, offsets, count: size } = this.#pool;
    for (let i = 0; i < count; i++) {
      each(bytes.subarray(offsets[this.#next]! + HEADER_BYTES, offsets[this.#next + 1]!));
      this.#next = (this.#next + 1) % size;
    }
  }
}
