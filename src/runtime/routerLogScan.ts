// What a restarted router needs from the router.jsonl its crashed predecessor left: the highest
// message number it logged from each sender, so that messages a machine sent but the old router
// never logged are recorded as lost when the machine says hello again, and the fault lines it
// wrote, so they are not written twice. Reads the file in chunks; a cut last line is ignored.
import { closeSync, openSync, readSync } from "node:fs";
import { readRouterLine } from "../core/logFormat/routerLine.ts";

const CHUNK_BYTES = 1 << 20;

export interface RouterLogMemory {
  lastSeqs: Record<string, number>;
  faultLines: string[];
}

export function scanRouterLog(path: string): RouterLogMemory {
  const last: Record<string, number> = {};
  const faultLines: string[] = [];
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { lastSeqs: last, faultLines };
    throw error;
  }
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry = "";
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      const text = carry + buffer.toString("utf8", 0, read);
      const lines = text.split("\n");
      carry = lines.pop() ?? "";
      for (const line of lines) noteLine(line, last, faultLines);
    }
  } finally {
    closeSync(fd);
  }
  return { lastSeqs: last, faultLines };
}

function noteLine(line: string, last: Record<string, number>, faultLines: string[]): void {
  const entry = readRouterLine(line);
  if (entry === null) return;
  if (entry.type === "fault") {
    faultLines.push(`${entry.fault}:${entry.phase}`);
    return;
  }
  if (entry.type !== "routed" && entry.type !== "dropped") return;
  const prefix = `${entry.from}:`;
  if (!entry.id.startsWith(prefix)) return;
  const seq = Number(entry.id.slice(prefix.length));
  if (Number.isSafeInteger(seq) && seq > (last[entry.from] ?? 0)) last[entry.from] = seq;
}
