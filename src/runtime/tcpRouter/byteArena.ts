// A growable byte buffer that a batch of frames or log lines is encoded into, reused from batch
// to batch: what a connection is sent in one batch (one socket write instead of one per frame),
// or the batch's router.jsonl lines (one file write). It takes memory only once something is
// written into it, and gives back what an unusually large batch made it grow to.
import { type ByteTarget, byteTarget } from "../../core/logFormat/jsonBytes.ts";

const INITIAL_BYTES = 16 * 1024;
/** After a batch larger than this, the arena starts small again. */
const KEPT_BYTES = 1024 * 1024;
const EMPTY = byteTarget(new Uint8Array(0));

export class ByteArena {
  target: ByteTarget = EMPTY;
  used = 0;

  get bytes(): Uint8Array {
    return this.target.bytes;
  }

  /** Makes room for `extra` more bytes after `used`. */
  reserve(extra: number): void {
    const needed = this.used + extra;
    const old = this.target.bytes;
    if (needed <= old.length) return;
    const grown = new Uint8Array(Math.max(needed, 2 * old.length, INITIAL_BYTES));
    grown.set(old.subarray(0, this.used));
    this.target = byteTarget(grown);
  }

  /** Appends bytes [start, end) of `source`. */
  append(source: Uint8Array, start: number, end: number): void {
    this.reserve(end - start);
    this.target.bytes.set(source.subarray(start, end), this.used);
    this.used += end - start;
  }

  /** A copy of what was appended (a socket keeps what it is given until it is sent); empties the arena. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.used);
    out.set(this.target.bytes.subarray(0, this.used));
    this.clear();
    return out;
  }

  /** Empties the arena (and lets go of a buffer grown past KEPT_BYTES). */
  clear(): void {
    this.used = 0;
    if (this.target.bytes.length > KEPT_BYTES) this.target = EMPTY;
  }
}
