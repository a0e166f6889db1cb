// The core router's public shapes: the effects it answers with, the options a driver starts it
// with, and its counts. Plain data, shared by every driver (simulator, TCP, NATS coordinator).
import type { ClocklabConfig } from "../config.ts";
import type { FaultEntry } from "../faults/spec.ts";
import type { RunPlan } from "../plan.ts";
import type { ServerFrame } from "../protocol.ts";
import type { RouterLogEntry } from "../routerLog.ts";
import type { MachineId } from "../types.ts";

export type ConnectionId = number;

export type RouterEffect =
  | { type: "send"; connection: ConnectionId; frame: ServerFrame }
  | { type: "close"; connection: ConnectionId }
  | { type: "log"; entry: RouterLogEntry }
  /** The barrier opened: the run's plan is final (run.json records it). */
  | { type: "started"; t0: number; endAt: number | null; plan: RunPlan }
  /** The run is over; every connected machine has its end frame. */
  | { type: "ended"; status: "completed" | "interrupted"; reason: string };

export interface RouterOptions {
  runId: string;
  seed: number;
  /**
   * The run's config: the plan (speeds, die, clocks) is drawn from it and the seed at the barrier.
   * Default: every key at its default (for routers that only carry messages, as in tests).
   */
  config?: ClocklabConfig;
  /** The run's faults (default: the config's `faults:`). */
  faults?: readonly FaultEntry[];
  /** The start barrier opens when this many machines have said hello. */
  expectedMachines: number;
  /** If given, only these ids may join. */
  allowedIds?: readonly MachineId[];
  /** If given, every hello must carry this token. */
  token?: string;
  /** How far after the last hello the common start time t0 lies, so every machine gets it in time. */
  startDelayMs: number;
  /** Run length from t0; machines stop at t0 + durationMs. */
  durationMs?: number;
  /** How long after the end time the router waits for every machine's done (default 5 s). */
  endGraceMs?: number;
  /** After an interrupt, how long machines have to say done (default 2 s). */
  interruptGraceMs?: number;
  /**
   * A router restarted after a crash takes up the run where it was: already started at t0 with
   * these members, so every hello from a member is a rejoin that gets the original start frame.
   */
  resume?: {
    t0: number;
    endAt?: number;
    members: readonly MachineId[];
    speeds?: Record<MachineId, number>;
    /** The highest message number the crashed router had logged from each sender (from router.jsonl). */
    lastSeqs?: Record<MachineId, number>;
    /** The fault lines it had written ("f1:start"), not to be written twice. */
    faultLines?: readonly string[];
  };
}

export interface RouterCounts {
  routed: number;
  dropped: number;
  rejected: number;
}
