// CSV export: one row per event of every machine, in true-time order, with a header row.
// Fields that hold commas, quotes or newlines are quoted; text that a spreadsheet would take for a
// formula (=, +, -, @ at the start) is prefixed with a quote character.
import type { StreamedEvent } from "./exportTypes.ts";
import { vectorOf } from "./exportTypes.ts";
import type { EventFormatter } from "./writeExport.ts";

export const CSV_COLUMNS = [
  "machine",
  "seq",
  "type",
  "trueTime",
  "systemTime",
  "lamport",
  "queueLength",
  "messageId",
  "messageFrom",
  "messageTo",
  "messageLamport",
  "messageSentAt",
  "vector",
] as const;

function text(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function number(value: number | undefined): string {
  return value === undefined ? "" : String(value);
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(",")}\n`;
}

export function csvRow({ machine, event }: StreamedEvent): string {
  const m = event.message;
  const vector = vectorOf(event);
  return `${[
    text(machine),
    number(event.seq),
    event.type,
    number(event.trueTime),
    number(event.systemTime),
    number(event.lamport),
    number(event.queueLength),
    m === undefined ? "" : text(m.id),
    m?.from === undefined ? "" : text(m.from),
    m?.to === undefined ? "" : text(m.to.join(";")),
    number(m?.lamport),
    number(m?.sentAt),
    vector === undefined ? "" : text(JSON.stringify(vector)),
  ].join(",")}\n`;
}

export class CsvFormatter implements EventFormatter {
  constructor(_machineIds: string[], _first: StreamedEvent[]) {}

  header(): string {
    return csvHeader();
  }

  rows(batch: StreamedEvent[]): string {
    let text = "";
    for (const item of batch) text += csvRow(item);
    return text;
  }

  warnings(): string[] {
    return [];
  }
}
