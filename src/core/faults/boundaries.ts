// When each fault window of a run opens and closes, as router.jsonl's `fault` lines: one at each
// start and end, stamped with the scheduled time (t0 + the window's offset), in time order.
import type { RouterLogEntry } from "../routerLog.ts";
import type { FaultWindow } from "./schedule.ts";

export class FaultBoundaries {
  readonly #lines: RouterLogEntry[];
  #next = 0;

  /** `alreadyLogged`: lines ("f1:start") a router that was killed had written; a restarted one skips them. */
  constructor(windows: readonly FaultWindow[], t0Ms: number, alreadyLogged: readonly string[] = []) {
    const skip = new Set(alreadyLogged);
    const lines: Array<{ atMs: number; order: number; entry: RouterLogEntry }> = [];
    windows.forEach((window, index) => {
      for (const phase of ["start", "end"] as const) {
        if (skip.has(`${window.id}:${phase}`)) continue;
        const atMs = t0Ms + (phase === "start" ? window.fromMs : window.toMs);
        const entry: RouterLogEntry = {
          type: "fault",
          at: atMs,
          phase,
          fault: window.id,
          kind: window.kind,
          targets: window.targets,
          source: window.source,
        };
        if (window.groups !== null && entry.type === "fault")
          entry.groups = window.groups.map((group) => group.join(","));
        lines.push({ atMs, order: 2 * index + (phase === "end" ? 1 : 0), entry });
      }
    });
    // In time order; at equal times, ends before starts (a window that closes as another opens).
    lines.sort((a, b) => a.atMs - b.atMs || endFirst(a.entry) - endFirst(b.entry) || a.order - b.order);
    this.#lines = lines.map((line) => line.entry);
  }

  /** When the next line is due (null: none left). */
  get nextMs(): number | null {
    const line = this.#lines[this.#next];
    return line === undefined ? null : line.at;
  }

  /**
   * The lines due by `nowMs`. At the end of a run (`nowMs` Infinity) the rest are written then,
   * stamped `endedAtMs` if their time lies beyond it.
   */
  due(nowMs: number, endedAtMs?: number): RouterLogEntry[] {
    const out: RouterLogEntry[] = [];
    while (this.#next < this.#lines.length && this.#lines[this.#next]!.at <= nowMs) {
      const line = this.#lines[this.#next++]!;
      out.push(endedAtMs !== undefined && line.at > endedAtMs ? { ...line, at: endedAtMs } : line);
    }
    return out;
  }
}

function endFirst(entry: RouterLogEntry): number {
  return entry.type === "fault" && entry.phase === "end" ? 0 : 1;
}
