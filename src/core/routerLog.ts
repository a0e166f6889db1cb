// The lines of router.jsonl: who joined and left, every message routed, every message dropped with
// its reason (so that no message is ever lost silently), and every fault's start and end. How each
// line is written and read (key order included) is in src/core/logFormat/routerLineFormats.ts.
import type { MachineId, MessageKind } from "./types.ts";

export type DropReason =
  | "machine-gone"
  | "no-destination"
  | "unknown-destination"
  | "slow-consumer"
  | "router-down"
  /** The router refused the send frame (e.g. a clock value no run could have reached). */
  | "rejected"
  /** The send reached the router after the run had ended. */
  | "run-ended"
  /** A partition fault cut the link. */
  | "partition"
  /** A loss fault lost it. */
  | "loss";

export type RouterLogEntry =
  | { type: "joined"; at: number; id: MachineId; rejoin: boolean; ticksPerSecond?: number }
  | { type: "left"; at: number; id: MachineId; reason: string }
  | { type: "started"; at: number; t0: number; peers: MachineId[]; endAt?: number }
  /** A machine ran its last tick (it still takes deliveries until the end). */
  | { type: "done"; at: number; id: MachineId; ticks?: number; reason?: string }
  /**
   * A slow consumer's connection was cut off: deliveries routed to it that it never received were
   * lost with the connection's buffers (the analysis counts them as dropped, reason slow-consumer).
   */
  | { type: "cut-off"; at: number; id: MachineId; reason: "slow-consumer"; bufferedBytes: number }
  /**
   * A machine said hello again having sent more messages than reached the router: those were
   * written into a connection that was already gone (or read by a router that was killed before
   * it logged them). Messages `<from>:<firstSeq>` .. `<from>:<lastSeq>` are lost with this cause.
   */
  | { type: "lost-sends"; at: number; from: MachineId; firstSeq: number; lastSeq: number; cause: string }
  /** The run is over: every machine got its end frame after every delivery for it. */
  | { type: "ended"; at: number; status: "completed" | "interrupted"; reason: string }
  /** A router restarted after a crash took the run up again. */
  | { type: "resumed"; at: number; t0: number; peers: MachineId[] }
  | {
      type: "routed";
      at: number;
      id: string;
      from: MachineId;
      to: MachineId;
      kind: MessageKind;
      lamport: number;
      /** True for a copy made by a duplication fault (the original is routed too). */
      duplicate?: boolean;
    }
  | {
      type: "dropped";
      at: number;
      id: string;
      from: MachineId;
      to: MachineId | null;
      kind: MessageKind;
      lamport: number;
      reason: DropReason;
      /** The fault that dropped it (partition, loss). */
      fault?: string;
      /** A copy made by a duplication fault (not one of the deliveries asked for). */
      duplicate?: boolean;
    }
  /** A delivery held back by a fault until `dueAt` (a delay, or a partition that holds until it heals). */
  | {
      type: "held";
      at: number;
      id: string;
      from: MachineId;
      to: MachineId;
      kind: MessageKind;
      lamport: number;
      dueAt: number;
      fault: string | null;
      duplicate?: boolean;
    }
  /** A held delivery still held when the run ended: in flight at the end. */
  | {
      type: "held-at-end";
      at: number;
      id: string;
      from: MachineId;
      to: MachineId;
      dueAt: number;
      duplicate?: true;
    }
  /**
   * A fault window opens or closes (network, clock and process faults alike): which one (`fault`,
   * "f1"), its kind, the machines it hits, a partition's groups (each "m1,m2"), and the entry it
   * came from.
   */
  | {
      type: "fault";
      at: number;
      phase: FaultPhase;
      fault: string;
      kind: string;
      targets: MachineId[];
      groups?: string[];
      source: string;
    }
  /** What the launcher did for a process fault (pause, crash) to the process of `machine`. */
  | {
      type: "process-fault";
      at: number;
      fault: string;
      machine: MachineId;
      action: "paused" | "resumed" | "killed" | "restarted" | "restart-failed";
      detail?: string;
    }
  /**
   * The first line of a host's part of a run carried by NATS (`edges/<part>.jsonl`): which run,
   * which host, and the machines whose sends and arrivals the part's lines record.
   */
  | { type: "part"; at: number; runId: string; part: string; host: string; machines: MachineId[] }
  /** What a machine's NATS connection went through (the server it is on, a disconnect, a slow consumer). */
  | {
      type: "transport";
      at: number;
      id: MachineId;
      event: "connected" | "disconnected" | "reconnected" | "slow-consumer" | "error" | "closed";
      server?: string;
      detail?: string;
    }
  /**
   * A receiver closed its books on a link: `lost` deliveries the sender published never arrived
   * (and `copies` copies a duplication fault made), for `reason` ("nats-slow-consumer",
   * "nats-disconnected", "nats-lost"). The analysis counts them as dropped with that reason.
   */
  | {
      type: "link-lost";
      at: number;
      from: MachineId;
      to: MachineId;
      lost: number;
      copies: number;
      reason: string;
    }
  /** A receiver could not close its books on a link: the sender's count never came. */
  | { type: "link-unreconciled"; at: number; from: MachineId; to: MachineId; arrived: number; reason: string }
  /**
   * A receiver refused what a peer published on its own subject: not a delivery it could take
   * (`messageId` when it was one, refused for a value no run could produce).
   */
  | {
      type: "refused";
      at: number;
      from: MachineId;
      to: MachineId;
      code: string;
      message: string;
      messageId?: string;
    }
  | {
      type: "rejected";
      at: number;
      connection: number;
      id: MachineId | null;
      code: string;
      message: string;
      /** For a refused send: the message's id (its deliveries are `dropped` lines, reason "rejected"). */
      messageId?: string;
    };

export const FAULT_PHASES = ["start", "end"] as const;
export type FaultPhase = (typeof FAULT_PHASES)[number];

/** The `routed` line of one delivery: what every router path writes for a message it forwarded. */
export function routedEntry(
  atMs: number,
  message: { readonly id: string; readonly kind: MessageKind; readonly lamport: number },
  from: MachineId,
  to: MachineId,
  duplicate = false,
): RouterLogEntry {
  const entry: RouterLogEntry = {
    type: "routed",
    at: atMs,
    id: message.id,
    from,
    to,
    kind: message.kind,
    lamport: message.lamport,
  };
  if (duplicate) entry.duplicate = true;
  return entry;
}
