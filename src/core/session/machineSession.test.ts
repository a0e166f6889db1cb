import { describe, expect, it } from "vitest";
import { D10_WEIGHTS } from "../actions.ts";
import { Machine } from "../machine.ts";
import { machineRandom } from "../plan.ts";
import type { ClientFrame, MachineStartPlan, StartFrame } from "../protocol.ts";
import type { EventLine } from "../types.ts";
import { MachineSession, type SessionLifecycle, type SessionOutput } from "./machineSession.ts";

class Collect implements SessionOutput {
  frames: ClientFrame[] = [];
  events: EventLine[] = [];
  changes: SessionLifecycle[] = [];
  frame(frame: ClientFrame) {
    this.frames.push(frame);
  }
  event(line: EventLine) {
    this.events.push(line);
  }
  lifecycle(change: SessionLifecycle) {
    this.changes.push(change);
  }
}

const plan: MachineStartPlan = {
  ticksPerSecond: 4,
  clock: { offsetMs: 0, driftPpm: 0 },
  actions: D10_WEIGHTS,
  vectorClocks: true,
  payloadBytes: 0,
  runTicksPerSecond: 12,
  maxClockLeadMs: 0,
};
const start: StartFrame = { type: "start", t0: 1000, peers: ["m1", "m2", "m3"], endAt: 3000, plan };

/** A session of m1 through welcome and start (t0 1000, 4 ticks/s, ends at 3000: ticks 1..8). */
function running(overrides: Partial<StartFrame> = {}, options: { trust?: boolean } = {}) {
  const session = new MachineSession({ id: "m1", trustDeliveries: options.trust ?? false });
  const out = new Collect();
  session.connect(out);
  session.receive({ type: "welcome", protocol: 1, runId: "run-1", peers: ["m1"], seed: 5 }, 0, out);
  session.openedLog(undefined);
  session.receive({ ...start, ...overrides }, 0, out);
  return { session, out };
}

function deliver(id: string, lamport: number, extra: Record<string, unknown> = {}) {
  return {
    type: "deliver" as const,
    from: "m2",
    kind: "SEND_FIRST" as const,
    id,
    lamport,
    hlc: { wall: 1100, logical: 0 },
    sentAt: 1100,
    routedAt: 1100,
    ...extra,
  };
}

describe("MachineSession handshake", () => {
  it("says hello, then joins the run it is welcomed into and starts on the start frame", () => {
    const session = new MachineSession({ id: "m1", token: "secret-token", requestedTicksPerSecond: 4 });
    const out = new Collect();
    session.connect(out);
    expect(out.frames).toEqual([
      { type: "hello", protocol: 1, id: "m1", token: "secret-token", ticksPerSecond: 4 },
    ]);
    session.receive({ type: "welcome", protocol: 1, runId: "run-1", peers: ["m1"], seed: 5 }, 0, out);
    expect(out.changes).toEqual([{ type: "joined", runId: "run-1", seed: 5 }]);
    expect(() => session.receive(start, 0, out)).toThrow(/openedLog/);
    session.openedLog(undefined);
    session.receive(start, 0, out);
    expect(out.changes.at(-1)).toEqual({
      type: "started",
      t0Ms: 1000,
      endAtMs: 3000,
      ticksPerSecond: 4,
      firstTick: 1,
    });
    expect(session.nextWakeMs).toBe(1250);
  });

  it("ends, with the reason, when the router refuses it or sends a start without a plan", () => {
    const refused = new MachineSession({ id: "m1" });
    const out = new Collect();
    refused.connect(out);
    refused.receive(
      { type: "error", code: "DUPLICATE_ID", message: "machine m1 is already connected" },
      5,
      out,
    );
    expect(out.changes).toEqual([
      expect.objectContaining({ type: "ended", refusal: "DUPLICATE_ID: machine m1 is already connected" }),
    ]);
    const { out: out2 } = running({ plan: undefined });
    expect(out2.changes.at(-1)).toMatchObject({ type: "ended", refusal: expect.stringContaining("no plan") });
  });
});

describe("MachineSession ticks on the absolute schedule and ends with the router", () => {
  it("runs every tick due, including missed ones, and says done after the last", () => {
    const { session, out } = running();
    session.wake(1249, out);
    expect(out.events).toEqual([]);
    session.wake(1510, out); // ticks 1 and 2 (a late wake catches up)
    expect(out.events.map((e) => e.tick)).toEqual([1, 2]);
    expect(out.events.map((e) => e.trueTime)).toEqual([1510, 1510]);
    expect(session.nextWakeMs).toBe(1750);
    session.wake(3000, out);
    expect(out.events.map((e) => e.tick)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.frames.at(-1)).toEqual({ type: "done", ticks: 8, reason: "duration reached" });
    expect(session.phase).toBe("draining");
    expect(session.nextWakeMs).toBeNull();
  });

  it("makes the same events as the core Machine with the same seed (one model, one die)", () => {
    const { session, out } = running();
    const times = Array.from({ length: 8 }, (_, k) => 1000 + ((k + 1) * 1000) / 4);
    for (const t of times) session.wake(t, out);
    const machine = new Machine({
      id: "m1",
      members: ["m1", "m2", "m3"],
      actions: D10_WEIGHTS,
      random: machineRandom(5, "m1"),
      physicalClock: { offsetMs: 0, driftPpm: 0 },
      t0Ms: 1000,
      vectorClocks: true,
    });
    const expected = times.map((t) => machine.tick(t).event);
    expect(out.events).toEqual(expected);
  });

  it("keeps taking deliveries after done, and hands them over as queued when the run ends", () => {
    const { session, out } = running();
    session.wake(3000, out);
    session.receive(deliver("m2:1", 3), 3001, out);
    session.receive(deliver("m2:2", 4), 3002, out);
    session.receive({ type: "end", reason: "duration reached" }, 3003, out);
    expect(out.changes.at(-1)).toEqual({
      type: "ended",
      refusal: null,
      final: {
        id: "m1",
        runId: "run-1",
        endedAt: 3003,
        reason: "duration reached",
        ticks: 8,
        lamport: expect.any(Number),
        queued: [
          { id: "m2:1", from: "m2" },
          { id: "m2:2", from: "m2" },
        ],
      },
    });
  });

  it("logs sends made while disconnected as failed, and says how many it sent when it says hello again", () => {
    const { session, out } = running({}, {});
    session.disconnect();
    session.wake(3000, out);
    const sends = out.events.filter((e) => e.type === "SEND");
    expect(sends.length).toBeGreaterThan(0);
    for (const e of sends) expect(e.message).toMatchObject({ failed: "router-down" });
    expect(out.frames.filter((f) => f.type === "send")).toEqual([]);
    session.connect(out);
    expect(out.frames.at(-1)).toMatchObject({ type: "hello", id: "m1", sent: sends.length });
  });

  it("does not tick inside a pause window; the queue still fills", () => {
    const { session, out } = running({ plan: { ...plan, pauses: [{ fromMs: 1500, toMs: 2250 }] } });
    session.wake(1250, out);
    session.receive(deliver("m2:1", 3), 1600, out);
    for (let t = 1500; t <= 3000; t += 250) session.wake(t, out);
    expect(out.events.map((e) => e.tick)).toEqual([1, 5, 6, 7, 8]);
    expect(out.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(out.events[1]).toMatchObject({ type: "RECEIVE", message: { id: "m2:1" } });
  });

  it("steps its physical clock at a clock fault", () => {
    const { session, out } = running({
      plan: { ...plan, clockFaults: [{ kind: "step", fromMs: 2000, stepMs: -5000 }] },
    });
    for (let t = 1250; t <= 3000; t += 250) session.wake(t, out);
    const skew = out.events.map((e) => e.systemTime - e.trueTime);
    expect(skew).toEqual([0, 0, 0, -5000, -5000, -5000, -5000, -5000]);
  });

  it("resumes after a restart from its log: clocks go on, ticks start at the one due now", () => {
    const session = new MachineSession({ id: "m1" });
    const out = new Collect();
    session.connect(out);
    session.receive({ type: "welcome", protocol: 1, runId: "run-1", peers: ["m1"], seed: 5 }, 0, out);
    session.openedLog({
      seq: 3,
      tick: 3,
      lamport: 40,
      vector: { m1: 3, m2: 30 },
      hlc: { wall: 1700, logical: 2 },
      sent: 2,
    });
    session.receive(start, 2200, out);
    expect(out.changes.at(-1)).toMatchObject({ type: "started", firstTick: 5 });
    session.wake(2250, out);
    expect(out.events[0]).toMatchObject({ seq: 4, tick: 5, lamport: 41 });
    expect(out.events[0]!.vector).toMatchObject({ m1: 4, m2: 30 });
  });
});

describe("MachineSession guards its clocks", () => {
  it("refuses a delivery carrying a clock value no run could have reached (nothing queued)", () => {
    const { session, out } = running();
    session.receive(deliver("m2:1", Number.MAX_SAFE_INTEGER), 1100, out);
    expect(out.changes.at(-1)).toMatchObject({ type: "refused-delivery", id: "m2:1", from: "m2" });
    expect(session.machine?.queueLength).toBe(0);
    session.receive(deliver("m2:2", 2), 1100, out);
    expect(session.machine?.queueLength).toBe(1);
  });

  it("trusts deliveries when told to (the simulator's own machines)", () => {
    const { session, out } = running({}, { trust: true });
    session.receive(deliver("m2:1", 10_000), 1100, out);
    expect(session.machine?.queueLength).toBe(1);
  });
});

describe("MachineSession when its log fails (issue 12, item 20)", () => {
  /** An output whose log fails at the `failAt`-th event line, as a full disk would. */
  class FailingLog extends Collect {
    session: MachineSession | null = null;
    constructor(readonly failAt: number) {
      super();
    }
    override event(line: EventLine) {
      if (this.events.length + 1 === this.failAt) {
        this.session!.fail("cannot write m1.jsonl: no space left on device (ENOSPC)", line.trueTime, this);
        return;
      }
      super.event(line);
    }
  }

  it("tells the router why in a done frame, sends no message its log does not show, and ends", () => {
    // Every tick until the failing one, then a wake that covers all the others at once.
    for (const failAt of [1, 2, 3, 5]) {
      const session = new MachineSession({ id: "m1" });
      const out = new FailingLog(failAt);
      out.session = session;
      session.connect(out);
      session.receive({ type: "welcome", protocol: 1, runId: "run-1", peers: ["m1"], seed: 5 }, 0, out);
      session.openedLog(undefined);
      session.receive(start, 0, out);
      session.wake(3000, out);
      const sends = out.frames.filter((f) => f.type === "send").map((f) => f.type === "send" && f.id);
      const logged = out.events.filter((e) => e.type === "SEND").map((e) => e.message!.id);
      expect(sends, `failAt ${failAt}`).toEqual(logged);
      expect(out.events).toHaveLength(failAt - 1);
      expect(out.frames.at(-1)).toEqual({
        type: "done",
        ticks: failAt,
        reason: "cannot write m1.jsonl: no space left on device (ENOSPC)",
      });
      expect(out.changes.at(-1)).toMatchObject({ type: "ended", refusal: null });
      expect(out.changes.at(-1)).toMatchObject({ final: { reason: expect.stringContaining("ENOSPC") } });
    }
  });
});
