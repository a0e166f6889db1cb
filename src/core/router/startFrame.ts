// The start frame a machine gets once the barrier opened: the common t0, the end, every member,
// and its own plan (speed, die, clocks, the faults that act on it).
import { startPlanFor } from "../plan.ts";
import type { StartFrame } from "../protocol.ts";
import type { MachineId } from "../types.ts";
import type { RunPhase } from "./lifecycle.ts";

export function startFrameFor(phase: RunPhase, id: MachineId): StartFrame {
  if (phase.kind === "gathering") throw new Error("no start frame before the barrier opened");
  const frame: StartFrame = { type: "start", t0: phase.t0, peers: phase.membership.ids as MachineId[] };
  if (phase.endAt !== null) frame.endAt = phase.endAt;
  const machine = phase.machineById.get(id);
  if (machine !== undefined) frame.plan = startPlanFor(phase.plan, machine, phase.t0);
  return frame;
}
