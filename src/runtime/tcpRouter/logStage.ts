// The router.jsonl lines of one batch, encoded as bytes from the line tables as they come and
// written in one go before any frame of the batch goes out (the write-ahead log): one write for a
// batch of thousands of routed lines instead of a string per line. A sink that cannot take bytes
// gets the lines one by one.
import { NO_ROOM } from "../../core/logFormat/compileByteEncoder.ts";
import type { ByteTarget } from "../../core/logFormat/jsonBytes.ts";
import { encodeRouterEntry, routerEntryBound } from "../../core/logFormat/routerLine.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import type { LineSink } from "../lineWriter.ts";
import { ByteArena } from "./byteArena.ts";

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

export class LogStage {
  readonly #arena = new ByteArena();
  /** The entries, for the sink's listener (only kept when there is one). */
  readonly #entries: RouterLogEntry[] = [];
  readonly #keepEntries: boolean;

  constructor(keepEntries: boolean) {
    this.#keepEntries = keepEntries;
  }

  get empty(): boolean {
    return this.#arena.used === 0;
  }

  /** Adds one line. `entry` may be reused by the caller once this returns. */
  add(entry: RouterLogEntry): void {
    const arena = this.#arena;
    let end = encodeRouterEntry(entry, arena.target, arena.used);
    if (end === NO_ROOM) {
      arena.reserve(routerEntryBound(entry));
      end = encodeRouterEntry(entry, arena.target, arena.used);
    }
    arena.used = end;
    if (this.#keepEntries) this.#entries.push({ ...entry });
  }

  /**
   * Adds one line its caller encodes: `encode` writes it (newline included) into the target from
   * the start it is given and returns the end, or a negative number if it needs more room than
   * there is. `entry` is asked for only when the sink's listener wants the entries.
   */
  addEncoded(encode: (target: ByteTarget, start: number) => number, entry: () => RouterLogEntry): void {
    const arena = this.#arena;
    let end = encode(arena.target, arena.used);
    while (end < 0) {
      arena.reserve(arena.bytes.length + 1);
      end = encode(arena.target, arena.used);
    }
    arena.used = end;
    if (this.#keepEntries) this.#entries.push(entry());
  }

  /**
   * Writes the lines to `sink`, tells `onEntry` about each, and hands them to the kernel (flush);
   * empties the stage. Throws what the sink throws.
   */
  writeTo(sink: LineSink, onEntry?: (entry: RouterLogEntry) => void): void {
    const arena = this.#arena;
    const bytes = arena.bytes.subarray(0, arena.used);
    arena.clear();
    if (sink.writeBytes !== undefined) sink.writeBytes(bytes);
    else {
      let start = 0;
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] !== NEWLINE) continue;
        sink.writeLine(utf8.decode(bytes.subarray(start, i)));
        start = i + 1;
      }
    }
    if (onEntry !== undefined) for (const entry of this.#entries) onEntry(entry);
    this.#entries.length = 0;
    sink.flush();
  }

  /** Forgets the batch (the log could not be written). */
  clear(): void {
    this.#arena.clear();
    this.#entries.length = 0;
  }
}
