// Converts one element of the original Python exercise's client-*.json into an AnalysisEvent, as
// For the original exercise's logs: times are system_clock_time x 1000 (ms), the Lamport value is
// logical_clock_time, the queue length message_queue_size. Messages carry no id there; a message is
// named `<sender>:L<lamport>`, unique because a sender's Lamport value grows with every event.
import type { AnalysisEvent } from "./event.ts";

export interface PythonMachineContext {
  /** This machine's id. */
  id: string;
  /** Maps a message `source` ("127.0.0.1:8001") to a machine id. */
  machineOf(source: string): string;
  /** The other machines' ids in sorted order (first, second, ...). */
  others: string[];
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function asPythonEvent(
  value: unknown,
  seq: number,
  context: PythonMachineContext,
): AnalysisEvent | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  const type = raw.event_type;
  if (type !== "SEND" && type !== "RECEIVE" && type !== "INTERNAL") return null;
  if (!isFiniteNumber(raw.system_clock_time) || !isFiniteNumber(raw.logical_clock_time)) return null;
  const timeMs = raw.system_clock_time * 1000;
  const event: AnalysisEvent = {
    seq,
    type,
    trueTime: timeMs,
    systemTime: timeMs,
    lamport: raw.logical_clock_time,
    queueLength: isFiniteNumber(raw.message_queue_size) ? raw.message_queue_size : 0,
  };
  if (type === "INTERNAL") return event;
  const message = raw.message;
  if (typeof message !== "object" || message === null) return null;
  const m = message as Record<string, unknown>;
  if (!isFiniteNumber(m.logical_clock_time) || !isFiniteNumber(m.system_clock_time)) return null;
  const from = type === "SEND" ? context.id : context.machineOf(String(m.source ?? "?"));
  const kind = typeof m.type === "string" ? m.type : "SEND_FIRST";
  event.message = {
    id: `${from}:L${m.logical_clock_time}`,
    kind,
    lamport: m.logical_clock_time,
    sentAt: m.system_clock_time * 1000,
  };
  if (typeof m.payload === "string") event.message.payload = m.payload;
  if (type === "RECEIVE") {
    event.message.from = from;
  } else {
    const others = context.others;
    if (kind === "BROADCAST") event.message.to = others;
    else if (kind === "SEND_SECOND") event.message.to = others.slice(Math.min(1, others.length - 1), 2);
    else event.message.to = others.slice(0, 1);
  }
  return event;
}
