import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EventHandler, EventQueue } from "./eventQueue.ts";

const handler: EventHandler = { handle() {} };

function drain(queue: EventQueue): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (queue.size > 0) {
    const slot = queue.pop();
    out.push([queue.timeOf(slot), queue.argOf(slot)]);
    queue.release(slot);
  }
  return out;
}

describe("EventQueue", () => {
  it("pops by time, and equal times in the order they were pushed", () => {
    const queue = new EventQueue();
    queue.push(5, handler, 1, null);
    queue.push(3, handler, 2, null);
    queue.push(5, handler, 3, null);
    queue.push(3, handler, 4, null);
    queue.push(4, handler, 5, null);
    expect(queue.peekTimeMs()).toBe(3);
    expect(drain(queue)).toEqual([
      [3, 2],
      [3, 4],
      [4, 5],
      [5, 1],
      [5, 3],
    ]);
    expect(queue.peekTimeMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it("matches a stable sort for any interleaving of pushes and pops (and grows past its capacity)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 3000 }),
        (operations) => {
          const queue = new EventQueue();
          let model: Array<[number, number]> = [];
          let n = 0;
          for (const op of operations) {
            if (op >= 0) {
              queue.push(op, handler, n, { n });
              model.push([op, n++]);
              model = model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            } else if (queue.size > 0) {
              const slot = queue.pop();
              expect([queue.timeOf(slot), queue.argOf(slot)]).toEqual(model.shift());
              expect(queue.dataOf(slot)).toEqual({ n: queue.argOf(slot) });
              queue.release(slot);
            }
          }
          expect(queue.pending().map((e) => [e.timeMs, e.arg])).toEqual(model);
          expect(drain(queue)).toEqual(model);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("keeps the heap-only order when events go into the in-order lane, in order or not", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ time: fc.integer({ min: 0, max: 50 }), inOrder: fc.boolean() }),
            fc.constant(null),
          ),
          { maxLength: 3000 },
        ),
        (operations) => {
          const queue = new EventQueue();
          let model: Array<[number, number]> = [];
          let n = 0;
          let floor = 0;
          for (const op of operations) {
            if (op !== null) {
              // As the scheduler does: never before the time of the last event popped.
              const time = floor + op.time;
              queue.push(time, handler, n, null, op.inOrder);
              model.push([time, n++]);
              model = model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            } else if (queue.size > 0) {
              expect(queue.peekTimeMs()).toBe(model[0]![0]);
              const slot = queue.pop();
              expect([queue.timeOf(slot), queue.argOf(slot)]).toEqual(model.shift());
              floor = queue.timeOf(slot);
              queue.release(slot);
            }
          }
          expect(queue.size).toBe(model.length);
          expect(queue.pending().map((e) => [e.timeMs, e.arg])).toEqual(model);
          expect(drain(queue)).toEqual(model);
        },
      ),
      { numRuns: 50, seed: 16 },
    );
  });
});
