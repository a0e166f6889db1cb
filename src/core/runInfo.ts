// The shape of run.json (DESIGN.md section 4): how a run was configured and how it ended.
import type { ClocklabConfig } from "./config.ts";
import type { PhysicalClockParams } from "./physicalClock.ts";
import type { MachineId } from "./types.ts";

export type RunStatus = "running" | "completed" | "interrupted" | "failed";

export interface RunInfo {
  format: "clocklab-run";
  formatVersion: 1;
  runId: string;
  mode: "live" | "sim";
  seed: number;
  config: ClocklabConfig;
  machines: Array<{ id: MachineId; ticksPerSecond: number; clock: PhysicalClockParams }>;
  versions: { clocklab: string; node: string; protocol: number };
  /** ISO time the run was set up (host clock, also in sim mode). */
  createdAt: string;
  /** t0 of the run: host-clock ms in live mode, virtual ms in sim mode. */
  t0: number | null;
  durationS: number;
  endedAt: string | null;
  status: RunStatus;
  /** Why it ended: "duration reached", "SIGINT", an error message... */
  endReason: string | null;
}
