// Plain data shared by every layer: machine ids, clock values, messages and log lines.
// Field names here are the public log and wire format: keep them stable. How a log line is written
// and read (key order included) is described once, in src/core/logFormat/.

export type MachineId = string;

/** A vector clock as it travels on the wire and sits in logs: machine id -> counter. */
export type VectorClock = Record<MachineId, number>;

/** A hybrid logical clock timestamp (Kulkarni et al. 2014): wall ms and a logical counter. */
export interface HlcTimestamp {
  wall: number;
  logical: number;
}

export const MESSAGE_KINDS = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const EVENT_TYPES = ["SEND", "RECEIVE", "INTERNAL"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What a machine hands the router: one message, to be resolved into one or more deliveries. */
export interface OutboundMessage {
  kind: MessageKind;
  /** Only for DIRECT: the destination machine. */
  to?: MachineId;
  /** Unique per run: `<sender>:<n>`. A broadcast is one message with one id. */
  id: string;
  lamport: number;
  vector?: VectorClock;
  hlc: HlcTimestamp;
  /** The sender's physical clock reading (ms) when it sent. */
  sentAt: number;
  payload?: string;
}

/** What the router hands a machine: the message, stamped with its true sender and routing time. */
export interface Delivery extends OutboundMessage {
  from: MachineId;
  /** The router's clock (ms) when it forwarded the message. */
  routedAt: number;
  /** True for a copy made by a duplication fault (the original arrives too). */
  duplicate?: boolean;
}

/** The `message` field of a RECEIVE line. */
export interface ReceivedMessageSummary {
  id: string;
  from: MachineId;
  lamport: number;
  sentAt: number;
  /** True when this receive took a copy made by a duplication fault. */
  duplicate?: boolean;
}

/** The `message` field of a SEND line. */
export interface SentMessageSummary {
  id: string;
  kind: MessageKind;
  to: MachineId[];
  lamport: number;
  sentAt: number;
  /** Present when the message could not be handed to the router, with the reason (e.g. "router-down"). */
  failed?: string;
}

/** One line of `<machine>.jsonl`; its keys, in order, are in src/core/logFormat/eventLineFormat.ts. */
export interface EventLine {
  seq: number;
  tick: number;
  type: EventType;
  /** Time that actually passed, ms: host clock in live mode, virtual time in sim mode. */
  trueTime: number;
  /** The machine's physical clock reading, ms (skew and drift included). */
  systemTime: number;
  lamport: number;
  vector?: VectorClock;
  hlc: HlcTimestamp;
  queueLength: number;
  message?: ReceivedMessageSummary | SentMessageSummary;
}
