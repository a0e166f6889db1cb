import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Fifo } from "./queue.ts";

describe("Fifo", () => {
  it("is empty at first", () => {
    const q = new Fifo<number>();
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.toArray()).toEqual([]);
  });

  it("behaves like an array for any sequence of push and shift", () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ push: fc.integer() }) },
      { weight: 2, arbitrary: fc.constant({ shift: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new Fifo<number>();
        const model: number[] = [];
        for (const o of ops) {
          if ("push" in o) {
            q.push(o.push);
            model.push(o.push);
          } else {
            expect(q.shift()).toBe(model.shift());
          }
          expect(q.length).toBe(model.length);
        }
        expect(q.toArray()).toEqual(model);
      }),
    );
  });

  it("keeps order across growth while wrapped around", () => {
    const q = new Fifo<number>();
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 13 + round * 7; i++) q.push(next++);
      for (let i = 0; i < 9; i++) expect(q.shift()).toBe(expected++);
    }
    expect(q.toArray()).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
  });

  it("stores falsy values faithfully", () => {
    const q = new Fifo<unknown>();
    for (const v of [0, "", false, null]) q.push(v);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual([0, "", false, null]);
    expect(q.length).toBe(0);
  });
});
