// Writes a run's events to a file (or stdout) in ShiViz or CSV format, streaming: events are read
// in batches and written with back-pressure, so memory does not grow with the run's length.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { streamEvents } from "../../analysis/index.ts";
import { csvHeader, csvRow } from "./csv.ts";
import { ShivizWriter } from "./shiviz.ts";

export type ExportFormat = "shiviz" | "csv";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["shiviz", "csv"];

export interface ExportResult {
  events: number;
  warnings: string[];
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

/** Streams the run's events into `out` (which is ended, unless it is process.stdout). */
export async function exportRun(runDir: string, format: ExportFormat, out: Writable): Promise<ExportResult> {
  const stream = await streamEvents(runDir);
  const shiviz = format === "shiviz" ? new ShivizWriter(stream.machineIds) : null;
  await write(out, shiviz === null ? csvHeader() : shiviz.header());
  let events = 0;
  for await (const batch of stream.batches) {
    let chunk = "";
    for (const item of batch) chunk += shiviz === null ? csvRow(item) : shiviz.line(item);
    events += batch.length;
    await write(out, chunk);
  }
  return { events, warnings: stream.warnings };
}

export async function exportRunToFile(
  runDir: string,
  format: ExportFormat,
  path: string,
): Promise<ExportResult> {
  const out = createWriteStream(path);
  const opened = once(out, "open");
  await opened;
  const result = await exportRun(runDir, format, out);
  out.end();
  await once(out, "finish");
  return result;
}
