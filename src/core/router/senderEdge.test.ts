import { describe, expect, it } from "vitest";
import { drawFaultSchedule } from "../faults/schedule.ts";
import type { FaultEntry } from "../faults/spec.ts";
import { Router, type RouterEffect } from "../router.ts";
import type { RouterLogEntry } from "../routerLog.ts";
import type { MessageKind, OutboundMessage } from "../types.ts";
import { type EdgeEffect, SenderEdge } from "./senderEdge.ts";

const PEERS = ["m1", "m2", "m3", "m4"];
const T0 = 1000;
const SEED = 11;

function message(n: number, kind: MessageKind, to?: string): OutboundMessage {
  const out: OutboundMessage = {
    kind,
    id: `m1:${n}`,
    lamport: n,
    hlc: { wall: 1000 + n, logical: 0 },
    sentAt: 1000.25 + n,
  };
  if (to !== undefined) out.to = to;
  return out;
}

const KINDS: MessageKind[] = ["SEND_FIRST", "SEND_SECOND", "BROADCAST", "DIRECT"];
const messages = Array.from({ length: 200 }, (_, i) =>
  message(i + 1, KINDS[i % 4]!, i % 4 === 3 ? PEERS[1 + (i % 3)] : undefined),
);

/** What the central router logs for m1's messages (delivery lines only, not the fault windows'). */
function routerLines(faults: FaultEntry[]): RouterLogEntry[] {
  const router = new Router({
    runId: "r",
    seed: SEED,
    expectedMachines: 4,
    startDelayMs: 0,
    faults,
    durationMs: 600_000,
  });
  PEERS.forEach((id, i) => {
    router.connect(i + 1);
    router.receive(i + 1, { type: "hello", protocol: 1, id }, T0);
  });
  const effects: RouterEffect[] = [];
  messages.forEach((m, i) => {
    const now = T0 + i * 10;
    effects.push(...router.wake(now), ...router.route("m1", m, now));
  });
  effects.push(...router.wake(T0 + 1_000_000));
  const deliveryLines = new Set(["routed", "dropped", "held"]);
  return effects.flatMap((e) => (e.type === "log" && deliveryLines.has(e.entry.type) ? [e.entry] : []));
}

function edgeRun(faults: FaultEntry[]): { lines: RouterLogEntry[]; publishes: EdgeEffect[] } {
  // The router draws its windows from its config: 60 s by default.
  const windows = drawFaultSchedule(faults, SEED, PEERS, 60_000);
  const edge = new SenderEdge({ from: "m1", seed: SEED, t0Ms: T0, peers: PEERS, faults: windows });
  const effects: EdgeEffect[] = [];
  messages.forEach((m, i) => {
    const now = T0 + i * 10;
    effects.push(...edge.wake(now), ...edge.route(m, now));
  });
  effects.push(...edge.wake(T0 + 1_000_000));
  return {
    lines: effects.flatMap((e) => (e.type === "log" ? [e.entry] : [])),
    publishes: effects.filter((e) => e.type !== "log"),
  };
}

const always = (action: FaultEntry["action"]): FaultEntry => ({
  action,
  timing: { schedule: "once", atS: 0, forS: null },
  source: "test",
});

describe("SenderEdge", () => {
  it("logs what the central router logs for the same messages, with faults decided alike", () => {
    for (const faults of [
      [],
      [always({ kind: "loss", loss: { model: "bernoulli", probability: 0.3 } })],
      [
        always({
          kind: "partition",
          groups: [
            ["m1", "m2"],
            ["m3", "m4"],
          ],
          mode: "hold",
        }),
      ],
      [always({ kind: "duplicate", probability: 0.2 })],
    ] as FaultEntry[][]) {
      const fromRouter = routerLines(faults);
      expect(fromRouter.length).toBeGreaterThanOrEqual(300);
      expect(edgeRun(faults).lines).toEqual(fromRouter);
    }
  });

  it("publishes a broadcast no fault touched once for all, and counts every publish in its fin", () => {
    const { publishes } = edgeRun([]);
    const all = publishes.filter((p) => p.type === "publish-all");
    expect(all).toHaveLength(50);
    const edge = new SenderEdge({ from: "m1", seed: SEED, t0Ms: T0, peers: PEERS, faults: [] });
    edge.route(message(1, "BROADCAST"), T0);
    edge.route(message(2, "SEND_FIRST"), T0);
    edge.route(message(3, "DIRECT", "m4"), T0);
    edge.left("m3");
    const afterLeaving = edge.route(message(4, "BROADCAST"), T0);
    expect(afterLeaving.filter((e) => e.type === "publish").map((e) => e.type === "publish" && e.to)).toEqual(
      ["m2", "m4"],
    );
    expect(afterLeaving).toContainEqual({
      type: "log",
      entry: expect.objectContaining({ type: "dropped", id: "m1:4", to: "m3", reason: "machine-gone" }),
    });
    expect(edge.end(T0 + 5).fin).toEqual({ all: 1, to: { m2: 2, m4: 2 }, copies: {} });
  });

  it("delivers to a machine again once it rejoined, and tells what it published to it so far", () => {
    const edge = new SenderEdge({ from: "m1", seed: SEED, t0Ms: T0, peers: PEERS, faults: [] });
    edge.route(message(1, "BROADCAST"), T0);
    edge.route(message(2, "DIRECT", "m3"), T0);
    edge.left("m3");
    edge.route(message(3, "DIRECT", "m3"), T0);
    expect(edge.countsTo("m3")).toEqual({ all: 1, to: { m3: 1 }, copies: { m3: 0 } });
    edge.rejoined("m3");
    expect(edge.route(message(4, "DIRECT", "m3"), T0)).toContainEqual(
      expect.objectContaining({ type: "publish", to: "m3" }),
    );
    // Nobody is gone any more: a broadcast is one publish again.
    expect(edge.route(message(5, "BROADCAST"), T0).filter((e) => e.type !== "log")).toEqual([
      expect.objectContaining({ type: "publish-all" }),
    ]);
    expect(edge.end(T0 + 5).fin).toEqual({ all: 2, to: { m3: 2 }, copies: {} });
  });

  it("holds a delayed delivery until it is due, and at the end names what is still held", () => {
    const windows = drawFaultSchedule(
      [always({ kind: "partition", groups: [["m1"], ["m2", "m3", "m4"]], mode: "hold" })],
      SEED,
      PEERS,
      600_000,
    );
    const edge = new SenderEdge({ from: "m1", seed: SEED, t0Ms: T0, peers: PEERS, faults: windows });
    const routed = edge.route(message(1, "SEND_FIRST"), T0 + 10);
    expect(routed).toEqual([
      { type: "log", entry: expect.objectContaining({ type: "held", id: "m1:1", to: "m2" }) },
    ]);
    expect(edge.heldUntil(T0 + 600_000)).toBe(true);
    const { effects, fin } = edge.end(T0 + 20);
    expect(effects).toEqual([
      { type: "log", entry: expect.objectContaining({ type: "held-at-end", id: "m1:1" }) },
    ]);
    expect(fin).toEqual({ all: 0, to: {}, copies: {} });
    expect(edge.nextWakeMs).toBeNull();
  });
});
