// One machine event as the analyser sees it, whatever the log format: the fields of a clocklab
// EventLine (DESIGN.md section 4) that metrics need, validated. Lines that do not fit are skipped.
import type { VectorClock } from "../core/types.ts";

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
