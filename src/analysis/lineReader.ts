// Splits a file into lines, pull-based: `nextLine()` is synchronous and returns undefined when the
// buffered text holds no complete line; then `fill()` reads the next chunk. Memory is bounded by the
// chunk size plus the longest line (lines longer than MAX_LINE_CHARS are skipped and counted).
import { ChunkReader, MAX_CHUNK_BYTES } from "./chunkReader.ts";

export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export class LineReader {
  readonly #chunks: ChunkReader;
  #text = "";
  #pos = 0;
  #eof = false;
  #skipping = false;
  /** 1-based number of the last line returned. */
  lineNumber = 0;
  /** Lines dropped for being longer than MAX_LINE_CHARS. */
  overlongLines = 0;

  private constructor(chunks: ChunkReader) {
    this.#chunks = chunks;
  }

  static async open(path: string, chunkBytes = MAX_CHUNK_BYTES): Promise<LineReader> {
    return new LineReader(await ChunkReader.open(path, chunkBytes));
  }

  get eof(): boolean {
    return this.#eof;
  }

  /** The next complete line (without its newline), or undefined if more text must be read first. */
  nextLine(): string | undefined {
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
    const chunk = await this.#chunks.read();
    if (chunk === null) {
      this.#eof = true;
      return false;
    }
    let rest = this.#text.slice(this.#pos);
    if (rest.length > MAX_LINE_CHARS) {
      if (!this.#skipping) this.overlongLines++;
      this.#skipping = true;
      rest = "";
    }
    this.#text = rest + chunk;
    this.#pos = 0;
    return true;
  }

  /** After the end of the file: the text after the last newline (a cut last line), if any. */
  remainder(): string {
    if (!this.#eof) throw new Error("remainder() before the end of the file");
    const rest = this.#skipping ? "" : this.#text.slice(this.#pos);
    this.#text = "";
    this.#pos = 0;
    return rest.endsWith("\r") ? rest.slice(0, -1) : rest;
  }

  async close(): Promise<void> {
    await this.#chunks.close();
  }
}
