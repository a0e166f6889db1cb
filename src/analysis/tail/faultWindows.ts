// Fault windows from router.jsonl `fault` lines: a `start` opens the window of its fault id, the
// `end` of the same id closes it. Kept in start order; bounded, since a generator may run long.
import type { FaultWindow } from "../../core/watch/protocol.ts";

const MAX_WINDOWS = 5000;

export class FaultWindows {
  readonly windows: FaultWindow[] = [];
  readonly #open = new Map<string, FaultWindow>();
  /** Windows not kept because there were more than MAX_WINDOWS. */
  dropped = 0;

  start(fault: string, kind: string, targets: string[], atMs: number): void {
    if (this.windows.length >= MAX_WINDOWS) {
      this.dropped++;
      return;
    }
    const window: FaultWindow = { fault, kind, targets, startMs: atMs, endMs: null };
    this.windows.push(window);
    this.#open.set(fault, window);
  }

  end(fault: string, kind: string, targets: string[], atMs: number): void {
    const window = this.#open.get(fault);
    if (window === undefined) {
      // An end without its start (the start was cut off): a window from the run's beginning.
      if (this.windows.length < MAX_WINDOWS) {
        this.windows.push({ fault, kind, targets, startMs: null, endMs: atMs });
      }
      return;
    }
    window.endMs = atMs;
    this.#open.delete(fault);
  }
}
