// Streams every event of a run in true-time order, in batches, for consumers that need all events
// rather than metrics (clocklab export). Same reading rules as analyzeRun: bad lines are skipped,
// problems become warnings, memory is bounded by the batch size.
import { chunkBytesFor } from "./chunkReader.ts";
import { type EventCursor, JsonlCursor, nextEvent, PythonCursor } from "./cursor.ts";
import { CursorHeap } from "./cursorHeap.ts";
import type { AnalysisEvent } from "./event.ts";
import { discoverRun, type RunFiles } from "./runFiles.ts";

export interface StreamedEvent {
  machine: string;
  event: AnalysisEvent;
}

export interface EventStream {
  files: RunFiles;
  machineIds: string[];
  /** Filled in as files are read; complete once the batches are exhausted. */
  warnings: string[];
  batches: AsyncGenerator<StreamedEvent[]>;
}

const BATCH = 4096;

export async function streamEvents(runDir: string): Promise<EventStream> {
  const files = await discoverRun(runDir);
  const warnings = [...files.warnings];
  const ids = files.machines.map((m) => m.id);
  const cursors: EventCursor[] = [];
  const chunkBytes = chunkBytesFor(files.machines.length);
  for (const [index, machine] of files.machines.entries()) {
    if (!machine.readable) continue;
    try {
      if (files.format === "clocklab") {
        cursors.push(await JsonlCursor.open(index, machine.file, machine.path, chunkBytes));
      } else {
        const port = (source: string) => source.split(":").pop() ?? source;
        const machineOf = (source: string) =>
          ids.find((id) => id === source || id.endsWith(`-${port(source)}`)) ?? source;
        const context = { id: machine.id, machineOf, others: ids.filter((id) => id !== machine.id) };
        cursors.push(await PythonCursor.open(index, machine.file, machine.path, context, chunkBytes));
      }
    } catch (error) {
      warnings.push(`${machine.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }

  /** Stopped early (a consumer that fails or returns), it still closes every file. */
  async function* batches(): AsyncGenerator<StreamedEvent[]> {
    try {
      const heap = new CursorHeap();
      for (const cursor of cursors) if (await nextEvent(cursor)) heap.push(cursor);
      let batch: StreamedEvent[] = [];
      while (heap.size > 0) {
        const cursor = heap.top()!;
        batch.push({ machine: ids[cursor.machine]!, event: cursor.current! });
        if (await nextEvent(cursor)) heap.topChanged();
        else heap.popTop();
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
      for (const { problems, file } of cursors) {
        if (problems.truncated) warnings.push(`${file}: the last line was cut off; it was ignored`);
        if (problems.badItems > 0) warnings.push(`${file}: ${problems.badItems} bad lines were skipped`);
      }
    } finally {
      for (const cursor of cursors) await cursor.close();
    }
  }

  return { files, machineIds: ids, warnings, batches: batches() };
}
