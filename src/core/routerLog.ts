// The lines of router.jsonl: who joined and left, every message routed, every message dropped with
// its reason (so that no message is ever lost silently), and every fault's start and end. How each
// line is written and read (key order included) is in src/core/logFormat/routerLineFormats.ts.
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
      /** Present when this delivery is a duplicated copy (a fault duplicated the message). */
      duplicate?: true;
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
  | { type: "rejected"; at: number; connection: number; id: MachineId | null; code: string; message: string }
  /** A fault started or ended: which one (`fault`), its kind, the machines it affects and its parameters. */
  | {
      type: "fault";
      at: number;
      phase: FaultPhase;
      fault: string;
      kind: string;
      targets: MachineId[];
      detail: string;
    };

export const FAULT_PHASES = ["start", "end"] as const;
export type FaultPhase = (typeof FAULT_PHASES)[number];
