// Follows one append-only file from a byte offset: each read returns the complete lines written
// since the last one, with their byte offsets, and keeps an incomplete last line until its
// newline arrives (a writer mid-line, or a process killed mid-line: `takeRemainder` then hands
// it over). A file that does not exist yet reads as empty; overlong lines are skipped and counted.
import { closeSync, openSync, readSync, statSync } from "node:fs";

export interface RawLine {
  text: string;
  /** Byte offset of the line's first byte. */
  startOffset: number;
  /** Byte offset just after its newline (or its last byte, for a remainder). */
  endOffset: number;
}

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

export class FileCursor {
  readonly path: string;
  readonly #maxLineBytes: number;
  /** Offset of the first byte not yet returned as part of a line. */
  #offset: number;
  /** Bytes after #offset already read: the start of an incomplete line. */
  #partial: Buffer = Buffer.alloc(0);
  /** Inside an overlong line: drop bytes up to the next newline. */
  #skipping = false;
  overlongLines = 0;
  /** Set when the file got shorter than what was read (rewritten): the cursor moved to its end. */
  shrankAt: number | null = null;
  /** Size of the file at the last read (0 if missing). */
  sizeBytes = 0;

  constructor(path: string, startOffset = 0, maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.path = path;
    this.#offset = startOffset;
    this.#maxLineBytes = maxLineBytes;
  }

  /** Offset up to which every line has been returned. */
  get offset(): number {
    return this.#offset;
  }

  /** The incomplete last line held so far (empty when the file ends with a newline). */
  get partialText(): string {
    return this.#skipping ? "" : this.#partial.toString("utf8");
  }

  /** Whether bytes after the last newline are waiting for it. */
  get hasPartial(): boolean {
    return this.#partial.length > 0 && !this.#skipping;
  }

  /** Whether the file holds bytes not yet read. */
  get behind(): boolean {
    return this.sizeBytes > this.#offset + this.#partial.length;
  }

  /** Reads what was appended (at most maxBytes) and returns the lines it completes. */
  read(maxBytes = 1024 * 1024): RawLine[] {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return [];
    }
    this.sizeBytes = size;
    const readFrom = this.#offset + this.#partial.length;
    if (size < readFrom) {
      this.shrankAt = size;
      this.#offset = size;
      this.#partial = Buffer.alloc(0);
      this.#skipping = false;
      return [];
    }
    if (size === readFrom) return [];
    const length = Math.min(size - readFrom, maxBytes);
    const chunk = Buffer.allocUnsafe(length);
    let fd: number;
    try {
      fd = openSync(this.path, "r");
    } catch {
      return [];
    }
    let got = 0;
    try {
      while (got < length) {
        const n = readSync(fd, chunk, got, length - got, readFrom + got);
        if (n === 0) break;
        got += n;
      }
    } finally {
      closeSync(fd);
    }
    return this.#split(chunk.subarray(0, got));
  }

  #split(chunk: Buffer): RawLine[] {
    const lines: RawLine[] = [];
    const data = this.#partial.length === 0 ? chunk : Buffer.concat([this.#partial, chunk]);
    let lineStart = 0;
    for (;;) {
      const newline = data.indexOf(NEWLINE, lineStart);
      if (newline < 0) break;
      const startOffset = this.#offset + lineStart;
      const endOffset = this.#offset + newline + 1;
      if (this.#skipping) {
        this.#skipping = false;
      } else {
        const end = newline > lineStart && data[newline - 1] === 0x0d ? newline - 1 : newline;
        lines.push({ text: data.toString("utf8", lineStart, end), startOffset, endOffset });
      }
      lineStart = newline + 1;
    }
    this.#offset += lineStart;
    let rest = data.subarray(lineStart);
    if (rest.length > this.#maxLineBytes) {
      if (!this.#skipping) this.overlongLines++;
      this.#skipping = true;
      this.#offset += rest.length;
      rest = Buffer.alloc(0);
    }
    this.#partial = Buffer.from(rest);
    return lines;
  }

  /** Hands over the incomplete last line as a line (the writer is gone), or null if none. */
  takeRemainder(): RawLine | null {
    if (!this.hasPartial) return null;
    const line: RawLine = {
      text: this.#partial.toString("utf8"),
      startOffset: this.#offset,
      endOffset: this.#offset + this.#partial.length,
    };
    this.#offset += this.#partial.length;
    this.#partial = Buffer.alloc(0);
    return line;
  }
}
