// What the router says when the run starts and when it ends, to every connected machine and in
// its log: the started line and each machine's start frame once the barrier opens; the ended line
// and an end frame (after every delivery meant for it) to each machine at the end.
import type { RunPlan } from "../plan.ts";
import type { RouterLogEntry } from "../routerLog.ts";
import type { MachineId } from "../types.ts";
import type { RunLifecycle } from "./lifecycle.ts";
import { startFrameFor } from "./startFrame.ts";
import type { ConnectionId, RouterEffect } from "./types.ts";

export interface OpenedRun {
  t0: number;
  endAt: number | null;
  plan: RunPlan;
}

export function startEffects(
  opened: OpenedRun,
  lifecycle: RunLifecycle,
  connectionOf: ReadonlyMap<MachineId, ConnectionId>,
  nowMs: number,
  effects: RouterEffect[],
): void {
  const peers = [...lifecycle.members];
  const entry: RouterLogEntry = { type: "started", at: nowMs, t0: opened.t0, peers };
  if (opened.endAt !== null) entry.endAt = opened.endAt;
  effects.push({ type: "log", entry });
  effects.push({ type: "started", t0: opened.t0, endAt: opened.endAt, plan: opened.plan });
  for (const [id, connection] of connectionOf) {
    effects.push({ type: "send", connection, frame: startFrameFor(lifecycle.phase, id) });
  }
}

export function endEffects(
  ending: { status: "completed" | "interrupted"; reason: string },
  connections: Iterable<ConnectionId>,
  nowMs: number,
  effects: RouterEffect[],
): void {
  effects.push({
    type: "log",
    entry: { type: "ended", at: nowMs, status: ending.status, reason: ending.reason },
  });
  for (const connection of connections) {
    effects.push({ type: "send", connection, frame: { type: "end", reason: ending.reason } });
  }
  effects.push({ type: "ended", status: ending.status, reason: ending.reason });
}
