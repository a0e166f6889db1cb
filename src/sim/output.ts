// Where a simulation's log lines go. The simulator is pure: the caller injects these sinks (the
// CLI passes JSONL file writers; tests pass arrays). `LineSink` from src/runtime fits as is.

import type { RouterLogEntry } from "../core/routerLog.ts";
import type { EventLine } from "../core/types.ts";

export interface LineOutput {
  /** Appends one already serialised line (without the newline). */
  writeLine(line: string): void;
  /**
   * Optional fast path: takes the event object and serialises it itself, to exactly what
   * the log format's encoders write (src/core/logFormat). Without it, lines come through writeLine.
   */
  writeEvent?(event: EventLine): void;
  /** Optional fast path for router.jsonl entries, like writeEvent. */
  writeRouterEntry?(entry: RouterLogEntry): void;
}

export interface SimulationOutput {
  /** The sink for `<id>.jsonl`, asked once per machine at setup; null writes nothing. */
  machine(id: string): LineOutput | null;
  /** The sink for router.jsonl; null writes nothing. */
  router: LineOutput | null;
}

/** Keeps lines in memory: for tests and small runs only. */
export class MemoryOutput implements SimulationOutput {
  readonly machines = new Map<string, string[]>();
  readonly routerLines: string[] = [];
  readonly router: LineOutput = { writeLine: (line) => this.routerLines.push(line) };

  machine(id: string): LineOutput {
    const lines: string[] = [];
    this.machines.set(id, lines);
    return { writeLine: (line) => lines.push(line) };
  }
}
