// A second streaming pass over router.jsonl for what the fault analysis needs and the first pass
// (routerLogReader.ts) does not keep: the fault lines with their times, every drop with its time
// and reason, machines leaving and joining again (a crash and its restart), what the launcher did
// to a process, the run's t0, and (only when asked) each routed delivery's destination and time.
// Lines of the kinds not asked for are skipped by their first bytes, before any decoding, so the
// pass costs little beside the routed lines it does not read.
import { readRouterLine, routerLinePrefix } from "../../core/logFormat/routerLine.ts";
import type { RouterLogEntry } from "../../core/routerLog.ts";
import { LineReader } from "../lineReader.ts";

type Entry<T extends RouterLogEntry["type"]> = Extract<RouterLogEntry, { type: T }>;

export interface RouterFaultHandlers {
  started?(line: Entry<"started">): void;
  fault?(line: Entry<"fault">): void;
  dropped?(line: Entry<"dropped">): void;
  left?(line: Entry<"left">): void;
  joined?(line: Entry<"joined">): void;
  processFault?(line: Entry<"process-fault">): void;
  /** Asked for only when needed: nearly every line of a run is a routed one. */
  routed?(line: Entry<"routed">): void;
}

const ROUTED = routerLinePrefix("routed");
const HELD = routerLinePrefix("held");

function dispatch(entry: RouterLogEntry | null, handlers: RouterFaultHandlers): void {
  if (entry === null) return;
  switch (entry.type) {
    case "started":
      handlers.started?.(entry);
      return;
    case "fault":
      handlers.fault?.(entry);
      return;
    case "dropped":
      handlers.dropped?.(entry);
      return;
    case "left":
      handlers.left?.(entry);
      return;
    case "joined":
      handlers.joined?.(entry);
      return;
    case "process-fault":
      handlers.processFault?.(entry);
      return;
    case "routed":
      handlers.routed?.(entry);
      return;
    default:
  }
}

/** Reads router.jsonl once, calling the handlers given for the lines they take (bad lines are skipped). */
export async function scanRouterLog(path: string, handlers: RouterFaultHandlers): Promise<void> {
  const wantRouted = handlers.routed !== undefined;
  const reader = await LineReader.open(path);
  try {
    for (;;) {
      const line = reader.nextLine();
      if (line === undefined) {
        if (await reader.fill()) continue;
        break;
      }
      if (line.length === 0 || line.startsWith(HELD)) continue;
      if (!wantRouted && line.startsWith(ROUTED)) continue;
      dispatch(readRouterLine(line), handlers);
    }
    const rest = reader.remainder();
    if (rest.trim().length > 0) dispatch(readRouterLine(rest), handlers);
  } finally {
    await reader.close();
  }
}
