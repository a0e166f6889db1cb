// Reads the events of one machine's log whose trueTime falls in [fromMs, toMs], between two
// byte offsets (from a checkpoint to what the feed has released), for the page's look back at
// past events. Asynchronous and chunked; invalid lines are skipped (the tail counted them).
import { open } from "node:fs/promises";
import type { WireEvent } from "../../core/watch/protocol.ts";
import type { MachineTable } from "./machineTable.ts";
import { parseMachineLine } from "./wireEvent.ts";

const CHUNK_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export interface RangeRead {
  path: string;
  machine: number;
  startOffset: number;
  /** Bytes at or after this offset are not read (not yet released to the page). */
  limitOffset: number;
  fromMs: number;
  toMs: number;
}

export async function readEventRange(range: RangeRead, table: MachineTable): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  if (range.limitOffset <= range.startOffset) return events;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(range.path, "r");
  } catch {
    return events;
  }
  try {
    let position = range.startOffset;
    let carry = Buffer.alloc(0);
    while (position < range.limitOffset) {
      const length = Math.min(CHUNK_BYTES, range.limitOffset - position);
      const chunk = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(chunk, 0, length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data =
        carry.length === 0
          ? chunk.subarray(0, bytesRead)
          : Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      let lineStart = 0;
      for (;;) {
        const newline = data.indexOf(NEWLINE, lineStart);
        if (newline < 0) break;
        const event = parseMachineLine(data.toString("utf8", lineStart, newline), range.machine, table);
        lineStart = newline + 1;
        if (event === null || event.t < range.fromMs) continue;
        if (event.t > range.toMs) return events;
        events.push(event);
      }
      carry = Buffer.from(data.subarray(lineStart));
    }
    // A released last line without a newline (a cut line taken as complete).
    if (carry.length > 0) {
      const event = parseMachineLine(carry.toString("utf8"), range.machine, table);
      if (event !== null && event.t >= range.fromMs && event.t <= range.toMs) events.push(event);
    }
    return events;
  } finally {
    await handle.close();
  }
}

/** A few files at a time: a run of thousands of machines must not open them all at once. */
const RANGE_READS_AT_ONCE = 64;

/** The events of several machines' ranges, in time order. */
export async function readEventRanges(reads: RangeRead[], table: MachineTable): Promise<WireEvent[]> {
  const parts: WireEvent[][] = [];
  for (let i = 0; i < reads.length; i += RANGE_READS_AT_ONCE) {
    const group = reads.slice(i, i + RANGE_READS_AT_ONCE);
    parts.push(...(await Promise.all(group.map((read) => readEventRange(read, table)))));
  }
  return parts.flat().sort(byTime);
}

export function byTime(a: WireEvent, b: WireEvent): number {
  return a.t - b.t || a.m - b.m || a.seq - b.seq;
}
