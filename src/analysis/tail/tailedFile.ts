// One log file of a run followed by the live view: its cursor, the lines read but not yet handed
// on (a replay holds them until their time), what was handed on (its byte offset, for range
// reads), the lines skipped, and how long an incomplete last line has stayed unchanged.
import { FileCursor, type RawLine } from "./fileCursor.ts";
import { OffsetIndex } from "./offsetIndex.ts";

export interface PendingLine {
  /** trueTime (machine line) or `at` (router line); -Infinity when it has none. */
  timeMs: number;
  line: RawLine;
  /** The parsed line (a WireEvent or a RouterRecord); null: corrupt. */
  parsed: unknown;
}

export class TailedFile {
  readonly name: string;
  readonly kind: "machine" | "router";
  /** Machine index (machine files). */
  readonly machine: number;
  readonly cursor: FileCursor;
  readonly index = new OffsetIndex();
  readonly pending: PendingLine[] = [];
  #pendingHead = 0;
  /** Offset just after the last line handed on. */
  releasedOffset = 0;
  skipped = 0;
  events = 0;
  /** The incomplete last line as last seen, and since when (wall ms). */
  #partialText = "";
  #partialSinceMs = 0;

  constructor(name: string, path: string, kind: "machine" | "router", machine = -1) {
    this.name = name;
    this.kind = kind;
    this.machine = machine;
    this.cursor = new FileCursor(path);
  }

  get pendingCount(): number {
    return this.pending.length - this.#pendingHead;
  }

  peek(): PendingLine | undefined {
    return this.pending[this.#pendingHead];
  }

  shift(): PendingLine | undefined {
    const line = this.pending[this.#pendingHead];
    if (line === undefined) return undefined;
    this.#pendingHead++;
    // Let go of handed-on lines at once: kept for long, they would outlive the young
    // generation and cost the server full garbage collections.
    if (this.#pendingHead === this.pending.length) {
      this.pending.length = 0;
      this.#pendingHead = 0;
    } else if (this.#pendingHead >= 256 && this.#pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.#pendingHead);
      this.#pendingHead = 0;
    }
    return line;
  }

  /** How long (ms) the incomplete last line has stayed as it is; 0 when there is none. */
  partialQuietMs(nowMs: number): number {
    if (!this.cursor.hasPartial) {
      this.#partialText = "";
      return 0;
    }
    const text = this.cursor.partialText;
    if (text !== this.#partialText) {
      this.#partialText = text;
      this.#partialSinceMs = nowMs;
    }
    return nowMs - this.#partialSinceMs;
  }
}
