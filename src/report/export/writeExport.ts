// Writes a run's events to a file (or stdout) in ShiViz or CSV format, streaming: events are read
// in batches and written with back-pressure, so memory does not grow with the run's length. The
// run directory is read before the output file is created, so a wrong run directory leaves no file.
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { type EventStream, type StreamedEvent, streamEvents } from "../../analysis/index.ts";
import { UserError } from "../../core/userError.ts";
import { CsvFormatter } from "./csv.ts";
import { cannotWriteReason } from "./outputErrors.ts";
import { ShivizFormatter } from "./shiviz.ts";

export type ExportFormat = "shiviz" | "csv";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["shiviz", "csv"];

export interface ExportResult {
  events: number;
  warnings: string[];
}

/** Turns batches of events into the text of one export format. */
export interface EventFormatter {
  header(): string;
  rows(batch: StreamedEvent[]): string;
  /** What the reader of the output should know, once every event is written. */
  warnings(): string[];
}

interface PreparedExport {
  stream: EventStream;
  first: StreamedEvent[];
  formatter: EventFormatter;
}

function outputClosed(): Error {
  return Object.assign(new Error("the output was closed before the export was complete"), { code: "EPIPE" });
}

/** Writes with back-pressure; rejects, instead of waiting for ever, if the output closes first. */
async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw outputClosed();
  if (out.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off("drain", onDrain);
      out.off("error", onError);
      out.off("close", onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = () => settle();
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(outputClosed());
    out.on("drain", onDrain);
    out.on("error", onError);
    out.on("close", onClose);
  });
}

/** Reads the run (a UserError if it is not one) and its first events, which the header depends on. */
async function prepareExport(runDir: string, format: ExportFormat): Promise<PreparedExport> {
  const stream = await streamEvents(runDir);
  const next = await stream.batches.next();
  const first = next.done ? [] : next.value;
  const formatter =
    format === "csv"
      ? new CsvFormatter(stream.machineIds, first)
      : new ShivizFormatter(runDir, stream.machineIds, first);
  return { stream, first, formatter };
}

async function writePrepared(
  { stream, first, formatter }: PreparedExport,
  out: Writable,
): Promise<ExportResult> {
  try {
    await write(out, formatter.header());
    let events = first.length;
    if (first.length > 0) await write(out, formatter.rows(first));
    for await (const batch of stream.batches) {
      events += batch.length;
      await write(out, formatter.rows(batch));
    }
    return { events, warnings: [...stream.warnings, ...formatter.warnings()] };
  } finally {
    await stream.batches.return(undefined);
  }
}

/** Streams the run's events into `out` (left open: it may be process.stdout). */
export async function exportRun(runDir: string, format: ExportFormat, out: Writable): Promise<ExportResult> {
  return writePrepared(await prepareExport(runDir, format), out);
}

async function openFile(path: string): Promise<WriteStream> {
  const out = createWriteStream(path);
  try {
    await once(out, "open");
    return out;
  } catch (error) {
    throw new UserError(`${path}: cannot write the export: ${cannotWriteReason(path, error)}`);
  }
}

export async function exportRunToFile(
  runDir: string,
  format: ExportFormat,
  path: string,
): Promise<ExportResult> {
  const prepared = await prepareExport(runDir, format);
  const out = await openFile(path);
  try {
    const result = await writePrepared(prepared, out);
    out.end();
    await once(out, "finish");
    return result;
  } catch (error) {
    out.destroy();
    if (error instanceof UserError || (error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new UserError(`${path}: writing the export failed: ${cannotWriteReason(path, error)}`);
  }
}
