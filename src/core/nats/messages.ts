// What travels on a run's NATS subjects besides the wire protocol's own frames, and how a machine
// checks what its peers publish. Machines ask the coordinator with request/reply (hello, the start,
// done, bye); the coordinator announces on the control subject (a machine left, a machine rejoined
// after a restart, the end); each sender closes its links with a `fin` on its broadcast subject,
// and marks with a `mark` where a new process's share of a link begins (see arrivalBooks.ts).
// Payloads are JSON text.
//
// A peer's payload is untrusted: its subject makes its sender authentic (the server's permissions
// see to that), but what it says is checked here before anything else sees it.
import { ProtocolError } from "../errors.ts";
import type { FaultWindow } from "../faults/schedule.ts";
import type { DeliverFrame } from "../protocol.ts";
import { MACHINE_ID_PATTERN, parseServerFrame, type ServerFrame, type StartFrame } from "../protocol.ts";
import type { FinCounts } from "../router/senderEdge.ts";
import type { MachineId } from "../types.ts";

/**
 * The reason of the `left` line when a new process says hello for a machine that is still in the
 * run: the earlier process is gone (killed, say), with whatever it held.
 */
export const RESTARTED_LEFT_REASON = "said hello again (restarted)";

/** The coordinator's request verbs (the last token of `coord.<sender>.<verb>`). */
export const COORDINATOR_VERBS = ["hello", "start", "done", "bye"] as const;
export type CoordinatorVerb = (typeof COORDINATOR_VERBS)[number];

/** A machine asks for its start: answered at once if the run started, else when it does (or `wait`). */
export interface StartRequest {
  type: "start?";
}

export type StartReply =
  /** The machine's start frame, and the run's network fault windows for its sender edge. */
  | { type: "start"; frame: StartFrame; faults: FaultWindow[] }
  /** The barrier is still closed: ask again. */
  | { type: "wait" }
  | Extract<ServerFrame, { type: "error" }>;

export type ControlMessage =
  | { type: "left"; id: MachineId; reason: string }
  /** A machine that left came back (a new process said hello for it) after the run's start. */
  | { type: "rejoined"; id: MachineId }
  | { type: "end"; reason: string };

export interface FinMessage extends FinCounts {
  type: "fin";
  from: MachineId;
}

/**
 * A sender's counts so far, published in its order among its deliveries: what it published
 * before the mark is apart from what follows. `restarted` true: the sender is a new process (its
 * counts start again from zero, on its broadcast subject); false: the receiver rejoined, and
 * this is where the sender's deliveries to its new process begin (on the receiver's subject).
 */
export interface MarkMessage extends FinCounts {
  type: "mark";
  from: MachineId;
  restarted: boolean;
}

/** What a peer may publish on its own subject: a delivery for this machine, its fin, or a mark. */
export type PeerMessage =
  | { type: "deliver"; frame: DeliverFrame }
  | { type: "fin"; fin: FinMessage }
  | { type: "mark"; mark: MarkMessage };

const MAX_COUNT = Number.MAX_SAFE_INTEGER;

function fail(where: string, what: string): never {
  throw new ProtocolError("INVALID_FIELD", `${where}: ${what}`);
}

function jsonObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(where, "not JSON; expected a JSON object");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(where, "not a JSON object");
  return value as Record<string, unknown>;
}

function countMap(value: unknown, where: string, peers: ReadonlySet<MachineId>): Record<MachineId, number> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail(where, "expected an object of machine id -> count");
  const out: Record<MachineId, number> = {};
  for (const [id, count] of Object.entries(value)) {
    if (!MACHINE_ID_PATTERN.test(id) || !peers.has(id))
      fail(where, `${JSON.stringify(id)} is not a machine of this run`);
    if (!Number.isSafeInteger(count) || (count as number) < 0 || (count as number) > MAX_COUNT)
      fail(`${where}.${id}`, "expected a whole number >= 0");
    out[id] = count as number;
  }
  return out;
}

/**
 * A payload a peer published on its own subject: a delivery or its fin, checked against the
 * sender its subject names (`from`) and the run's machines.
 */
export function parsePeerMessage(text: string, from: MachineId, peers: ReadonlySet<MachineId>): PeerMessage {
  const value = jsonObject(text, "payload");
  if (value.type === "fin" || value.type === "mark") {
    const type = value.type;
    if (value.from !== from) fail(`${type}.from`, `${JSON.stringify(value.from)} is not its sender ${from}`);
    const all = value.all;
    if (!Number.isSafeInteger(all) || (all as number) < 0)
      fail(`${type}.all`, "expected a whole number >= 0");
    const counts = {
      from,
      all: all as number,
      to: countMap(value.to, `${type}.to`, peers),
      copies: countMap(value.copies, `${type}.copies`, peers),
    };
    if (type === "fin") return { type: "fin", fin: { type: "fin", ...counts } };
    if (typeof value.restarted !== "boolean") fail("mark.restarted", "expected true or false");
    return { type: "mark", mark: { type: "mark", restarted: value.restarted, ...counts } };
  }
  const frame = parseServerFrame(value);
  if (frame.type !== "deliver")
    fail("payload.type", `${JSON.stringify(frame.type)}; expected "deliver", "fin" or "mark"`);
  if (frame.from !== from) fail("frame.from", `${JSON.stringify(frame.from)} is not its sender ${from}`);
  if (!frame.id.startsWith(`${from}:`))
    fail(
      "frame.id",
      `${JSON.stringify(frame.id)} is not one of ${from}'s message ids; expected "${from}:<n>"`,
    );
  return { type: "deliver", frame };
}

/** The coordinator's answer to a start request. */
export function parseStartReply(text: string): StartReply {
  const value = jsonObject(text, "start reply");
  if (value.type === "wait") return { type: "wait" };
  if (value.type === "start") {
    const frame = parseServerFrame(value.frame);
    if (frame.type !== "start") fail("start reply.frame", "expected a start frame");
    if (!Array.isArray(value.faults)) fail("start reply.faults", "expected an array of fault windows");
    return { type: "start", frame, faults: value.faults as FaultWindow[] };
  }
  const frame = parseServerFrame(value);
  if (frame.type !== "error") fail("start reply.type", "expected start, wait or error");
  return frame;
}

/** The coordinator's answer to a hello (welcome or error), or to done and bye (ok or error). */
export function parseCoordinatorReply(text: string, verb: CoordinatorVerb): ServerFrame | { type: "ok" } {
  const value = jsonObject(text, `${verb} reply`);
  if (value.type === "ok" && verb !== "hello") return { type: "ok" };
  const frame = parseServerFrame(value);
  if (frame.type !== "error" && !(verb === "hello" && frame.type === "welcome"))
    fail(`${verb} reply.type`, `${JSON.stringify(frame.type)} is not an answer to ${verb}`);
  return frame;
}

/** A control-subject announcement (only the coordinator may publish there). */
export function parseControlMessage(text: string): ControlMessage {
  const value = jsonObject(text, "control message");
  if (value.type === "end" && typeof value.reason === "string") return { type: "end", reason: value.reason };
  if (value.type === "left" && typeof value.id === "string" && typeof value.reason === "string")
    return { type: "left", id: value.id, reason: value.reason };
  if (value.type === "rejoined" && typeof value.id === "string") return { type: "rejoined", id: value.id };
  fail("control message", "expected {type: end, reason}, {type: left, id, reason} or {type: rejoined, id}");
}
