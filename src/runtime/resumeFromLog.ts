// Reads a machine's own log back after a restart, so its clocks resume where they were and never
// go backwards (a crashed machine rejoins with the same id). Lines are read as the event line's
// table says (src/core/logFormat); a cut last line, or any line that is not an event line, is
// ignored; a log that exists but cannot be read is an error, never "no log".
import { readFileSync } from "node:fs";
import { type EventLineFields, readEventLine } from "../core/logFormat/eventLine.ts";
import type { MachineResumeState } from "../core/machine.ts";

export { clocksAtZero } from "../core/machine.ts";

export function resumeStateFromLog(path: string): MachineResumeState | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    // No log yet: a first start. Any other failure (permissions, I/O) must not restart the clocks
    // at 0 as if there were no log: the caller reports it.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let last: EventLineFields | undefined;
  let sent = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const event = readEventLine(line);
    if (event === null) continue; // a line cut by a crash
    last = event;
    if (event.type === "SEND" && event.message !== undefined) {
      const n = Number(event.message.id.slice(event.message.id.lastIndexOf(":") + 1));
      if (Number.isSafeInteger(n) && n > sent) sent = n;
    }
  }
  if (last === undefined) return undefined;
  const state: MachineResumeState = {
    seq: last.seq,
    tick: last.tick,
    lamport: last.lamport,
    hlc: last.hlc,
    sent,
  };
  if (last.vector !== undefined) state.vector = last.vector;
  return state;
}
