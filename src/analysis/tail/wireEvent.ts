// Turns one `<id>.jsonl` line into the live view's compact event (WireEvent), checking every
// field it uses; a line that is not JSON or not a machine event gives null (the caller counts it).
import type { WireEvent } from "../../core/watch/protocol.ts";
import type { MachineTable } from "./machineTable.ts";

const MAX_TEXT_CHARS = 200;

function finite(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function shortText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return value.length > MAX_TEXT_CHARS ? value.slice(0, MAX_TEXT_CHARS) : value;
}

/** A vector clock object as an array by machine index, trailing zeros dropped; null if invalid. */
function vectorArray(value: unknown, table: MachineTable): number[] | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  const array: number[] = [];
  for (const [id, count] of entries) {
    if (!finite(count)) return null;
    const index = table.indexOf(id);
    while (array.length <= index) array.push(0);
    array[index] = count;
  }
  while (array.length > 0 && array[array.length - 1] === 0) array.pop();
  return array;
}

function addMessage(event: WireEvent, message: unknown, table: MachineTable): boolean {
  if (typeof message !== "object" || message === null) return false;
  const m = message as Record<string, unknown>;
  if (typeof m.id !== "string" || !finite(m.lamport) || !finite(m.sentAt)) return false;
  event.msgId = shortText(m.id)!;
  event.msgLamport = m.lamport;
  event.msgSentAt = m.sentAt;
  if (event.kind === "SEND") {
    if (m.to !== undefined) {
      if (!Array.isArray(m.to) || !m.to.every((id) => typeof id === "string")) return false;
      event.to = (m.to as string[]).map((id) => table.indexOf(shortText(id)!));
    }
    const kind = shortText(m.kind);
    if (kind !== undefined) event.msgKind = kind;
    const failed = shortText(m.failed);
    if (failed !== undefined) event.failed = failed;
  } else {
    if (typeof m.from !== "string") return false;
    event.from = table.indexOf(shortText(m.from)!);
  }
  return true;
}

/** Parses and checks one line of machine `machineIndex`'s log. */
export function parseMachineLine(text: string, machineIndex: number, table: MachineTable): WireEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const line = value as Record<string, unknown>;
  const kind = line.type;
  if (kind !== "SEND" && kind !== "RECEIVE" && kind !== "INTERNAL") return null;
  if (!finite(line.lamport) || !finite(line.systemTime)) return null;
  const event: WireEvent = {
    m: machineIndex,
    seq: finite(line.seq) ? line.seq : 0,
    kind,
    t: finite(line.trueTime) ? line.trueTime : line.systemTime,
    st: line.systemTime,
    lamport: line.lamport,
    queueLength: finite(line.queueLength) ? line.queueLength : 0,
  };
  const hlc = line.hlc as Record<string, unknown> | null | undefined;
  if (typeof hlc === "object" && hlc !== null && finite(hlc.wall) && finite(hlc.logical)) {
    event.hlcWall = hlc.wall;
    event.hlcLogical = hlc.logical;
  }
  if (line.vector !== undefined) {
    const vector = vectorArray(line.vector, table);
    if (vector === null) return null;
    event.v = vector;
  }
  if (kind !== "INTERNAL") {
    if (!addMessage(event, line.message, table)) return null;
  }
  return event;
}
