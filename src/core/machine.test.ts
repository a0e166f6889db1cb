import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ActionWeights, D10_WEIGHTS } from "./actions.ts";
import { hlcCompare } from "./hlc.ts";
import { Machine, type MachineOptions } from "./machine.ts";
import { PERFECT_CLOCK } from "./physicalClock.ts";
import { createRandom } from "./random.ts";
import { Membership } from "./routing.ts";
import type { Delivery, EventLine, MachineId, OutboundMessage } from "./types.ts";
import { vectorDominates } from "./vectorClock.ts";

const MEMBERS = ["m1", "m2", "m3"];
const ONLY: Record<string, ActionWeights> = {
  sendFirst: { sendFirst: 1, sendSecond: 0, broadcast: 0, direct: 0, internal: 0 },
  internal: { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 0, internal: 1 },
  direct: { sendFirst: 0, sendSecond: 0, broadcast: 0, direct: 1, internal: 0 },
};

function machine(options: Partial<MachineOptions> = {}): Machine {
  return new Machine({
    id: "m1",
    members: MEMBERS,
    actions: D10_WEIGHTS,
    random: createRandom(1234),
    physicalClock: PERFECT_CLOCK,
    vectorClocks: true,
    ...options,
  });
}

function delivery(from: MachineId, message: Partial<OutboundMessage> = {}): Delivery {
  return {
    kind: "SEND_FIRST",
    id: `${from}:1`,
    lamport: 10,
    vector: { [from]: 10 },
    hlc: { wall: 5000, logical: 3 },
    sentAt: 5000,
    from,
    routedAt: 5001,
    ...message,
  };
}

describe("Machine", () => {
  it("refuses an id that is not among the members", () => {
    expect(() => machine({ id: "m9" })).toThrow(RangeError);
  });

  it("one event per tick, with seq and tick counting up", () => {
    const m = machine();
    for (let k = 1; k <= 50; k++) {
      const { event } = m.tick(k * 100);
      expect(event.seq).toBe(k);
      expect(event.tick).toBe(k);
      expect(event.trueTime).toBe(k * 100);
      expect(["SEND", "INTERNAL"]).toContain(event.type);
    }
    expect(m.ticks).toBe(50);
  });

  it("a receive takes exactly one queued message and logs the queue length left", () => {
    const m = machine();
    m.deliver(delivery("m2", { id: "m2:1", lamport: 4 }));
    m.deliver(delivery("m3", { id: "m3:1", lamport: 9 }));
    m.deliver(delivery("m2", { id: "m2:2", lamport: 6 }));
    expect(m.queueLength).toBe(3);

    const expectations: Array<[string, number, number]> = [
      ["m2:1", 2, 5],
      ["m3:1", 1, 10],
      ["m2:2", 0, 11],
    ];
    for (const [id, left, lamport] of expectations) {
      const { event, send } = m.tick(6000);
      expect(send).toBeUndefined();
      expect(event.type).toBe("RECEIVE");
      expect(event.queueLength).toBe(left);
      expect(m.queueLength).toBe(left);
      expect(event.lamport).toBe(lamport);
      expect(event.message).toMatchObject({ id });
    }
    expect(m.tick(7000).event.type).not.toBe("RECEIVE");
  });

  it("logs the received message's id, sender, Lamport value and send time", () => {
    const m = machine();
    m.deliver(delivery("m3", { id: "m3:4", lamport: 12, sentAt: 4999.5 }));
    expect(m.tick(6000).event.message).toEqual({ id: "m3:4", from: "m3", lamport: 12, sentAt: 4999.5 });
  });

  it("pendingMessages lists the queue oldest first without taking from it", () => {
    const m = machine();
    m.deliver(delivery("m2", { id: "a" }));
    m.deliver(delivery("m3", { id: "b" }));
    expect(m.pendingMessages().map((d) => d.id)).toEqual(["a", "b"]);
    expect(m.queueLength).toBe(2);
  });

  it("a d10 with an empty queue picks first, second, broadcast, internal about 1, 1, 1, 7 in 10", () => {
    const m = machine({ random: createRandom(20240601) });
    const counts: Record<string, number> = { SEND_FIRST: 0, SEND_SECOND: 0, BROADCAST: 0, INTERNAL: 0 };
    const n = 20_000;
    for (let k = 1; k <= n; k++) {
      const { event, send } = m.tick(k);
      const key = send?.kind ?? event.type;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(["BROADCAST", "INTERNAL", "SEND_FIRST", "SEND_SECOND"]);
    expect(counts.SEND_FIRST! / n).toBeCloseTo(0.1, 1);
    expect(counts.SEND_SECOND! / n).toBeCloseTo(0.1, 1);
    expect(counts.BROADCAST! / n).toBeCloseTo(0.1, 1);
    expect(counts.INTERNAL! / n).toBeCloseTo(0.7, 1);
    for (const kind of ["SEND_FIRST", "SEND_SECOND", "BROADCAST"]) {
      expect(Math.abs(counts[kind]! / n - 0.1)).toBeLessThan(0.015);
    }
    expect(Math.abs(counts.INTERNAL! / n - 0.7)).toBeLessThan(0.02);
  });

  it("sends go where the kind says (m1: first m2, second m3, broadcast both)", () => {
    const m = machine({ random: createRandom(5) });
    const seen = new Map<string, unknown>();
    for (let k = 1; k <= 200; k++) {
      const { event, send } = m.tick(k);
      if (send !== undefined) {
        expect(event.type).toBe("SEND");
        seen.set(send.kind, event.message && "to" in event.message ? event.message.to : undefined);
      }
    }
    expect(seen.get("SEND_FIRST")).toEqual(["m2"]);
    expect(seen.get("SEND_SECOND")).toEqual(["m3"]);
    expect(seen.get("BROADCAST")).toEqual(["m2", "m3"]);
  });

  it("DIRECT sends carry a destination drawn among the others, never itself", () => {
    const m = new Machine({
      id: "m2",
      members: ["m1", "m2", "m3", "m4"],
      actions: ONLY.direct!,
      random: createRandom(9),
      physicalClock: PERFECT_CLOCK,
      vectorClocks: true,
    });
    const targets = new Set<string>();
    for (let k = 1; k <= 200; k++) {
      const { event, send } = m.tick(k);
      expect(send?.kind).toBe("DIRECT");
      expect(send?.to).not.toBe("m2");
      targets.add(send!.to!);
      expect(event.message).toMatchObject({ kind: "DIRECT", to: [send!.to] });
    }
    expect([...targets].sort()).toEqual(["m1", "m3", "m4"]);
  });

  it("the same seed gives the identical event sequence", () => {
    const run = (seed: number) => {
      const m = machine({ random: createRandom(seed) });
      const out: unknown[] = [];
      for (let k = 1; k <= 300; k++) {
        if (k % 7 === 0) m.deliver(delivery("m2", { id: `m2:${k}`, lamport: k }));
        out.push(m.tick(k * 10.5));
      }
      return out;
    };
    expect(run(77)).toEqual(run(77));
    expect(run(77)).not.toEqual(run(78));
  });

  it("message ids are unique and numbered <id>:<n> from 1", () => {
    const m = machine({ id: "m3" });
    const ids: string[] = [];
    for (let k = 1; k <= 500; k++) {
      const { event, send } = m.tick(k);
      if (send !== undefined) {
        ids.push(send.id);
        expect(event.message?.id).toBe(send.id);
      }
    }
    expect(ids.length).toBeGreaterThan(50);
    expect(ids).toEqual(ids.map((_, i) => `m3:${i + 1}`));
  });

  it("the message carries the clock values after the send rule", () => {
    const m = machine({ actions: ONLY.sendFirst! });
    m.tick(1000);
    const { event, send } = m.tick(2000);
    expect(send).toEqual({
      kind: "SEND_FIRST",
      id: "m1:2",
      lamport: 2,
      vector: { m1: 2, m2: 0, m3: 0 },
      hlc: { wall: 2000, logical: 0 },
      sentAt: 2000,
    });
    expect(event).toMatchObject({
      type: "SEND",
      lamport: 2,
      vector: { m1: 2, m2: 0, m3: 0 },
      hlc: send!.hlc,
    });
    expect(event.message).toEqual({ id: "m1:2", kind: "SEND_FIRST", to: ["m2"], lamport: 2, sentAt: 2000 });
  });

  it("carries the payload when one is configured", () => {
    const m = machine({ actions: ONLY.sendFirst!, payload: "xyz" });
    expect(m.tick(1).send?.payload).toBe("xyz");
  });

  it("omits vector from events and messages when vectorClocks is false", () => {
    const m = machine({ vectorClocks: false });
    m.deliver(delivery("m2"));
    for (let k = 1; k <= 100; k++) {
      const { event, send } = m.tick(k);
      expect(event).not.toHaveProperty("vector");
      if (send !== undefined) expect(send).not.toHaveProperty("vector");
    }
  });

  it("log lines keep the documented key order", () => {
    const m = machine();
    m.deliver(delivery("m2"));
    const { event } = m.tick(6000);
    expect(Object.keys(event)).toEqual([
      "seq",
      "tick",
      "type",
      "trueTime",
      "systemTime",
      "lamport",
      "vector",
      "hlc",
      "queueLength",
      "message",
    ]);
  });

  it("a receive applies the Lamport, vector and HLC receive rules", () => {
    const m = machine({ actions: ONLY.internal! });
    m.tick(1000); // lamport 1, vector m1:1, hlc {1000, 0}
    m.deliver(
      delivery("m2", { lamport: 10, vector: { m1: 0, m2: 7, m3: 2 }, hlc: { wall: 1500, logical: 4 } }),
    );
    const { event } = m.tick(1200);
    expect(event.lamport).toBe(11);
    expect(event.vector).toEqual({ m1: 2, m2: 7, m3: 2 });
    expect(event.hlc).toEqual({ wall: 1500, logical: 5 });
  });

  it("a receive of a message without a vector still ticks its own entry", () => {
    const m = machine();
    const { vector: _v, ...noVector } = delivery("m2");
    m.deliver(noVector);
    expect(m.tick(1).event.vector).toEqual({ m1: 1, m2: 0, m3: 0 });
  });

  it("resume state continues the clocks and message numbering; they never go back", () => {
    const m = machine({
      actions: ONLY.sendFirst!,
      resume: {
        seq: 40,
        tick: 39,
        lamport: 120,
        vector: { m1: 50, m2: 20, m3: 30 },
        hlc: { wall: 9_000_000, logical: 6 },
        sent: 17,
      },
    });
    const { event, send } = m.tick(1000); // physical time far behind the resumed HLC
    expect(event).toMatchObject({
      seq: 41,
      tick: 40,
      lamport: 121,
      vector: { m1: 51, m2: 20, m3: 30 },
      hlc: { wall: 9_000_000, logical: 7 },
    });
    expect(send?.id).toBe("m1:18");
    expect(m.lamport).toBe(121);
  });

  it("applies the physical clock's offset and drift to systemTime, and the HLC follows it", () => {
    const m = machine({ actions: ONLY.sendFirst!, physicalClock: { offsetMs: 1000, driftPpm: 500 } });
    const { event, send } = m.tick(2000);
    expect(event.trueTime).toBe(2000);
    expect(event.systemTime).toBeCloseTo(3001, 9);
    expect(event.hlc).toEqual({ wall: 3001, logical: 0 });
    expect(send?.sentAt).toBeCloseTo(3001, 9);
    // Fractional readings: the HLC takes whole ms.
    const behind = machine({ actions: ONLY.internal!, physicalClock: { offsetMs: -500.75, driftPpm: 0 } });
    const line = behind.tick(10_000).event;
    expect(line.systemTime).toBe(9499.25);
    expect(line.hlc).toEqual({ wall: 9499, logical: 0 });
  });
});

describe("Machines exchanging messages (property)", () => {
  type Command = { kind: "tick"; machine: number; dt: number } | { kind: "deliver"; pick: number };
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({
      kind: fc.constant("tick" as const),
      machine: fc.nat({ max: 2 }),
      dt: fc.integer({ min: -50, max: 200 }),
    }),
    fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }),
  );
  const clock = fc.record({
    offsetMs: fc.integer({ min: -5000, max: 5000 }),
    driftPpm: fc.integer({ min: -100_000, max: 100_000 }),
  });

  it("every receive is after its send by Lamport, vector and HLC; each machine's clocks only go forward", () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(clock, { minLength: 3, maxLength: 3 }),
        fc.array(command, { maxLength: 300 }),
        (seed, clocks, commands) => {
          const membership = new Membership(MEMBERS);
          const machines = MEMBERS.map(
            (id, i) =>
              new Machine({
                id,
                members: MEMBERS,
                actions: { sendFirst: 2, sendSecond: 2, broadcast: 2, direct: 1, internal: 3 },
                random: createRandom(seed + i),
                physicalClock: clocks[i]!,
                vectorClocks: true,
              }),
          );
          const inFlight: Array<{ to: number; message: Delivery }> = [];
          const last: Array<EventLine | undefined> = [undefined, undefined, undefined];
          let now = 100_000;
          for (const c of commands) {
            if (c.kind === "deliver") {
              if (inFlight.length === 0) continue;
              const [item] = inFlight.splice(c.pick % inFlight.length, 1);
              machines[item!.to]!.deliver(item!.message);
              continue;
            }
            now += c.dt; // true time may even go back: clocks must still only go forward
            const m = machines[c.machine]!;
            const queued = m.pendingMessages()[0];
            const { event, send } = m.tick(now);
            const previous = last[c.machine];
            if (previous !== undefined) {
              expect(event.lamport).toBeGreaterThan(previous.lamport);
              expect(hlcCompare(event.hlc, previous.hlc)).toBeGreaterThan(0);
              expect(vectorDominates(event.vector!, previous.vector!)).toBe(true);
              expect(event.vector![m.id]).toBe(previous.vector![m.id]! + 1);
            }
            expect(event.hlc.wall).toBeGreaterThanOrEqual(Math.floor(event.systemTime));
            if (event.type === "RECEIVE") {
              expect(queued).toBeDefined();
              expect(event.lamport).toBeGreaterThan(queued!.lamport);
              expect(vectorDominates(event.vector!, queued!.vector!)).toBe(true);
              expect(event.vector![m.id]).toBeGreaterThan(queued!.vector![m.id] ?? 0);
              expect(hlcCompare(event.hlc, queued!.hlc)).toBeGreaterThan(0);
            } else {
              expect(queued).toBeUndefined();
            }
            if (send !== undefined) {
              for (const to of membership.resolve(send.kind, m.id, send.to)) {
                inFlight.push({ to: MEMBERS.indexOf(to), message: { ...send, from: m.id, routedAt: now } });
              }
            }
            last[c.machine] = event;
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
