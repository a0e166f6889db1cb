// The frames of wire protocol version 1 (DESIGN.md section 3) and their validation. Every value
// that comes off the network passes through `parseClientFrame` / `parseServerFrame` before any
// other code sees it; a violation becomes a ProtocolError naming the field and what was expected.
import { ProtocolError } from "./errors.ts";
import {
  type Delivery,
  type HlcTimestamp,
  type MachineId,
  MESSAGE_KINDS,
  type MessageKind,
  type OutboundMessage,
  type VectorClock,
} from "./types.ts";

export const PROTOCOL_VERSION = 1;
export const MACHINE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_PAYLOAD_CHARS = 60_000;

export interface HelloFrame {
  type: "hello";
  protocol: number;
  id: MachineId;
  token?: string;
  /** Informational: the machine's speed, recorded by the router in run.json. */
  ticksPerSecond?: number;
}
export interface SendFrame extends OutboundMessage {
  type: "send";
}
/** A machine says it is leaving on purpose (end of run or shutdown), with a reason. */
export interface ByeFrame {
  type: "bye";
  reason: string;
}
export type ClientFrame = HelloFrame | SendFrame | ByeFrame;

export interface WelcomeFrame {
  type: "welcome";
  protocol: number;
  runId: string;
  /** Machines that have joined so far, this one included. */
  peers: MachineId[];
  /** The run's seed, so machines started by hand draw the same speeds and dice as a launched run. */
  seed: number;
}
export interface StartFrame {
  type: "start";
  /** Host-clock ms at which every machine's tick 0 is. */
  t0: number;
  /** Every machine of the run, sorted. */
  peers: MachineId[];
  /** Host-clock ms at which the run ends, if it has a set duration. */
  endAt?: number;
}
export interface DeliverFrame extends Delivery {
  type: "deliver";
  /** Present when this is a duplicated copy of the message (a fault duplicated it). */
  duplicate?: true;
}
export interface ErrorFrame {
  type: "error";
  code: string;
  message: string;
}
export type ServerFrame = WelcomeFrame | StartFrame | DeliverFrame | ErrorFrame;

type Fields = Record<string, unknown>;

function fail(message: string): never {
  throw new ProtocolError("INVALID_FIELD", message);
}

function requireObject(value: unknown, where: string): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`${where} must be a JSON object, got ${describe(value)}`);
  }
  return value as Fields;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

function finiteNumber(fields: Fields, key: string, where: string): number {
  const value = fields[key];
  if (typeof value !== "number" || !Number.isFinite(value))
    fail(`${where}.${key} must be a finite number, got ${describe(value)}`);
  return value;
}

function counter(fields: Fields, key: string, where: string): number {
  const value = fields[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    fail(`${where}.${key} must be a whole number >= 0, got ${describe(value)}`);
  }
  return value;
}

function machineId(fields: Fields, key: string, where: string): MachineId {
  const value = fields[key];
  if (typeof value !== "string" || !MACHINE_ID_PATTERN.test(value)) {
    fail(`${where}.${key} must be a machine id (1-64 of A-Z a-z 0-9 _ . -), got ${describe(value)}`);
  }
  return value;
}

function shortString(fields: Fields, key: string, where: string, maxChars: number, minChars = 0): string {
  const value = fields[key];
  if (typeof value !== "string" || value.length > maxChars || value.length < minChars) {
    const range = minChars > 0 ? `${minChars} to ${maxChars}` : `at most ${maxChars}`;
    fail(`${where}.${key} must be a string of ${range} characters, got ${describe(value)}`);
  }
  return value;
}

function hlc(value: unknown, where: string): HlcTimestamp {
  const fields = requireObject(value, where);
  return { wall: counter(fields, "wall", where), logical: counter(fields, "logical", where) };
}

function vector(value: unknown, where: string): VectorClock {
  const fields = requireObject(value, where);
  const out: VectorClock = {};
  for (const key of Object.keys(fields)) {
    if (!MACHINE_ID_PATTERN.test(key)) fail(`${where} has key ${describe(key)}, which is not a machine id`);
    out[key] = counter(fields, key, where);
  }
  return out;
}

function messageFields(fields: Fields, where: string): OutboundMessage {
  const kind = fields.kind;
  if (typeof kind !== "string" || !(MESSAGE_KINDS as readonly string[]).includes(kind)) {
    fail(`${where}.kind must be one of ${MESSAGE_KINDS.join(", ")}, got ${describe(kind)}`);
  }
  const message: OutboundMessage = {
    kind: kind as MessageKind,
    id: shortString(fields, "id", where, 200, 1),
    lamport: counter(fields, "lamport", where),
    hlc: hlc(fields.hlc, `${where}.hlc`),
    sentAt: finiteNumber(fields, "sentAt", where),
  };
  if (kind === "DIRECT") message.to = machineId(fields, "to", where);
  else if (fields.to !== undefined) fail(`${where}.to is only allowed with kind DIRECT`);
  if (fields.vector !== undefined) message.vector = vector(fields.vector, `${where}.vector`);
  if (fields.payload !== undefined)
    message.payload = shortString(fields, "payload", where, MAX_PAYLOAD_CHARS);
  return message;
}

function typeOf(fields: Fields, allowed: readonly string[], where: string): string {
  const type = fields.type;
  if (typeof type !== "string" || !allowed.includes(type)) {
    throw new ProtocolError(
      "UNKNOWN_TYPE",
      `${where}.type must be one of ${allowed.join(", ")}, got ${describe(type)}`,
    );
  }
  return type;
}

/** Validates a frame a machine sent to the router. Throws ProtocolError. */
export function parseClientFrame(value: unknown): ClientFrame {
  const where = "frame";
  const fields = requireObject(value, where);
  switch (typeOf(fields, ["hello", "send", "bye"], where)) {
    case "hello": {
      const frame: HelloFrame = {
        type: "hello",
        protocol: counter(fields, "protocol", where),
        id: machineId(fields, "id", where),
      };
      if (fields.token !== undefined) frame.token = shortString(fields, "token", where, 1024);
      if (fields.ticksPerSecond !== undefined)
        frame.ticksPerSecond = finiteNumber(fields, "ticksPerSecond", where);
      return frame;
    }
    case "send":
      return { type: "send", ...messageFields(fields, where) };
    default:
      return { type: "bye", reason: shortString(fields, "reason", where, 200) };
  }
}

/** Validates a frame the router sent to a machine. Throws ProtocolError. */
export function parseServerFrame(value: unknown): ServerFrame {
  const where = "frame";
  const fields = requireObject(value, where);
  switch (typeOf(fields, ["welcome", "start", "deliver", "error"], where)) {
    case "welcome":
      return {
        type: "welcome",
        protocol: counter(fields, "protocol", where),
        runId: shortString(fields, "runId", where, 200),
        peers: idList(fields.peers, `${where}.peers`),
        seed: counter(fields, "seed", where),
      };
    case "start": {
      const frame: StartFrame = {
        type: "start",
        t0: finiteNumber(fields, "t0", where),
        peers: idList(fields.peers, `${where}.peers`),
      };
      if (fields.endAt !== undefined) frame.endAt = finiteNumber(fields, "endAt", where);
      return frame;
    }
    case "deliver":
      return {
        type: "deliver",
        ...messageFields(fields, where),
        from: machineId(fields, "from", where),
        routedAt: finiteNumber(fields, "routedAt", where),
      };
    default:
      return {
        type: "error",
        code: shortString(fields, "code", where, 100),
        message: shortString(fields, "message", where, 2000),
      };
  }
}

function idList(value: unknown, where: string): MachineId[] {
  if (!Array.isArray(value)) fail(`${where} must be an array of machine ids, got ${describe(value)}`);
  return value.map((id, index) => {
    if (typeof id !== "string" || !MACHINE_ID_PATTERN.test(id))
      fail(`${where}[${index}] must be a machine id, got ${describe(id)}`);
    return id;
  });
}

/** The frame that carries `message` from `from` to its destination(s), keys in wire order. */
export function deliverFrame(from: MachineId, message: OutboundMessage, routedAtMs: number): DeliverFrame {
  const frame = { type: "deliver", from, kind: message.kind } as DeliverFrame;
  if (message.to !== undefined) frame.to = message.to;
  frame.id = message.id;
  frame.lamport = message.lamport;
  if (message.vector !== undefined) frame.vector = message.vector;
  frame.hlc = message.hlc;
  frame.sentAt = message.sentAt;
  if (message.payload !== undefined) frame.payload = message.payload;
  frame.routedAt = routedAtMs;
  return frame;
}
