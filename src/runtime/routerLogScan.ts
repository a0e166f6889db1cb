// What a restarted router needs from the router.jsonl its crashed predecessor left: the highest
// message number it logged from each sender, so that messages a machine sent but the old router
// never logged are recorded as lost when the machine says hello again. Reads the file in chunks;
// a cut last line is ignored.
import { closeSync, openSync, readSync } from "node:fs";

const CHUNK_BYTES = 1 << 20;
const ID_PATTERN = /"id":"([^"\\]+):(\d+)","from":"([^"\\]+)"/;

export function lastSeqsFromRouterLog(path: string): Record<string, number> {
  const last: Record<string, number> = {};
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return last;
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
      for (const line of lines) noteLine(line, last);
    }
  } finally {
    closeSync(fd);
  }
  return last;
}

function noteLine(line: string, last: Record<string, number>): void {
  if (!line.startsWith('{"type":"routed"') && !line.startsWith('{"type":"dropped"')) return;
  const match = ID_PATTERN.exec(line);
  if (match === null || match[1] !== match[3]) return;
  const from = match[3]!;
  const seq = Number(match[2]);
  if (seq > (last[from] ?? 0)) last[from] = seq;
}
