// CSV export: one row per event of every machine, in true-time order, with a header row. Columns:
// the event (machine, seq, tick, type), the send's kind, its clocks (true and system time in ms,
// Lamport, HLC wall and logical), the queue, the message, and, when the run logged vector clocks,
// one `vector.<machine>` column per machine. Fields that hold commas, quotes or newlines are
// quoted; text that a spreadsheet would take for a formula (=, +, -, @ at the start) is prefixed
// with a quote character.
import type { AnalysisEvent, StreamedEvent } from "./exportTypes.ts";
import { hasVector, vectorOf } from "./exportTypes.ts";
import type { EventFormatter } from "./writeExport.ts";

export const CSV_EVENT_COLUMNS = [
  "machine",
  "seq",
  "tick",
  "type",
  "kind",
  "trueTime",
  "systemTime",
  "lamport",
  "hlcWall",
  "hlcLogical",
  "queueLength",
  "messageId",
  "messageFrom",
  "messageTo",
  "messageLamport",
  "messageSentAt",
] as const;

function text(value: string | undefined): string {
  if (value === undefined) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function number(value: number | undefined): string {
  return value === undefined ? "" : String(value);
}

function eventCells(machine: string, event: AnalysisEvent): string[] {
  const m = event.message;
  return [
    text(machine),
    number(event.seq),
    number(event.tick),
    event.type,
    text(event.type === "SEND" ? m?.kind : undefined),
    number(event.trueTime),
    number(event.systemTime),
    number(event.lamport),
    number(event.hlcWall),
    number(event.hlcLogical),
    number(event.queueLength),
    text(m?.id),
    text(m?.from),
    text(m?.to?.join(";")),
    number(m?.lamport),
    number(m?.sentAt),
  ];
}

export class CsvFormatter implements EventFormatter {
  /** Machines with a vector column: all of them if the run logged vector clocks, else none. */
  readonly #vectorMachines: string[];

  constructor(machineIds: string[], first: StreamedEvent[]) {
    this.#vectorMachines = first.some(({ event }) => hasVector(event)) ? machineIds : [];
  }

  header(): string {
    const vectorColumns = this.#vectorMachines.map((id) => text(`vector.${id}`));
    return `${[...CSV_EVENT_COLUMNS, ...vectorColumns].join(",")}\n`;
  }

  rows(batch: StreamedEvent[]): string {
    let out = "";
    for (const { machine, event } of batch) {
      const cells = eventCells(machine, event);
      if (this.#vectorMachines.length > 0) {
        const vector = vectorOf(event);
        // A vector clock has no entry for a machine it has not heard of: that entry is 0.
        for (const id of this.#vectorMachines)
          cells.push(vector === undefined ? "" : String(vector[id] ?? 0));
      }
      out += `${cells.join(",")}\n`;
    }
    return out;
  }

  warnings(): string[] {
    return [];
  }
}
