// Helpers for the core router's tests: a router with m1-m3 started, the frames, log lines and
// closes its effects hold, and hello/send frames as a machine writes them.
import { expect } from "vitest";
import type { ServerFrame } from "../../src/core/protocol.ts";
import { type ConnectionId, Router, type RouterEffect, type RouterOptions } from "../../src/core/router.ts";
import type { RouterLogEntry } from "../../src/core/routerLog.ts";
import type { MessageKind } from "../../src/core/types.ts";

export const OPTIONS: RouterOptions = { runId: "run-1", seed: 7, expectedMachines: 3, startDelayMs: 250 };

export function framesTo(effects: RouterEffect[], connection: ConnectionId): ServerFrame[] {
  return effects.flatMap((e) => (e.type === "send" && e.connection === connection ? [e.frame] : []));
}
export function logs(effects: RouterEffect[]): RouterLogEntry[] {
  return effects.flatMap((e) => (e.type === "log" ? [e.entry] : []));
}
export function closed(effects: RouterEffect[]): ConnectionId[] {
  return effects.flatMap((e) => (e.type === "close" ? [e.connection] : []));
}
export function errorCode(effects: RouterEffect[], connection: ConnectionId): string | undefined {
  const frame = framesTo(effects, connection).find((f) => f.type === "error");
  return frame?.type === "error" ? frame.code : undefined;
}
export function hello(id: string, extra: Record<string, unknown> = {}) {
  return { type: "hello", protocol: 1, id, ...extra };
}
let counter = 0;
export function send(from: string, kind: MessageKind, extra: Record<string, unknown> = {}) {
  counter++;
  return {
    type: "send",
    kind,
    id: `${from}:${counter}`,
    lamport: counter,
    hlc: { wall: 1, logical: 0 },
    sentAt: 1,
    ...extra,
  };
}

/** A router with m1, m2, m3 on connections 1, 2, 3, started at now = 1000. */
export function startedRouter(options: Partial<RouterOptions> = {}): Router {
  const router = new Router({ ...OPTIONS, ...options });
  ["m1", "m2", "m3"].forEach((id, i) => {
    router.connect(i + 1);
    router.receive(i + 1, hello(id), 1000);
  });
  expect(router.started).toBe(true);
  return router;
}
