// ShiViz export: the log format ShiViz (https://bestchai.bitbucket.io/shiviz/) reads. Two lines per
// event: a description, then `<host> <vector clock as JSON>`. The file starts with the parsing
// regex and an empty execution delimiter, so it can be uploaded as is; the regex is also printed
// for pasting. ShiViz wants each host's own entry to start at 1 and grow by exactly 1 per event:
// clocklab's vector clocks do; where a log has no vectors (vector clocks off, or the original
// exercise's format) they are rebuilt from the events in true-time order.
import type { AnalysisEvent, StreamedEvent, VectorClock } from "./exportTypes.ts";
import { vectorOf } from "./exportTypes.ts";
import type { EventFormatter } from "./writeExport.ts";

export const SHIVIZ_REGEX = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

function host(id: string): string {
  return id.replace(/\s/g, "_");
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

export class ShivizWriter {
  /** Rebuilt clocks per machine, and the clocks of messages not yet received by every destination. */
  readonly #clocks = new Map<string, VectorClock>();
  readonly #inFlight = new Map<string, { clock: VectorClock; remaining: number }>();
  readonly #othersCount: number;

  constructor(machineIds: string[]) {
    this.#othersCount = Math.max(0, machineIds.length - 1);
  }

  header(): string {
    return `${SHIVIZ_REGEX}\n\n`;
  }

  #clockFor(machine: string, event: AnalysisEvent): VectorClock {
    const logged = vectorOf(event);
    let clock = this.#clocks.get(machine) ?? {};
    if (logged !== undefined) {
      clock = { ...logged };
    } else {
      clock = { ...clock };
      if (event.type === "RECEIVE" && event.message !== undefined) {
        const sent = this.#inFlight.get(event.message.id);
        if (sent !== undefined) {
          for (const [key, value] of Object.entries(sent.clock))
            clock[key] = Math.max(clock[key] ?? 0, value);
          if (--sent.remaining <= 0) this.#inFlight.delete(event.message.id);
        }
      }
      clock[machine] = (clock[machine] ?? 0) + 1;
    }
    this.#clocks.set(machine, clock);
    if (event.type === "SEND" && event.message !== undefined) {
      const m = event.message;
      const remaining = m.to?.length ?? (m.kind === "BROADCAST" ? this.#othersCount : 1);
      if (remaining > 0) this.#inFlight.set(m.id, { clock, remaining });
    }
    return clock;
  }

  line({ machine, event }: StreamedEvent): string {
    const clock = this.#clockFor(machine, event);
    const shown: VectorClock = {};
    for (const [key, value] of Object.entries(clock)) if (value > 0) shown[host(key)] = value;
    const m = event.message;
    let text = `${event.type} lamport=${event.lamport} queue=${event.queueLength}`;
    if (m !== undefined) {
      text += ` message=${m.id}`;
      if (m.from !== undefined) text += ` from=${m.from}`;
      if (m.to !== undefined) text += ` to=${m.to.join(",")}`;
    }
    return `${oneLine(text)}\n${host(machine)} ${JSON.stringify(shown)}\n`;
  }
}

export class ShivizFormatter implements EventFormatter {
  readonly #writer: ShivizWriter;

  constructor(_runDir: string, machineIds: string[], _first: StreamedEvent[]) {
    this.#writer = new ShivizWriter(machineIds);
  }

  header(): string {
    return this.#writer.header();
  }

  rows(batch: StreamedEvent[]): string {
    let text = "";
    for (const item of batch) text += this.#writer.line(item);
    return text;
  }

  warnings(): string[] {
    return [];
  }
}
