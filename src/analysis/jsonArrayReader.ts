// Streams the elements of a file holding one JSON array of objects (the original Python exercise's
// client-*.json), pull-based like LineReader: `nextElement()` returns the text of the next complete
// top-level object, or undefined when more text must be read with `fill()`. Memory is bounded by the
// chunk size plus the largest element, never by the number of elements.
import { ChunkReader, MAX_CHUNK_BYTES } from "./chunkReader.ts";

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

export class JsonArrayReader {
  readonly #chunks: ChunkReader;
  #text = "";
  #scan = 0;
  #elementStart = -1;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #eof = false;
  /** True once the array's closing bracket was seen. */
  closed = false;
  /** 1-based number of the last element returned. */
  elementNumber = 0;

  private constructor(chunks: ChunkReader) {
    this.#chunks = chunks;
  }

  static async open(path: string, chunkBytes = MAX_CHUNK_BYTES): Promise<JsonArrayReader> {
    return new JsonArrayReader(await ChunkReader.open(path, chunkBytes));
  }

  get eof(): boolean {
    return this.#eof;
  }

  nextElement(): string | undefined {
    const text = this.#text;
    for (let i = this.#scan; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === BACKSLASH) this.#escaped = true;
        else if (c === QUOTE) this.#inString = false;
        continue;
      }
      if (c === QUOTE) {
        this.#inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.#depth++;
        if (this.#depth === 2 && c === OPEN_BRACE) this.#elementStart = i;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.#depth--;
        if (this.#depth === 0 && c === CLOSE_BRACKET) this.closed = true;
        if (this.#depth === 1 && this.#elementStart >= 0) {
          const element = text.slice(this.#elementStart, i + 1);
          this.#elementStart = -1;
          this.#scan = i + 1;
          this.elementNumber++;
          return element;
        }
      }
    }
    this.#scan = text.length;
    return undefined;
  }

  async fill(): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = await this.#chunks.read();
    if (chunk === null) {
      this.#eof = true;
      return false;
    }
    const keepFrom = this.#elementStart >= 0 ? this.#elementStart : this.#scan;
    this.#text = this.#text.slice(keepFrom) + chunk;
    this.#scan -= keepFrom;
    if (this.#elementStart >= 0) this.#elementStart = 0;
    return true;
  }

  /** After the end of the file: true if an element was left unfinished (the file was cut). */
  cutMidElement(): boolean {
    return this.#elementStart >= 0;
  }

  async close(): Promise<void> {
    await this.#chunks.close();
  }
}
