// One machine event as the analyser sees it, whatever the log format: the fields of a clocklab
// event line that metrics need, validated. A clocklab line is read by the fast decoder when it is
// exactly as clocklab writes it, else by JSON.parse and the checks here (other key order, spaces,
// hand-written logs); the result is the same either way, and the lines that took the slow path are
// counted, so a format change the fast decoder missed shows. Lines that do not fit are skipped.
import type { VectorClock } from "../core/types.ts";
import { fastClocklabBytes, fastClocklabEvent } from "./fastLine.ts";
import { latin1Text } from "./latin1.ts";

export type AnalysisEventType = "SEND" | "RECEIVE" | "INTERNAL";

export interface AnalysisMessage {
  id: string;
  /** RECEIVE: the sender. */
  from?: string;
  /** SEND: the destinations, when the log names them. */
  to?: string[];
  kind?: string;
  lamport: number;
  sentAt: number;
  payload?: string;
  /** SEND: why it could not be handed to the router (e.g. "router-down"). */
  failed?: string;
  /** RECEIVE: the copy a duplication fault made. */
  duplicate?: boolean;
}

export interface AnalysisEvent {
  seq: number;
  /** The machine's tick number (clocklab logs); absent in the original exercise's format. */
  tick?: number;
  type: AnalysisEventType;
  trueTime: number;
  systemTime: number;
  lamport: number;
  queueLength: number;
  vector?: VectorClock;
  /** The vector's JSON text, not yet parsed (fast path); read it through `vectorOf`. */
  vectorText?: string;
  message?: AnalysisMessage;
  /** The hybrid logical clock after the event (`hlc.wall`, `hlc.logical`); absent in logs without one. */
  hlcWall?: number;
  hlcLogical?: number;
}

/** The event's vector clock, parsing it on first use; undefined if it has none (or it is corrupt). */
export function vectorOf(event: AnalysisEvent): VectorClock | undefined {
  if (event.vector === undefined && event.vectorText !== undefined) {
    try {
      const value: unknown = JSON.parse(event.vectorText);
      if (typeof value === "object" && value !== null && !Array.isArray(value))
        event.vector = value as VectorClock;
    } catch {
      // A corrupt vector counts as no vector.
    }
    event.vectorText = undefined;
  }
  return event.vector;
}

export function hasVector(event: AnalysisEvent): boolean {
  return event.vector !== undefined || event.vectorText !== undefined;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Copies a valid `hlc` ({wall, logical}, finite numbers) to `hlcWall`/`hlcLogical`; else none. */
function readHlc(line: Record<string, unknown>): void {
  const hlc = line.hlc;
  if (typeof hlc !== "object" || hlc === null) return;
  const { wall, logical } = hlc as Record<string, unknown>;
  if (isFiniteNumber(wall) && isFiniteNumber(logical)) {
    line.hlcWall = wall;
    line.hlcLogical = logical;
  }
}

/**
 * Checks a parsed clocklab log line and returns it as an AnalysisEvent (the same object, with
 * `trueTime` filled from `systemTime` where a log has none), or null if it is not a usable event.
 */
export function asClocklabEvent(value: unknown): AnalysisEvent | null {
  if (typeof value !== "object" || value === null) return null;
  const line = value as Record<string, unknown>;
  const type = line.type;
  if (type !== "SEND" && type !== "RECEIVE" && type !== "INTERNAL") return null;
  if (!isFiniteNumber(line.lamport) || !isFiniteNumber(line.systemTime)) return null;
  if (!isFiniteNumber(line.trueTime)) line.trueTime = line.systemTime;
  if (!isFiniteNumber(line.queueLength)) line.queueLength = 0;
  if (!isFiniteNumber(line.seq)) line.seq = 0;
  if (line.tick !== undefined && !isFiniteNumber(line.tick)) delete line.tick;
  const vector = line.vector;
  if (vector !== undefined && (typeof vector !== "object" || vector === null || Array.isArray(vector))) {
    return null;
  }
  readHlc(line);
  const message = line.message;
  if (message !== undefined && message !== null) {
    if (typeof message !== "object") return null;
    const m = message as Record<string, unknown>;
    if (typeof m.id !== "string" || !isFiniteNumber(m.lamport) || !isFiniteNumber(m.sentAt)) return null;
    if (m.to !== undefined && !Array.isArray(m.to)) return null;
    if (m.payload !== undefined && typeof m.payload !== "string") delete m.payload;
  } else if (type !== "INTERNAL") {
    return null;
  } else {
    delete line.message;
  }
  return line as unknown as AnalysisEvent;
}

/** How a file's lines were read: `slowPathLines` took JSON.parse (the fast decoder declined them). */
export interface LineReadCounts {
  slowPathLines: number;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line of a clocklab `<id>.jsonl` as an event, or null; counts the lines that took the slow path. */
export function readClocklabLine(line: string, counts: LineReadCounts): AnalysisEvent | null {
  const fast = fastClocklabEvent(line);
  if (fast !== null && allFinite(fast)) return checkedFast(fast);
  counts.slowPathLines++;
  return asClocklabEvent(tryParse(line));
}

/** The one check of asClocklabEvent that the fast decoders do not make. */
function checkedFast(fast: AnalysisEvent): AnalysisEvent | null {
  return fast.message !== undefined || fast.type === "INTERNAL" ? fast : null;
}

/**
 * One line of a clocklab `<id>.jsonl` read from the file's bytes (`bytes[start, end)`, a Buffer of
 * plain ASCII text, no newline): the same event and counts as readClocklabLine of its text.
 */
export function readClocklabBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  counts: LineReadCounts,
): AnalysisEvent | null {
  const fast = fastClocklabBytes(bytes, start, end);
  if (fast !== null && allFinite(fast)) return checkedFast(fast);
  return readClocklabLine(latin1Text(bytes, start, end), counts);
}

/**
 * Whether every number of a fast-decoded event is finite (the pattern takes any number of digits),
 * in one check: 0 * x is 0 for a finite x and NaN for an infinite one.
 */
function allFinite(event: AnalysisEvent): boolean {
  const message = event.message;
  const zero =
    0 * event.seq +
    0 * event.tick! +
    0 * event.trueTime +
    0 * event.systemTime +
    0 * event.lamport +
    0 * event.queueLength +
    0 * event.hlcWall! +
    0 * event.hlcLogical! +
    (message === undefined ? 0 : 0 * message.lamport + 0 * message.sentAt);
  return zero === 0;
}
