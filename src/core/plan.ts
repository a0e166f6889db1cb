// Turns a resolved config and a seed into the concrete plan of a run: machine ids, each machine's
// speed, physical clock and random stream. Launcher, by-hand clients and simulator all call this,
// so one seed means the same run everywhere.
import type { ActionWeights } from "./actions.ts";
import type { ClocklabConfig } from "./config.ts";
import { faultEntriesOf } from "./faults/fromConfig.ts";
import { clockFaultsFor, clockLeadMs, pausesFor } from "./faults/machinePlan.ts";
import { drawFaultSchedule, type FaultWindow } from "./faults/schedule.ts";
import type { FaultEntry } from "./faults/spec.ts";
import type { PhysicalClockParams } from "./physicalClock.ts";
import type { MachineStartPlan } from "./protocol.ts";
import { createRandom, deriveSeed, type RandomSource } from "./random.ts";
import type { MachineId } from "./types.ts";

export const VECTOR_CLOCKS_AUTO_LIMIT = 16;

export interface MachinePlan {
  id: MachineId;
  index: number;
  ticksPerSecond: number;
  clock: PhysicalClockParams;
}

export interface RunPlan {
  seed: number;
  ids: MachineId[];
  machines: MachinePlan[];
  actions: ActionWeights;
  vectorClocks: boolean;
  payload: string | undefined;
  payloadBytes: number;
  /** Every machine's speed summed (it bounds the clock values a message can carry). */
  runTicksPerSecond: number;
  /** How far ahead of true time any machine's physical clock can read during the run, ms. */
  maxClockLeadMs: number;
  /** The run's faults, drawn from its seed: every occurrence as a window of the run's time. */
  faults: FaultWindow[];
}

export function machineIds(count: number): MachineId[] {
  return Array.from({ length: count }, (_, i) => `m${i + 1}`);
}

/**
 * Speeds are drawn from the run's seed, in machine order: whole numbers in [speedMin, speedMax].
 * `ids` defaults to m1..mN; machines started by hand may use any ids, taken in sorted order.
 */
export function planRun(
  config: ClocklabConfig,
  seed: number,
  ids: MachineId[] = machineIds(config.run.machines),
  /** Speeds machines asked for themselves (a client's --speed); they replace the drawn ones. */
  requestedSpeeds: ReadonlyMap<MachineId, number> = new Map(),
  faultEntries: readonly FaultEntry[] = faultEntriesOf(config),
): RunPlan {
  const speedRandom = createRandom(deriveSeed(seed, "speeds"));
  const { speedMin, speedMax, speeds } = config.machine;
  const machines = ids.map((id, index) => {
    // Every machine draws, asked-for speed or not, so the others' speeds do not depend on it.
    const drawn = speeds?.[index] ?? drawSpeed(speedRandom, speedMin, speedMax);
    return { id, index, ticksPerSecond: requestedSpeeds.get(id) ?? drawn, clock: clockFor(config, id) };
  });
  const vectorClocks =
    config.machine.vectorClocks === "auto"
      ? ids.length <= VECTOR_CLOCKS_AUTO_LIMIT
      : config.machine.vectorClocks;
  const payloadBytes = config.machine.payloadBytes;
  const payload = payloadBytes > 0 ? "x".repeat(payloadBytes) : undefined;
  const runTicksPerSecond = machines.reduce((sum, m) => sum + m.ticksPerSecond, 0);
  const durationMs = config.run.durationS * 1000;
  const faults = drawFaultSchedule(faultEntries, seed, ids, durationMs);
  // Clock faults' times relative to t0 (0 here) are enough to bound how far ahead a clock gets.
  const maxClockLeadMs = Math.max(
    0,
    ...machines.map((m) => clockLeadMs(m.clock, clockFaultsFor(faults, m.id, 0), durationMs)),
  );
  return {
    seed,
    ids,
    machines,
    actions: config.machine.actions,
    vectorClocks,
    payload,
    payloadBytes,
    runTicksPerSecond,
    maxClockLeadMs,
    faults,
  };
}

/** What one machine's start frame tells it: its part of the plan, with its faults at true times. */
export function startPlanFor(plan: RunPlan, machine: MachinePlan, t0Ms: number): MachineStartPlan {
  const start: MachineStartPlan = {
    ticksPerSecond: machine.ticksPerSecond,
    clock: machine.clock,
    actions: plan.actions,
    vectorClocks: plan.vectorClocks,
    payloadBytes: plan.payloadBytes,
    runTicksPerSecond: plan.runTicksPerSecond,
    maxClockLeadMs: plan.maxClockLeadMs,
  };
  const clockFaults = clockFaultsFor(plan.faults, machine.id, t0Ms);
  if (clockFaults.length > 0) start.clockFaults = clockFaults;
  const pauses = pausesFor(plan.faults, machine.id, t0Ms);
  if (pauses.length > 0) start.pauses = pauses;
  return start;
}

function drawSpeed(random: RandomSource, min: number, max: number): number {
  const low = Math.ceil(min);
  const high = Math.floor(max);
  // Whole-number speeds as in the original exercise; a range with no whole number in it is used as is.
  return low <= high ? random.int(low, high) : min;
}

/** The random stream of one machine's action die. */
export function machineRandom(seed: number, id: MachineId): RandomSource {
  return createRandom(deriveSeed(seed, `machine:${id}`));
}

/** A machine's physical clock: machine.clock, with the keys machine.clocks.<id> gives replaced. */
export function clockFor(config: ClocklabConfig, id: MachineId): PhysicalClockParams {
  const own = config.machine.clocks[id];
  return {
    offsetMs: own?.offsetMs ?? config.machine.clock.offsetMs,
    driftPpm: own?.driftPpm ?? config.machine.clock.driftPpm,
  };
}
