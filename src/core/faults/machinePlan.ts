// What a fault schedule means for one machine's start frame: its clock faults and its pauses, at
// true times (t0 + the window's offsets), and how far its clock can run ahead of true time with
// them (which bounds the hybrid clock walls a message of the run can carry).
import type { PhysicalClockParams } from "../physicalClock.ts";
import type { ClockFaultPlan, TimeWindow } from "../protocol.ts";
import type { MachineId } from "../types.ts";
import type { FaultWindow } from "./schedule.ts";

export function clockFaultsFor(
  windows: readonly FaultWindow[],
  id: MachineId,
  t0Ms: number,
): ClockFaultPlan[] {
  const out: ClockFaultPlan[] = [];
  for (const window of windows) {
    const action = window.action;
    if (action.kind !== "clock" || !window.targets.includes(id)) continue;
    const base = { fromMs: t0Ms + window.fromMs, toMs: t0Ms + window.toMs };
    if (action.stepMs !== undefined) out.push({ kind: "step", ...base, stepMs: action.stepMs });
    else if (action.driftPpm !== undefined) out.push({ kind: "drift", ...base, driftPpm: action.driftPpm });
    else if (action.strobe !== undefined) out.push({ kind: "strobe", ...base, ...action.strobe });
    else if (action.periodic !== undefined) out.push({ kind: "periodic", ...base, ...action.periodic });
  }
  return out;
}

export function pausesFor(windows: readonly FaultWindow[], id: MachineId, t0Ms: number): TimeWindow[] {
  return windows
    .filter((window) => window.kind === "pause" && window.targets.includes(id))
    .map((window) => ({ fromMs: t0Ms + window.fromMs, toMs: t0Ms + window.toMs }));
}

/** The most a machine's clock can read ahead of true time during a run of `durationMs`, faults included. */
export function clockLeadMs(
  clock: PhysicalClockParams,
  faults: readonly ClockFaultPlan[],
  durationMs: number,
): number {
  let lead = clock.offsetMs + Math.max(0, (clock.driftPpm / 1e6) * durationMs);
  for (const fault of faults) {
    const lengthMs = (fault.toMs ?? fault.fromMs + durationMs) - fault.fromMs;
    if (fault.kind === "step") lead += Math.max(0, fault.stepMs ?? 0);
    else if (fault.kind === "drift") lead += Math.max(0, ((fault.driftPpm ?? 0) / 1e6) * lengthMs);
    else lead += Math.abs(fault.amplitudeMs ?? 0);
  }
  return lead;
}
