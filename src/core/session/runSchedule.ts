// A session's run once it has started: the model machine it drives and the tick schedule it
// follows (tick k at t0 + k / speed up to the end time, the pauses in which it does not tick).
// Built from the router's start frame (or, after a restart, from what the machine's log says of
// its earlier life); MachineSession decides when each tick happens.
import { Machine, type MachineResumeState } from "../machine.ts";
import { machineRandom } from "../plan.ts";
import type { MachineStartPlan, StartFrame, TimeWindow } from "../protocol.ts";
import { createRandom, deriveSeed } from "../random.ts";
import { ticksInDuration, tickTimeMs } from "../schedule.ts";
import type { MachineId } from "../types.ts";

export interface Running {
  runId: string;
  seed: number;
  machine: Machine;
  t0Ms: number;
  endAtMs: number;
  ticksPerSecond: number;
  nextTick: number;
  /** When `nextTick` is due (computed once per tick, not on every look). */
  nextDueMs: number;
  lastTick: number;
  /** The windows in which it does not tick; null when there are none (a tick then reads nothing more). */
  pauses: readonly TimeWindow[] | null;
  ceilingInput: { t0Ms: number; machines: number; runTicksPerSecond: number; maxClockLeadMs: number };
}

/** How long a run without an end time lasts: practically forever. */
const OPEN_ENDED_MS = 365 * 24 * 3600_000;

/** The run a start frame begins for machine `id` (fresh, or resumed after a restart). */
export function startRun(
  id: MachineId,
  phase: { runId: string; seed: number; resume: MachineResumeState | undefined },
  frame: StartFrame,
  plan: MachineStartPlan,
  nowMs: number,
): Running {
  const { runId, seed, resume } = phase;
  const speed = plan.ticksPerSecond;
  const endAtMs = frame.endAt ?? frame.t0 + OPEN_ENDED_MS;
  const machine = new Machine({
    id: id,
    members: frame.peers,
    actions: plan.actions,
    // After a restart, a fresh random stream: replaying the first one would repeat its dice.
    random:
      resume === undefined
        ? machineRandom(seed, id)
        : createRandom(deriveSeed(seed, `machine:${id}:after:${resume.seq}`)),
    physicalClock: plan.clock,
    t0Ms: frame.t0,
    clockFaults: plan.clockFaults ?? [],
    vectorClocks: plan.vectorClocks,
    payload: plan.payloadBytes > 0 ? "x".repeat(plan.payloadBytes) : undefined,
    resume,
  });
  // A fresh machine runs every tick from 1 (a late start catches up, as any stall does), so its
  // k-th event is its k-th scheduled tick. A machine restarted after a crash resumes with the
  // first tick due at or after now: the ticks it missed while it was down did not happen.
  const firstTick =
    resume === undefined
      ? 1
      : Math.max(resume.tick + 1, Math.ceil(((nowMs - frame.t0) * speed) / 1000 - 1e-9), 1);
  const run: Running = {
    runId,
    seed,
    machine,
    t0Ms: frame.t0,
    endAtMs,
    ticksPerSecond: speed,
    nextTick: firstTick,
    nextDueMs: 0,
    lastTick: ticksInDuration(speed, endAtMs - frame.t0),
    pauses: plan.pauses !== undefined && plan.pauses.length > 0 ? plan.pauses : null,
    ceilingInput: {
      t0Ms: frame.t0,
      machines: frame.peers.length,
      runTicksPerSecond: plan.runTicksPerSecond,
      maxClockLeadMs: plan.maxClockLeadMs ?? 0,
    },
  };
  run.nextDueMs = tickTime(run, firstTick);
  return run;
}

export function tickTime(run: Running, tick: number): number {
  // The last tick lies at the end time exactly, whatever the floating-point rounding says.
  return Math.min(tickTimeMs(run.t0Ms, run.ticksPerSecond, tick), run.endAtMs);
}

export function inWindow(windows: readonly TimeWindow[], timeMs: number): boolean {
  for (const window of windows) if (timeMs >= window.fromMs && timeMs < window.toMs) return true;
  return false;
}
