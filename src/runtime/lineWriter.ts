// Append-only JSONL writers. `SyncLineWriter` hands every line to the kernel before returning, so
// a process killed at any moment (SIGKILL included) leaves every line written so far readable.
// `BufferedLineWriter` batches lines for high rates (simulator, busy router) and hands them over
// at a size threshold, on `flush()` and on `close()`.
import { closeSync, fsyncSync, openSync } from "node:fs";
import { appendWhole } from "./appendWhole.ts";

export interface LineSink {
  /** Appends one value as one JSON line. */
  write(value: unknown): void;
  /** Appends an already serialised line (without the newline). */
  writeLine(line: string): void;
  /**
   * Appends whole lines already encoded as UTF-8, each with its newline (a writer that can take
   * bytes as they are; the bytes are the caller's again when it returns). Without it, such lines
   * go to writeLine one by one.
   */
  writeBytes?(bytes: Uint8Array): void;
  flush(): void;
  close(): void;
}

export class SyncLineWriter implements LineSink {
  readonly path: string;
  #fd: number | null;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, "a");
  }

  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  writeLine(line: string): void {
    if (this.#fd === null) return;
    appendWhole(this.#fd, `${line}\n`);
  }

  flush(): void {}

  close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    this.#fd = null;
    try {
      fsyncSync(fd);
    } catch {
      // fsync can fail on some filesystems (e.g. pipes); the data is with the kernel already.
    }
    closeSync(fd);
  }

  /** Closes without throwing (after a write already failed, say on a full disk). */
  closeQuietly(): void {
    try {
      this.close();
    } catch {
      // The failure that led here has been reported; nothing more can be done with this file.
    }
  }
}

export class BufferedLineWriter implements LineSink {
  readonly path: string;
  readonly #thresholdChars: number;
  #fd: number | null;
  #chunks: string[] = [];
  #pendingChars = 0;

  constructor(path: string, thresholdChars = 256 * 1024) {
    this.path = path;
    this.#thresholdChars = thresholdChars;
    this.#fd = openSync(path, "a");
  }

  write(value: unknown): void {
    this.writeLine(JSON.stringify(value));
  }

  writeLine(line: string): void {
    this.#chunks.push(line);
    this.#pendingChars += line.length + 1;
    if (this.#pendingChars >= this.#thresholdChars) this.flush();
  }

  /** Hands the lines buffered so far and then `bytes` to the kernel (in that order) at once. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    if (this.#fd === null) return;
    // Lines from byte templates: the same whole-line guarantee as text (a full disk cuts no line).
    appendWhole(this.#fd, bytes);
  }

  flush(): void {
    if (this.#fd === null || this.#chunks.length === 0) return;
    this.#chunks.push("");
    const text = this.#chunks.join("\n");
    this.#chunks = [];
    this.#pendingChars = 0;
    appendWhole(this.#fd, text);
  }

  close(): void {
    if (this.#fd === null) return;
    const fd = this.#fd;
    try {
      this.flush();
    } finally {
      this.#fd = null;
      closeSync(fd);
    }
  }

  /** Closes without throwing (after a write already failed, say on a full disk). */
  closeQuietly(): void {
    try {
      this.close();
    } catch {
      // The failure that led here has been reported; nothing more can be done with this file.
    }
  }
}
