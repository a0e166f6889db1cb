// The wire framing: a 4-byte big-endian length, then that many bytes of
// UTF-8 JSON. The decoder is incremental and transport-free (like nats.js's parser): feed it bytes
// in chunks of any size and it yields whole values, or one error after which it stops.
import { ProtocolError } from "./errors.ts";

export const FRAME_HEADER_BYTES = 4;
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
/**
 * Before a connection's hello is accepted, its frames may be this large at most (a hello is well
 * under 1 KB), so connections that have not identified themselves cannot make the router hold
 * big buffers.
 */
export const PRE_HELLO_MAX_FRAME_BYTES = 4096;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const EMPTY: Uint8Array = new Uint8Array(0);
const scratch = new Uint8Array(FRAME_HEADER_BYTES + 16 * 1024);

export function encodeFrame(value: unknown): Uint8Array {
  return encodeFrameText(JSON.stringify(value));
}

/** Frames JSON text that is already serialised. */
export function encodeFrameText(text: string): Uint8Array {
  // UTF-8 needs at most 3 bytes per UTF-16 unit. Small frames are encoded into a reused scratch
  // buffer and copied out at their exact size (cheaper than allocating and zeroing 3x the size).
  const worstCase = FRAME_HEADER_BYTES + text.length * 3;
  const target = worstCase <= scratch.length ? scratch : new Uint8Array(worstCase);
  const { written } = encoder.encodeInto(text, target.subarray(FRAME_HEADER_BYTES));
  new DataView(target.buffer, target.byteOffset).setUint32(0, written);
  return target === scratch
    ? scratch.slice(0, FRAME_HEADER_BYTES + written)
    : target.subarray(0, FRAME_HEADER_BYTES + written);
}

export type DecodedFrame = { ok: true; value: unknown } | { ok: false; error: ProtocolError };

/** A frame's body as a value: UTF-8, then JSON (or the error that says which of them it is not). */
export function decodeFrameBody(body: Uint8Array): DecodedFrame {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return bodyError("BAD_UTF8", "frame body is not valid UTF-8; expected UTF-8 JSON");
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return bodyError("BAD_JSON", `frame body is not valid JSON (${detail}); expected one JSON object`);
  }
}

function bodyError(code: "BAD_UTF8" | "BAD_JSON", message: string): DecodedFrame {
  return { ok: false, error: new ProtocolError(code, message) };
}

export class FrameDecoder {
  /** The largest frame accepted; a transport may raise it once a peer has identified itself. */
  maxFrameBytes: number;
  #buffer: Uint8Array = EMPTY;
  #borrowed = false;
  #start = 0;
  #end = 0;
  #failed = false;

  constructor(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes received but not yet part of a whole frame. */
  get bufferedBytes(): number {
    return this.#end - this.#start;
  }

  /** Bytes of memory the decoder holds on to (for checking it stays bounded). */
  get capacityBytes(): number {
    return this.#borrowed ? 0 : this.#buffer.length;
  }

  /** Feeds bytes; returns every frame they complete. After an error, nothing more is decoded. */
  push(chunk: Uint8Array): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    const error = this.pushBodies(chunk, (body) => {
      const decoded = decodeFrameBody(body);
      out.push(decoded);
      return decoded.ok;
    });
    if (error !== null) out.push({ ok: false, error });
    return out;
  }

  /**
   * Feeds bytes and hands the body of every frame they complete to `onBody`, in order: a view of
   * the bytes, valid only during the call. If `onBody` returns false (the frame was refused) the
   * decoder stops there for good, as after an error. Returns the framing error (a bad length)
   * found after the frames before it, or null. Decoding the bodies is the caller's: see
   * decodeFrameBody.
   */
  pushBodies(chunk: Uint8Array, onBody: (body: Uint8Array) => boolean): ProtocolError | null {
    if (this.#failed) return null;
    this.#append(chunk);
    while (this.#end - this.#start >= FRAME_HEADER_BYTES) {
      const buffer = this.#buffer;
      const s = this.#start;
      const length =
        ((buffer[s]! << 24) | (buffer[s + 1]! << 16) | (buffer[s + 2]! << 8) | buffer[s + 3]!) >>> 0;
      if (length === 0)
        return this.#fail(
          new ProtocolError("BAD_LENGTH", `frame length 0; expected 1 to ${this.maxFrameBytes} bytes`),
        );
      if (length > this.maxFrameBytes) {
        return this.#fail(
          new ProtocolError(
            "FRAME_TOO_LARGE",
            `frame of ${length} bytes; the limit is ${this.maxFrameBytes} bytes`,
          ),
        );
      }
      if (this.#end - s - FRAME_HEADER_BYTES < length) break;
      const body = buffer.subarray(s + FRAME_HEADER_BYTES, s + FRAME_HEADER_BYTES + length);
      this.#start = s + FRAME_HEADER_BYTES + length;
      if (!onBody(body)) {
        this.#fail(null);
        return null;
      }
    }
    if (this.#start === this.#end) {
      this.#buffer = EMPTY;
      this.#start = 0;
      this.#end = 0;
    } else if (this.#borrowed) {
      // Keep only our own copy of a partial frame: the caller may reuse its chunk's memory.
      this.#buffer = this.#buffer.slice(this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
      this.#borrowed = false;
    }
    return null;
  }

  #fail(error: ProtocolError | null): ProtocolError | null {
    this.#failed = true;
    this.#buffer = EMPTY;
    this.#borrowed = false;
    this.#start = 0;
    this.#end = 0;
    return error;
  }

  #append(chunk: Uint8Array): void {
    const pending = this.#end - this.#start;
    if (pending === 0 && chunk.length > 0) {
      // Common case: nothing left over, decode straight from the chunk without copying.
      this.#buffer = chunk;
      this.#borrowed = true;
      this.#start = 0;
      this.#end = chunk.length;
      return;
    }
    if (this.#end + chunk.length > this.#buffer.length) {
      const needed = pending + chunk.length;
      if (!this.#borrowed && needed <= this.#buffer.length) {
        // Room enough once the consumed bytes are dropped: compact instead of growing.
        this.#buffer.copyWithin(0, this.#start, this.#end);
      } else {
        // Grow with what is pending (bounded by one frame plus one chunk), not with what came before.
        const grown = new Uint8Array(Math.max(needed * 2, 1024));
        grown.set(this.#buffer.subarray(this.#start, this.#end), 0);
        this.#buffer = grown;
        this.#borrowed = false;
      }
      this.#start = 0;
      this.#end = pending;
    }
    this.#buffer.set(chunk, this.#end);
    this.#end += chunk.length;
  }
}
