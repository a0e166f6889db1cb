// Reads a file as a sequence of text chunks of bounded size, decoding UTF-8 safely across chunk
// boundaries. Pull-based (the caller asks for the next chunk), so several files can be read in step.
import { isAscii } from "node:buffer";
import { type FileHandle, open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";

const CHUNK_BYTES = 1 << 20;

export class ChunkReader {
  readonly #handle: FileHandle;
  readonly #buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  readonly #decoder = new StringDecoder("utf8");
  #done = false;
  /** Once non-ASCII text was seen, every chunk goes through the decoder (it may hold a partial character). */
  #pendingUtf8 = false;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  static async open(path: string): Promise<ChunkReader> {
    return new ChunkReader(await open(path, "r"));
  }

  /** The next chunk of text, or null at the end of the file (the file is then closed). */
  async read(): Promise<string | null> {
    if (this.#done) return null;
    const { bytesRead } = await this.#handle.read(this.#buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) {
      this.#done = true;
      await this.#handle.close();
      const rest = this.#decoder.end();
      return rest.length > 0 ? rest : null;
    }
    const bytes = this.#buffer.subarray(0, bytesRead);
    // Pure ASCII (the usual log) needs no UTF-8 decoding, unless a multi-byte character is pending.
    if (!this.#pendingUtf8 && isAscii(bytes)) return bytes.toString("latin1");
    const text = this.#decoder.write(bytes);
    this.#pendingUtf8 = true;
    return text;
  }

  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#handle.close();
  }
}
