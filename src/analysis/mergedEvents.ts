// The events of many cursors as one stream in true-time order (the CursorHeap's order), with the
// machine each came from; advanced synchronously while buffered text lasts, like a cursor. The
// analyser reads it on one thread, or a reading thread does (parallel/readWorker.ts) and sends
// it on in batches. Also opens a run's machine logs as cursors, the one way both do it.
import { type EventCursor, type FileProblems, JsonlCursor, nextEvent, PythonCursor } from "./cursor.ts";
import { CursorHeap } from "./cursorHeap.ts";
import type { AnalysisEvent } from "./event.ts";
import type { PythonMachineContext } from "./pythonEvent.ts";

/** A machine log to open: its index among the run's machines, its name and path. */
export interface MachineLog {
  index: number;
  file: string;
  path: string;
}

/** A cursor over a machine log, or the error code that kept it from opening. */
export async function openCursor(
  log: MachineLog,
  chunkBytes: number,
  python: PythonMachineContext | null,
): Promise<EventCursor | { code: string }> {
  try {
    if (python === null) return await JsonlCursor.open(log.index, log.file, log.path, chunkBytes);
    return await PythonCursor.open(log.index, log.file, log.path, python, chunkBytes);
  } catch (error) {
    return { code: (error as NodeJS.ErrnoException).code ?? "error" };
  }
}

/** Events in true-time order, each with its machine; MergedEvents and the reading threads' stream. */
export interface OrderedEvents {
  readonly event: AnalysisEvent | undefined;
  readonly machine: number;
  advance(): boolean | "fill";
  fill(): Promise<void>;
}

/** What became of one machine log, once read. */
export interface LogReport {
  machine: number;
  file: string;
  problems: FileProblems;
}

export class MergedEvents implements OrderedEvents {
  readonly #heap = new CursorHeap();
  /** The current event, undefined once all are read. */
  event: AnalysisEvent | undefined;
  /** The machine of the current event. */
  machine = 0;

  /** Reads each cursor's first event; `participates` marks the machines that have one. */
  static async start(cursors: EventCursor[], participates: boolean[]): Promise<MergedEvents> {
    const merged = new MergedEvents();
    for (const cursor of cursors) {
      if (await nextEvent(cursor)) {
        merged.#heap.push(cursor);
        participates[cursor.machine] = true;
      }
    }
    merged.#load();
    return merged;
  }

  /** The cursor of the current event (while there is one). */
  get cursor(): EventCursor {
    return this.#heap.top()!;
  }

  #load(): void {
    const top = this.#heap.top();
    if (top === undefined) {
      this.event = undefined;
      return;
    }
    this.event = top.current;
    this.machine = top.machine;
  }

  /** Moves to the next event: true, false at the end, "fill" when `fill()` must read first. */
  advance(): boolean | "fill" {
    const heap = this.#heap;
    const more = heap.top()!.advance();
    if (more === "fill") return "fill";
    if (more) heap.topChanged();
    else heap.popTop();
    this.#load();
    return this.event !== undefined;
  }

  async fill(): Promise<void> {
    await this.#heap.top()!.fill();
  }
}
