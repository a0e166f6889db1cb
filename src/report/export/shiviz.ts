// ShiViz export: the log format ShiViz (https://bestchai.bitbucket.io/shiviz/) reads. Two lines per
// event: a description, then `<host> <vector clock as JSON>`. The file starts with the parsing
// regex and an empty execution delimiter, so it can be uploaded as is; the regex is also printed
// for pasting.
//
// ShiViz refuses a log unless every host's own entry counts its events 1, 2, 3, ... and every entry
// for another host names a host with events and stays within that host's event count. Logged
// vector clocks break those rules when a machine's log is missing, cut off or has skipped lines
// (they count events that are not in the file), so the clocks written are always rebuilt from the
// events that are there, by the vector clock rules: +1 for each event of the machine, and on a
// RECEIVE the merge of the clock its SEND carried. For complete logs they equal the logged ones.
// Where they differ, or a RECEIVE has no SEND before it, a warning says so. A run with no event at
// all is refused: ShiViz cannot show it.
import { UserError } from "../../core/userError.ts";
import type { AnalysisEvent, StreamedEvent, VectorClock } from "./exportTypes.ts";
import { vectorOf } from "./exportTypes.ts";
import { ShivizHosts } from "./shivizHosts.ts";
import type { EventFormatter } from "./writeExport.ts";

export const SHIVIZ_REGEX = String.raw`(?<event>.*)\n(?<host>\S*) (?<clock>{.*})`;

/** One line for ShiViz's `.*`: no line terminators (JavaScript's include U+2028 and U+2029). */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}

/** A SEND's clock, kept until each of its destinations has received it. */
interface PendingSend {
  clock: VectorClock;
  /** Destinations still to receive it, or how many (when the log does not name them). */
  waiting: Set<string> | number;
}

function sameClock(a: VectorClock, b: VectorClock): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if ((a[key] ?? 0) !== (b[key] ?? 0)) return false;
  return true;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export class ShivizFormatter implements EventFormatter {
  readonly #hosts: ShivizHosts;
  readonly #othersCount: number;
  readonly #clocks = new Map<string, VectorClock>();
  readonly #pending = new Map<string, PendingSend>();
  /** RECEIVEs whose SEND was not seen before them, by sender. */
  readonly #unmatched = new Map<string, number>();
  #differentFromLog = 0;

  constructor(runDir: string, machineIds: string[], first: StreamedEvent[]) {
    if (first.length === 0) {
      throw new UserError(
        `${runDir}: no events to export: every machine's log is missing or empty, and ShiViz needs at least one event`,
      );
    }
    this.#hosts = new ShivizHosts(machineIds);
    this.#othersCount = Math.max(0, machineIds.length - 1);
  }

  header(): string {
    return `${SHIVIZ_REGEX}\n\n`;
  }

  #mergeSend(machine: string, event: AnalysisEvent, clock: VectorClock): void {
    const message = event.message!;
    const sent = this.#pending.get(message.id);
    if (sent === undefined) {
      const from = message.from ?? "an unknown sender";
      this.#unmatched.set(from, (this.#unmatched.get(from) ?? 0) + 1);
      return;
    }
    for (const [key, value] of Object.entries(sent.clock)) clock[key] = Math.max(clock[key] ?? 0, value);
    if (typeof sent.waiting === "number") sent.waiting -= 1;
    else sent.waiting.delete(machine);
    if (sent.waiting === 0 || (typeof sent.waiting !== "number" && sent.waiting.size === 0)) {
      this.#pending.delete(message.id);
    }
  }

  /** The event's clock by the vector clock rules, from the events exported so far. */
  #clockFor(machine: string, event: AnalysisEvent): VectorClock {
    const clock = { ...this.#clocks.get(machine) };
    if (event.type === "RECEIVE" && event.message !== undefined) this.#mergeSend(machine, event, clock);
    clock[machine] = (clock[machine] ?? 0) + 1;
    this.#clocks.set(machine, clock);
    const m = event.message;
    if (event.type === "SEND" && m !== undefined) {
      const waiting = m.to !== undefined ? new Set(m.to) : m.kind === "BROADCAST" ? this.#othersCount : 1;
      if (typeof waiting === "number" ? waiting > 0 : waiting.size > 0)
        this.#pending.set(m.id, { clock, waiting });
    }
    const logged = vectorOf(event);
    if (logged !== undefined && !sameClock(logged, clock)) this.#differentFromLog += 1;
    return clock;
  }

  #line({ machine, event }: StreamedEvent): string {
    const clock = this.#clockFor(machine, event);
    const shown: VectorClock = {};
    for (const [key, value] of Object.entries(clock)) if (value > 0) shown[this.#hosts.name(key)] = value;
    const m = event.message;
    let text = `${event.type} lamport=${event.lamport} queue=${event.queueLength}`;
    if (m !== undefined) {
      text += ` message=${m.id}`;
      if (m.from !== undefined) text += ` from=${m.from}`;
      if (m.to !== undefined) text += ` to=${m.to.join(",")}`;
    }
    return `${oneLine(text)}\n${this.#hosts.name(machine)} ${JSON.stringify(shown)}\n`;
  }

  rows(batch: StreamedEvent[]): string {
    let text = "";
    for (const item of batch) text += this.#line(item);
    return text;
  }

  warnings(): string[] {
    const warnings: string[] = [];
    const silent = this.#hosts.machines.filter((id) => !this.#clocks.has(id));
    if (silent.length > 0) {
      warnings.push(
        `ShiViz: no events of ${silent.join(", ")}, so no line for ${silent.length === 1 ? "it" : "them"}`,
      );
    }
    const unmatched = [...this.#unmatched.values()].reduce((sum, n) => sum + n, 0);
    if (unmatched > 0) {
      const senders = [...this.#unmatched].map(([from, n]) =>
        this.#unmatched.size === 1 ? from : `${from}: ${n}`,
      );
      warnings.push(
        `ShiViz: ${plural(unmatched, "receive has no SEND before it", "receives have no SEND before them")} in the ` +
          `logs (from ${senders.join(", ")}): the sender's log is missing or cut off, or the message came twice; ` +
          "ShiViz shows no message arrow into them",
      );
    }
    if (this.#differentFromLog > 0) {
      warnings.push(
        `ShiViz: ${plural(this.#differentFromLog, "event's logged vector clock differs", "events' logged vector clocks differ")} ` +
          "from the events in the logs (a log missing, cut off or with skipped lines); the file has the clocks " +
          "rebuilt from the events, which ShiViz accepts",
      );
    }
    return warnings;
  }
}
