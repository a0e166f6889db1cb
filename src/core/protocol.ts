// The frames of wire protocol version 1 and their validation. Every value that comes off the
// network passes through `parseClientFrame` / `parseServerFrame` before any other code sees it; a
// violation becomes a ProtocolError naming the field and what was expected. The fields themselves
// are described once, in protocol/frames.ts.
import type { ActionWeights } from "./actions.ts";
import { ProtocolError } from "./errors.ts";
import type { PhysicalClockParams } from "./physicalClock.ts";
import type { FrameSpec } from "./protocol/fieldSpec.ts";
import { CLIENT_FRAMES, SERVER_FRAMES } from "./protocol/frames.ts";
import { checkFrame, describeValue, requireObject } from "./protocol/validate.ts";
import type { Delivery, MachineId, OutboundMessage } from "./types.ts";

export { MACHINE_ID_PATTERN } from "./protocol/fieldSpec.ts";
export { RESERVED_IDS, RUN_ID_PATTERN } from "./protocol/frames.ts";

export const PROTOCOL_VERSION = 1;

export interface HelloFrame {
  type: "hello";
  protocol: number;
  id: MachineId;
  token?: string;
  /** A speed the machine asks for instead of the run's plan (recorded in run.json). */
  ticksPerSecond?: number;
  /** On a rejoin: how many messages the machine has sent so far. */
  sent?: number;
}
export interface SendFrame extends OutboundMessage {
  type: "send";
}
/** The machine ran its last tick; it keeps taking deliveries until the router's end frame. */
export interface DoneFrame {
  type: "done";
  ticks?: number;
  /** Why it stopped: "duration reached", or what stopped it early (a signal). */
  reason?: string;
}
/** A machine leaves now (shutdown, refusal), with a reason. */
export interface ByeFrame {
  type: "bye";
  reason: string;
}
export type ClientFrame = HelloFrame | SendFrame | DoneFrame | ByeFrame;

export interface WelcomeFrame {
  type: "welcome";
  protocol: number;
  runId: string;
  /** Machines that have joined so far, this one included. */
  peers: MachineId[];
  /** The run's seed, so machines started by hand draw the same dice as a launched run. */
  seed: number;
}

/**
 * A clock fault as a machine's start frame carries it, at true times (ms, not relative to t0):
 * a step (the clock jumps by stepMs at fromMs), a drift (driftPpm more drift from fromMs to toMs),
 * a strobe (the clock flips between +amplitudeMs and -amplitudeMs every periodMs in the window), or
 * a periodic error (amplitudeMs * sin(2 pi t / periodMs) in the window).
 */
export interface ClockFaultPlan {
  kind: "step" | "drift" | "strobe" | "periodic";
  fromMs: number;
  toMs?: number;
  stepMs?: number;
  driftPpm?: number;
  amplitudeMs?: number;
  periodMs?: number;
}

/** A window of true time in which a machine does not tick (a pause fault). */
export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** One machine's part of the run's plan, as its start frame carries it. */
export interface MachineStartPlan {
  ticksPerSecond: number;
  clock: PhysicalClockParams;
  actions: ActionWeights;
  vectorClocks: boolean;
  payloadBytes: number;
  /** Every machine's speed summed: with t0 it bounds the clock values a message can carry. */
  runTicksPerSecond: number;
  /** How far ahead of true time any machine's physical clock can read in the run, ms. */
  maxClockLeadMs?: number;
  clockFaults?: ClockFaultPlan[];
  pauses?: TimeWindow[];
}

export interface StartFrame {
  type: "start";
  /** True time (ms) at which every machine's tick 0 is. */
  t0: number;
  /** Every machine of the run, sorted. */
  peers: MachineId[];
  /** True time (ms) at which the run ends: no tick after it. */
  endAt?: number;
  plan?: MachineStartPlan;
}
export interface DeliverFrame extends Delivery {
  type: "deliver";
}
/** The run is over: every delivery for this machine was sent before this frame. */
export interface EndFrame {
  type: "end";
  reason: string;
}
export interface ErrorFrame {
  type: "error";
  code: string;
  message: string;
}
export type ServerFrame = WelcomeFrame | StartFrame | DeliverFrame | EndFrame | ErrorFrame;

const clientSpecs = new Map(CLIENT_FRAMES.map((spec) => [spec.type, spec]));
const serverSpecs = new Map(SERVER_FRAMES.map((spec) => [spec.type, spec]));

function specFor(specs: Map<string, FrameSpec>, value: unknown, where: string) {
  const fields = requireObject(value, where);
  const type = fields.type;
  const spec = typeof type === "string" ? specs.get(type) : undefined;
  if (spec === undefined) {
    throw new ProtocolError(
      "UNKNOWN_TYPE",
      `${where}.type must be one of ${[...specs.keys()].join(", ")}, got ${describeValue(type)}`,
    );
  }
  return { spec, fields };
}

/** Validates a frame a machine sent to the router. Throws ProtocolError. */
export function parseClientFrame(value: unknown): ClientFrame {
  const { spec, fields } = specFor(clientSpecs, value, "frame");
  return checkFrame(spec, fields, "frame") as unknown as ClientFrame;
}

/** Validates a frame the router sent to a machine. Throws ProtocolError. */
export function parseServerFrame(value: unknown): ServerFrame {
  const { spec, fields } = specFor(serverSpecs, value, "frame");
  return checkFrame(spec, fields, "frame") as unknown as ServerFrame;
}

/** The frame that carries `message` from `from` to its destination(s), keys in wire order. */
export function deliverFrame(
  from: MachineId,
  message: OutboundMessage,
  routedAtMs: number,
  duplicate = false,
): DeliverFrame {
  const frame = { type: "deliver", from, kind: message.kind } as DeliverFrame;
  if (message.to !== undefined) frame.to = message.to;
  frame.id = message.id;
  frame.lamport = message.lamport;
  if (message.vector !== undefined) frame.vector = message.vector;
  frame.hlc = message.hlc;
  frame.sentAt = message.sentAt;
  if (message.payload !== undefined) frame.payload = message.payload;
  frame.routedAt = routedAtMs;
  if (duplicate) frame.duplicate = true;
  return frame;
}
