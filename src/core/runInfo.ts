// The shape of run.json: how a run was configured and how it ended. Built here, for live runs and
// simulations alike, and checked here when read back. The router's shared token is a secret and is
// never part of it: `newRunInfo` takes it out of the recorded config.
import type { ClocklabConfig } from "./config.ts";
import type { FaultWindow } from "./faults/schedule.ts";
import type { PhysicalClockParams } from "./physicalClock.ts";
import type { RunPlan } from "./plan.ts";
import type { MachineId } from "./types.ts";

export type RunStatus = "running" | "completed" | "interrupted" | "failed";

export interface RunMachineInfo {
  id: MachineId;
  ticksPerSecond: number;
  clock: PhysicalClockParams;
}

/** What the simulator counted (sim runs only). */
export interface SimRunTotals {
  estimatedEvents: number;
  totals: Record<string, number> | null;
  /** Host seconds the simulation took (not part of the model; varies from run to run). */
  wallClockS: number | null;
}

export interface RunInfo {
  format: "clocklab-run";
  formatVersion: 1;
  runId: string;
  mode: "live" | "sim";
  seed: number;
  /** The config as resolved, with router.token removed (see `tokenRequired`). */
  config: ClocklabConfig;
  /** Whether the router asked machines for a shared token (the token itself is never written). */
  tokenRequired: boolean;
  machines: RunMachineInfo[];
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
  /** The faults as drawn from the seed: every window with its machines (empty: none). */
  faults: FaultWindow[];
  sim?: SimRunTotals;
}

export interface NewRunInfo {
  runId: string;
  mode: "live" | "sim";
  seed: number;
  config: ClocklabConfig;
  plan: RunPlan;
  versions: RunInfo["versions"];
  /** ISO time of the run's setup (the host clock is the caller's to read). */
  createdAt: string;
  t0: number | null;
}

export function newRunInfo(input: NewRunInfo): RunInfo {
  const { config } = input;
  return {
    format: "clocklab-run",
    formatVersion: 1,
    runId: input.runId,
    mode: input.mode,
    seed: input.seed,
    config: withoutToken({ ...config, run: { ...config.run, seed: input.seed, name: input.runId } }),
    tokenRequired: config.router.token !== null,
    machines: machinesOf(input.plan),
    versions: input.versions,
    createdAt: input.createdAt,
    t0: input.t0,
    durationS: config.run.durationS,
    endedAt: null,
    status: "running",
    endReason: null,
    faults: input.plan.faults,
  };
}

/** The machines as the plan made them: ids, speeds (drawn or asked for) and clocks. */
export function machinesOf(plan: RunPlan): RunMachineInfo[] {
  return plan.machines.map(({ id, ticksPerSecond, clock }) => ({ id, ticksPerSecond, clock }));
}

/** The config with its secret taken out: what may be written to a file or shown in a report. */
export function withoutToken(config: ClocklabConfig): ClocklabConfig {
  return config.router.token === null ? config : { ...config, router: { ...config.router, token: null } };
}
