// Splits a file into lines, pull-based: `nextLine()` is synchronous and returns undefined when the
// buffered text holds no complete line; then `fill()` reads the next chunk. Memory is bounded by the
// chunk size plus the longest line (lines longer than MAX_LINE_CHARS are skipped and counted).
// Opened `inBytes`, it keeps the file as bytes while the file is ASCII, and `nextBytes()` gives each
// line as a range of them (no string per line); at the first chunk that is not ASCII it turns to
// text for the rest of the file, and the lines are the same either way.
import { isAscii } from "node:buffer";
import { ChunkReader, MAX_CHUNK_BYTES } from "./chunkReader.ts";
import { latin1Text } from "./latin1.ts";

export const MAX_LINE_CHARS = 16 * 1024 * 1024;

const NEWLINE = 10;
const CR = 13;

export class LineReader {
  readonly #chunks: ChunkReader;
  #text = "";
  #pos = 0;
  #eof = false;
  #skipping = false;
  /** While the file is read as bytes: the buffered bytes (`#bytes` is all of them, `#store` their room). */
  #inBytes: boolean;
  #store: Buffer = Buffer.alloc(0);
  #bytes: Buffer = this.#store;
  /** 1-based number of the last line returned. */
  lineNumber = 0;
  /** Lines dropped for being longer than MAX_LINE_CHARS. */
  overlongLines = 0;
  /** The last line `nextBytes()` gave: `lineBytes[lineStart, lineEnd)`, without its newline or CR. */
  lineBytes: Buffer = this.#store;
  lineStart = 0;
  lineEnd = 0;

  private constructor(chunks: ChunkReader, inBytes: boolean) {
    this.#chunks = chunks;
    this.#inBytes = inBytes;
  }

  static async open(path: string, chunkBytes = MAX_CHUNK_BYTES, inBytes = false): Promise<LineReader> {
    return new LineReader(await ChunkReader.open(path, chunkBytes), inBytes);
  }

  get eof(): boolean {
    return this.#eof;
  }

  /**
   * The next complete line as bytes (true: see lineBytes), or false when the reader has turned to
   * text (read the line with nextLine() then), or undefined if more must be read first.
   */
  nextBytes(): boolean | undefined {
    if (!this.#inBytes) return false;
    for (;;) {
      const bytes = this.#bytes;
      const start = this.#pos;
      const end = bytes.indexOf(NEWLINE, start);
      if (end < 0) return undefined;
      this.#pos = end + 1;
      this.lineNumber++;
      if (this.#skipping) {
        this.#skipping = false;
        continue;
      }
      this.lineBytes = bytes;
      this.lineStart = start;
      this.lineEnd = end > start && bytes[end - 1] === CR ? end - 1 : end;
      return true;
    }
  }

  /** The next complete line (without its newline), or undefined if more text must be read first. */
  nextLine(): string | undefined {
    if (this.#inBytes) {
      const got = this.nextBytes();
      return got ? latin1Text(this.lineBytes, this.lineStart, this.lineEnd) : undefined;
    }
    const text = this.#text;
    const end = text.indexOf("\n", this.#pos);
    if (end < 0) return undefined;
    let line = text.slice(this.#pos, end);
    this.#pos = end + 1;
    this.lineNumber++;
    if (this.#skipping) {
      this.#skipping = false;
      return this.nextLine();
    }
    if (line.endsWith("\r")) line = line.slice(0, -1);
    return line;
  }

  /** Reads the next chunk. Returns false at the end of the file. */
  async fill(): Promise<boolean> {
    if (this.#eof) return false;
    if (this.#inBytes) return this.#fillBytes();
    const chunk = await this.#chunks.read();
    if (chunk === null) {
      this.#eof = true;
      return false;
    }
    this.#text = this.#rest(this.#text.slice(this.#pos)) + chunk;
    this.#pos = 0;
    return true;
  }

  /** The unfinished line carried into the next chunk, or nothing once it is too long to keep. */
  #rest<T extends { length: number }>(rest: T): T | "" {
    if (rest.length <= MAX_LINE_CHARS) return rest;
    if (!this.#skipping) this.overlongLines++;
    this.#skipping = true;
    return "";
  }

  #fillBytes(): boolean {
    const chunk = this.#chunks.readBytes();
    if (chunk === null) {
      this.#eof = true;
      return false;
    }
    const from = this.#pos;
    const rest = this.#rest(this.#bytes.subarray(from));
    const restBytes = rest === "" ? 0 : rest.length;
    this.#pos = 0;
    if (!isAscii(chunk)) {
      // From here on the file is text, as if it had been read as text from the start.
      this.#inBytes = false;
      this.#text = (rest === "" ? "" : latin1Text(rest, 0, restBytes)) + this.#chunks.text(chunk);
      this.#bytes = this.#store = Buffer.alloc(0);
      return true;
    }
    const needed = restBytes + chunk.length;
    if (this.#store.length < needed) {
      // Room for a chunk and an unfinished line, with some to spare for the next longer one.
      const store = Buffer.allocUnsafe(needed + (needed >> 3));
      if (rest !== "") rest.copy(store, 0);
      this.#store = store;
    } else if (rest !== "") this.#store.copyWithin(0, from, from + restBytes);
    chunk.copy(this.#store, restBytes);
    this.#bytes = this.#store.subarray(0, needed);
    return true;
  }

  /** After the end of the file: the text after the last newline (a cut last line), if any. */
  remainder(): string {
    if (!this.#eof) throw new Error("remainder() before the end of the file");
    let rest: string;
    if (this.#inBytes) {
      rest = this.#skipping ? "" : latin1Text(this.#bytes, this.#pos, this.#bytes.length);
      this.#bytes = this.#store = Buffer.alloc(0);
    } else rest = this.#skipping ? "" : this.#text.slice(this.#pos);
    this.#text = "";
    this.#pos = 0;
    return rest.endsWith("\r") ? rest.slice(0, -1) : rest;
  }

  async close(): Promise<void> {
    await this.#chunks.close();
  }
}
