// A reading thread of the analyser: opens its share of a run's machine logs, decodes them and
// merges them into true-time order (MergedEvents, as the analyser does on one thread), and posts
// the events in batches (eventBatch.ts), at most a few ahead of the analyser. At the end it posts
// what each log's reading found (bad lines, a cut last line).
import { parentPort, workerData } from "node:worker_threads";
import type { EventCursor } from "../cursor.ts";
import { type LogReport, type MachineLog, MergedEvents, openCursor } from "../mergedEvents.ts";
import { BatchWriter } from "./eventBatch.ts";

export interface ReadWorkerData {
  logs: MachineLog[];
  machines: number;
  chunkBytes: number;
  batchEvents: number;
  /** Batches posted and not yet taken before the thread waits. */
  ahead: number;
}

export type ReadWorkerMessage =
  | { kind: "opened"; failures: Array<{ index: number; code: string }>; participating: number[] }
  | { kind: "batch"; batch: import("./eventBatch.ts").EventBatch }
  | { kind: "end"; reports: LogReport[] };

async function main(port: NonNullable<typeof parentPort>, data: ReadWorkerData): Promise<void> {
  let credits = data.ahead;
  let wake: (() => void) | null = null;
  port.on("message", () => {
    credits++;
    wake?.();
    wake = null;
  });
  const post = (message: ReadWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);

  const cursors: EventCursor[] = [];
  const failures: Array<{ index: number; code: string }> = [];
  for (const log of data.logs) {
    const opened = await openCursor(log, data.chunkBytes, null);
    if ("code" in opened) failures.push({ index: log.index, code: opened.code });
    else cursors.push(opened);
  }
  const participates = new Array<boolean>(data.machines).fill(false);
  const merged = await MergedEvents.start(cursors, participates);
  const participating = participates.flatMap((yes, index) => (yes ? [index] : []));
  post({ kind: "opened", failures, participating });

  const writer = new BatchWriter(data.batchEvents);
  const send = async () => {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const batch = writer.take();
    post({ kind: "batch", batch }, [
      batch.nums.buffer,
      batch.ints.buffer,
      batch.lengths.buffer,
    ] as ArrayBuffer[]);
  };
  // An event is as the fast decoder built it unless its cursor took the slow path while reading it.
  const slowBefore = new Float64Array(data.machines);
  while (merged.event !== undefined) {
    const cursor = merged.cursor;
    const machine = cursor.machine;
    const slow = cursor.problems.slowPathLines;
    if (slow === slowBefore[machine]) writer.addFast(machine, merged.event);
    else writer.addWhole(machine, merged.event);
    slowBefore[machine] = slow;
    if (writer.full) await send();
    let more = merged.advance();
    while (more === "fill") {
      await merged.fill();
      more = merged.advance();
    }
  }
  if (writer.count > 0) await send();
  const reports: LogReport[] = [];
  for (const cursor of cursors) {
    await cursor.close();
    reports.push({ machine: cursor.machine, file: cursor.file, problems: cursor.problems });
  }
  post({ kind: "end", reports });
  port.close();
}

if (parentPort !== null) await main(parentPort, workerData as ReadWorkerData);
