// The events a restart after a crash makes special, by machine and seq: a machine's first event
// after the restart, and the catch-up jump of its first receive after it (a step that is not an
// ordinary jump). The space-time diagram labels them, and its numbers name them.
import type { RunAnalysis } from "../analysis/index.ts";

/** What an event was beside its type: the first after a restart, or a catch-up receive. */
export type Special = { kind: "restart" } | { kind: "catch-up"; jump: number };

/** The key of an event in the map: its machine and seq. */
export const eventKey = (machine: string, seq: number) => `${machine}\u0000${seq}`;

export function specialEvents(analysis: RunAnalysis): Map<string, Special> {
  const out = new Map<string, Special>();
  for (const m of analysis.machines) {
    for (const r of m.restarts) {
      out.set(eventKey(m.id, r.restartSeq), { kind: "restart" });
      if (r.catchUpSeq !== null && r.catchUpJump !== null)
        out.set(eventKey(m.id, r.catchUpSeq), { kind: "catch-up", jump: r.catchUpJump });
    }
  }
  return out;
}
