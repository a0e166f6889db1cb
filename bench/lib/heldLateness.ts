// The lateness of held deliveries, from a router.jsonl: for each `held` line (a delivery a fault
// delayed until `dueAt`), the `routed` line of the same delivery says when the router sent it
// (`at`); lateness = at - dueAt, in ms. Deliveries due `skipMs` or more after the first held one
// count (to skip a warm-up); copies made by a duplication fault are matched as copies.
import { readFileSync } from "node:fs";

interface LogLine {
  type: string;
  at: number;
  id: string;
  to: string;
  dueAt?: number;
  duplicate?: boolean;
}

export interface HeldLateness {
  latenessMs: number[];
  /** Held deliveries with no routed line (still held, or dropped at the end). */
  unrouted: number;
}

export function heldLateness(routerJsonlPath: string, skipMs = 0): HeldLateness {
  const dueAtMs = new Map<string, number>();
  let fromMs = Number.NaN;
  const latenessMs: number[] = [];
  for (const text of readFileSync(routerJsonlPath, "utf8").split("\n")) {
    // Most lines are plain routed lines of deliveries that were never held: skip them unparsed.
    if (text === "" || (text.includes('"routed"') && dueAtMs.size === 0)) continue;
    const line = JSON.parse(text) as LogLine;
    const key = `${line.id}>${line.to}${line.duplicate === true ? "+" : ""}`;
    if (line.type === "held" && line.dueAt !== undefined) {
      if (Number.isNaN(fromMs)) fromMs = line.dueAt + skipMs;
      if (line.dueAt >= fromMs) dueAtMs.set(key, line.dueAt);
    } else if (line.type === "routed") {
      const due = dueAtMs.get(key);
      if (due === undefined) continue;
      latenessMs.push(line.at - due);
      dueAtMs.delete(key);
    }
  }
  return { latenessMs, unrouted: dueAtMs.size };
}
