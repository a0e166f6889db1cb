// Reads a file as a sequence of text chunks of bounded size, decoding UTF-8 safely across chunk
// boundaries. Pull-based (the caller asks for the next chunk), so several files can be read in step;
// when many are, `chunkBytesFor` sizes each file's buffer so that all of them together stay bounded.
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

export const MAX_CHUNK_BYTES = 1 << 20;
const MIN_CHUNK_BYTES = 1 << 10;
/** What the read buffers of files read in step may take together (each text chunk as much again). */
const READ_BUDGET_BYTES = 12 << 20;

/** The chunk size for each of `files` files read in step: 1 MB for a few, less for thousands. */
export function chunkBytesFor(files: number): number {
  const share = Math.floor(READ_BUDGET_BYTES / Math.max(1, files));
  return Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, share));
}

export class ChunkReader {
  readonly #fd: number;
  readonly #buffer: Buffer;
  readonly #decoder = new StringDecoder("utf8");
  #done = false;
  /** Once non-ASCII text was seen, every chunk goes through the decoder (it may hold a partial character). */
  #pendingUtf8 = false;

  private constructor(fd: number, chunkBytes: number) {
    this.#fd = fd;
    this.#buffer = Buffer.allocUnsafe(chunkBytes);
  }

  static async open(path: string, chunkBytes = MAX_CHUNK_BYTES): Promise<ChunkReader> {
    // Synchronous file calls throughout: with thousands of small files read in step, the round trip
    // of an asynchronous call costs more than the call itself. Each read is at most one chunk.
    return new ChunkReader(openSync(path, "r"), chunkBytes);
  }

  /** The next chunk of text, or null at the end of the file (the file is then closed). */
  async read(): Promise<string | null> {
    const bytes = this.readBytes();
    if (bytes === null) {
      const rest = this.#decoder.end();
      return rest.length > 0 ? rest : null;
    }
    return this.text(bytes);
  }

  /**
   * The next chunk as bytes, or null at the end of the file (the file is then closed). The bytes
   * are the reader's own buffer: valid until the next read. Read this way, each chunk is to be
   * made text with `text` unless it is ASCII (and every chunk before it was).
   */
  readBytes(): Buffer | null {
    if (this.#done) return null;
    const bytesRead = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, null);
    if (bytesRead === 0) {
      this.#done = true;
      closeSync(this.#fd);
      return null;
    }
    return this.#buffer.subarray(0, bytesRead);
  }

  /** A chunk `readBytes` gave as text, decoding UTF-8 across chunks once any was not ASCII. */
  text(bytes: Buffer): string {
    // Pure ASCII (the usual log) needs no UTF-8 decoding, unless a multi-byte character is pending.
    if (!this.#pendingUtf8 && isAscii(bytes)) return bytes.toString("latin1");
    const text = this.#decoder.write(bytes);
    this.#pendingUtf8 = true;
    return text;
  }

  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    closeSync(this.#fd);
  }
}
