// The regex fast path must read exactly what JSON.parse + validation reads, for lines as the core
// Machine writes them (with and without vector clocks), and step aside for anything else.
import { describe, expect, it } from "vitest";
import { D10_WEIGHTS } from "../core/actions.ts";
import { Machine } from "../core/machine.ts";
import { machineRandom } from "../core/plan.ts";
import { asClocklabEvent, vectorOf } from "./event.ts";
import { fastClocklabEvent } from "./fastLine.ts";

function lines(vectorClocks: boolean): string[] {
  const ids = ["m1", "m2", "m3"];
  const machines = ids.map(
    (id) =>
      new Machine({
        id,
        members: ids,
        actions: D10_WEIGHTS,
        random: machineRandom(3, id),
        physicalClock: { offsetMs: 0.5, driftPpm: 20 },
        vectorClocks,
      }),
  );
  const out: string[] = [];
  for (let i = 0; i < 600; i++) {
    const from = i % 3;
    const { event, send } = machines[from]!.tick(i * 137.25);
    out.push(JSON.stringify(event));
    if (send) {
      for (const [j, id] of ids.entries()) {
        if (j !== from) machines[j]!.deliver({ ...send, from: ids[from]!, routedAt: i * 137.25 });
        void id;
      }
    }
  }
  return out;
}

describe("fastClocklabEvent", () => {
  for (const vectorClocks of [true, false]) {
    it(`agrees with JSON.parse on Machine output (vector clocks ${vectorClocks ? "on" : "off"})`, () => {
      const all = lines(vectorClocks);
      expect(all.some((l) => l.includes('"RECEIVE"'))).toBe(true);
      for (const line of all) {
        const fast = fastClocklabEvent(line);
        expect(fast, line).not.toBeNull();
        if (fast!.vectorText !== undefined) vectorOf(fast!);
        const slow = asClocklabEvent(JSON.parse(line))!;
        expect(fast!.vector).toEqual(slow.vector);
        expect(fast!.message).toEqual(slow.message);
        expect(fast).toMatchObject({
          seq: slow.seq,
          tick: slow.tick,
          type: slow.type,
          trueTime: slow.trueTime,
          systemTime: slow.systemTime,
          lamport: slow.lamport,
          queueLength: slow.queueLength,
          hlcWall: slow.hlcWall,
          hlcLogical: slow.hlcLogical,
        });
        expect(fast!.hlcWall).toBe((JSON.parse(line) as { hlc: { wall: number } }).hlc.wall);
        expect(typeof fast!.hlcLogical).toBe("number");
        expect(fast!.tick).toBe((JSON.parse(line) as { tick: number }).tick);
      }
    });
  }

  it("keeps the tick only when it is a number, on the JSON path too", () => {
    const line = {
      seq: 3,
      type: "INTERNAL",
      trueTime: 1,
      systemTime: 1,
      lamport: 3,
      hlc: { wall: 1, logical: 0 },
      queueLength: 0,
    };
    expect(asClocklabEvent({ ...line, tick: 7 })?.tick).toBe(7);
    expect(asClocklabEvent({ ...line, tick: "7" })).not.toHaveProperty("tick");
    expect(asClocklabEvent({ ...line })).not.toHaveProperty("tick");
  });

  it("returns null for lines it does not know, which then take the JSON.parse path", () => {
    expect(fastClocklabEvent('{"type":"INTERNAL","seq":1}')).toBeNull();
    expect(
      fastClocklabEvent(
        '{"seq":1,"tick":1,"type":"INTERNAL","trueTime":1,"systemTime":1,"lamport":1,"hlc":{"wall":1,"logical":0},"queueLength":0',
      ),
    ).toBeNull();
    expect(
      fastClocklabEvent(
        '{"seq":1,"tick":1,"type":"RECEIVE","trueTime":1,"systemTime":1,"lamport":1,"hlc":{"wall":1,"logical":0},"queueLength":0}',
      ),
    ).toBeNull();
  });
});
