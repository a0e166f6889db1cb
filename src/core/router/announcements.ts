// What the router says to machines and in its log at the turning points: the welcome to a hello;
// the started line and each machine's start frame once the barrier opens; the ended line and an
// end frame (after every delivery meant for it) to each machine at the end; and a refusal (the
// error frame, the close, the rejected line).
import type { ProtocolError } from "../errors.ts";
import type { RunPlan } from "../plan.ts";
import { PROTOCOL_VERSION, type ServerFrame } from "../protocol.ts";
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

export function welcomeFrame(
  run: { runId: string; seed: number },
  members: readonly MachineId[],
): ServerFrame {
  return {
    type: "welcome",
    protocol: PROTOCOL_VERSION,
    runId: run.runId,
    peers: members.slice(),
    seed: run.seed,
  };
}

/** A refusal's effects, ahead of what the disconnect that follows it does. */
export function refusalEffects(
  connection: ConnectionId,
  id: MachineId | null,
  error: ProtocolError,
  nowMs: number,
  messageId: string | undefined,
): RouterEffect[] {
  const rejected: RouterLogEntry = {
    type: "rejected",
    at: nowMs,
    connection,
    id,
    code: error.code,
    message: error.message,
  };
  if (messageId !== undefined) rejected.messageId = messageId;
  return [
    { type: "send", connection, frame: { type: "error", code: error.code, message: error.message } },
    { type: "close", connection },
    { type: "log", entry: rejected },
  ];
}
