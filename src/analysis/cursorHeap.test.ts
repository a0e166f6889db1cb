// The heap merges the events of all cursors in one order: the least current event by true time,
// then SEND first, then machine.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventCursor } from "./cursor.ts";
import { CursorHeap } from "./cursorHeap.ts";
import type { AnalysisEvent } from "./event.ts";

type Step = { time: number; send: boolean };

function cursorOf(machine: number, steps: Step[]): EventCursor {
  let next = 0;
  const eventOf = (step: Step): AnalysisEvent => ({
    seq: machine,
    type: step.send ? "SEND" : "INTERNAL",
    trueTime: step.time,
    systemTime: step.time,
    lamport: 0,
    queueLength: 0,
  });
  const cursor: EventCursor = {
    machine,
    file: `m${machine}.jsonl`,
    current: undefined,
    problems: { badItems: 0, firstBadItem: null, truncated: false, overlongLines: 0, slowPathLines: 0 },
    advance: () => {
      const step = steps[next++];
      cursor.current = step === undefined ? undefined : eventOf(step);
      return step !== undefined;
    },
    fill: async () => {},
    close: async () => {},
  };
  return cursor;
}

describe("CursorHeap", () => {
  it("gives the events in (time, SEND first, machine) order, each machine's own in its order", () => {
    const step = fc.record({ time: fc.integer({ min: 0, max: 20 }), send: fc.boolean() });
    const machines = fc.array(
      fc.array(step, { maxLength: 30 }).map((steps) => steps.sort((a, b) => a.time - b.time)),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(machines, (all) => {
        const heap = new CursorHeap();
        all.forEach((steps, machine) => {
          const cursor = cursorOf(machine, steps);
          if (cursor.advance()) heap.push(cursor);
        });
        const seen: Array<[number, number, number]> = [];
        while (heap.size > 0) {
          const cursor = heap.top()!;
          const event = cursor.current!;
          seen.push([event.trueTime, event.type === "SEND" ? 0 : 1, cursor.machine]);
          if (cursor.advance()) heap.topChanged();
          else heap.popTop();
        }
        // The same merge done the slow way: each time, the least current key of all machines.
        const next = all.map(() => 0);
        const expected: Array<[number, number, number]> = [];
        for (;;) {
          let best: [number, number, number] | null = null;
          all.forEach((steps, machine) => {
            const step = steps[next[machine]!];
            if (step === undefined) return;
            const key: [number, number, number] = [step.time, step.send ? 0 : 1, machine];
            if (best === null || key[0] < best[0] || (key[0] === best[0] && key[1] < best[1])) best = key;
          });
          if (best === null) break;
          expected.push(best);
          next[best[2]]!++;
        }
        expect(seen).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("CursorHeap with cursors pushed while others are read", () => {
  it("still gives the least current event each time", () => {
    const step = fc.record({ time: fc.integer({ min: 0, max: 20 }), send: fc.boolean() });
    const machines = fc.array(
      fc.array(step, { minLength: 1, maxLength: 10 }).map((steps) => steps.sort((a, b) => a.time - b.time)),
      { minLength: 1, maxLength: 12 },
    );
    fc.assert(
      fc.property(machines, fc.nat(30), (all, pushAfter) => {
        // Machines 0 and 1 from the start; the rest once `pushAfter` events were read (their
        // events then count from there, as a cursor opened late would give them).
        const heap = new CursorHeap();
        const cursors = all.map((steps, machine) => cursorOf(machine, steps));
        const late = cursors.slice(2);
        for (const cursor of cursors.slice(0, 2)) if (cursor.advance()) heap.push(cursor);
        let read = 0;
        let previous: [number, number, number] | null = null;
        const pushLate = () => {
          for (const cursor of late.splice(0)) if (cursor.advance()) heap.push(cursor);
        };
        if (pushAfter === 0) pushLate();
        while (heap.size > 0) {
          const cursor = heap.top()!;
          const event = cursor.current!;
          const key: [number, number, number] = [
            event.trueTime,
            event.type === "SEND" ? 0 : 1,
            cursor.machine,
          ];
          // Every cursor still in the heap is at or after the one on top.
          for (const other of cursors) {
            if (other === cursor || other.current === undefined || late.includes(other)) continue;
            const o = other.current;
            const okey: [number, number, number] = [o.trueTime, o.type === "SEND" ? 0 : 1, other.machine];
            expect(
              okey[0] > key[0] ||
                (okey[0] === key[0] && (okey[1] > key[1] || (okey[1] === key[1] && okey[2] > key[2]))),
            ).toBe(true);
          }
          previous = key;
          if (cursor.advance()) heap.topChanged();
          else heap.popTop();
          if (++read === pushAfter) pushLate();
        }
        expect(previous === null || late.length === 0 || pushAfter > read).toBe(true);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
