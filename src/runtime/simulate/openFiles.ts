// A bounded set of open append-mode file descriptors, least recently used closed first, so a
// simulation can log to 10,000 machine files without running into the open-file limit
// (`ulimit -n`). The bound comes from the process's limit where Linux tells it, with headroom.
import { closeSync, openSync, readFileSync } from "node:fs";
import { appendWhole } from "../appendWhole.ts";
import { fsUserError } from "../fsErrors.ts";

const FALLBACK_MAX_OPEN = 512;
/** Descriptors left for everything else (stdio, the runtime's own files, sockets). */
const HEADROOM = 128;

export function defaultMaxOpenFiles(): number {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    const match = /^Max open files\s+(\d+)/m.exec(limits);
    if (match !== null) return Math.max(16, Math.min(4096, Number(match[1]) - HEADROOM));
  } catch {
    // Not Linux, or /proc is not mounted: stay with a bound that fits the usual default of 1024.
  }
  return FALLBACK_MAX_OPEN;
}

export class OpenFiles {
  #maxOpen: number;
  /** path -> fd, in least-recently-used-first order. */
  readonly #open = new Map<string, number>();

  constructor(maxOpen: number = defaultMaxOpenFiles()) {
    this.#maxOpen = Math.max(1, maxOpen);
  }

  get openCount(): number {
    return this.#open.size;
  }

  /** Appends `text` to `path` (creating it), opening it if needed. A failure names the file. */
  append(path: string, data: string | Uint8Array): void {
    try {
      this.#append(path, data);
    } catch (error) {
      throw fsUserError("write", path, error);
    }
  }

  #append(path: string, data: string | Uint8Array): void {
    appendWhole(this.#fd(path), data);
  }

  close(path: string): void {
    const fd = this.#open.get(path);
    if (fd === undefined) return;
    this.#open.delete(path);
    closeSync(fd);
  }

  closeAll(): void {
    for (const fd of this.#open.values()) closeSync(fd);
    this.#open.clear();
  }

  #fd(path: string): number {
    const cached = this.#open.get(path);
    if (cached !== undefined) {
      this.#open.delete(path);
      this.#open.set(path, cached);
      return cached;
    }
    while (this.#open.size >= this.#maxOpen) this.#closeOldest();
    let fd: number;
    try {
      fd = openSync(path, "a");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EMFILE" || this.#open.size === 0) throw error;
      // The limit is lower than we thought: keep fewer open from now on, and try again.
      this.#maxOpen = Math.max(1, Math.floor(this.#open.size / 2));
      while (this.#open.size >= this.#maxOpen) this.#closeOldest();
      fd = openSync(path, "a");
    }
    this.#open.set(path, fd);
    return fd;
  }

  #closeOldest(): void {
    const oldest = this.#open.entries().next().value;
    if (oldest === undefined) return;
    this.#open.delete(oldest[0]);
    closeSync(oldest[1]);
  }
}
