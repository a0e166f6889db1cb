// The lines of router.jsonl (DESIGN.md section 4): who joined and left, every message routed, and
// every message dropped with its reason, so that no message is ever lost silently.
import type { MachineId, MessageKind } from "./types.ts";

export type DropReason =
  | "machine-gone"
  | "no-destination"
  | "unknown-destination"
  | "slow-consumer"
  | "router-down";

export type RouterLogEntry =
  | { type: "joined"; at: number; id: MachineId; rejoin: boolean; ticksPerSecond?: number }
  | { type: "left"; at: number; id: MachineId; reason: string }
  | { type: "started"; at: number; t0: number; peers: MachineId[]; endAt?: number }
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
    }
  | { type: "rejected"; at: number; connection: number; id: MachineId | null; code: string; message: string };
