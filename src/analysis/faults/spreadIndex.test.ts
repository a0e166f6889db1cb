// The spread to the event: the min/max tree agrees with a scan over every machine, for any values
// (restarts from zero included) and machines that take no part.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhaseAccumulator, PhaseSet } from "./phaseStats.ts";
import { SpreadIndex } from "./spreadIndex.ts";

describe("SpreadIndex", () => {
  it("agrees with a scan of every machine's current value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(39), fc.integer({ min: 0, max: 1000 })), { maxLength: 200 }),
        (participates, updates) => {
          const index = new SpreadIndex(participates);
          const values = participates.map(() => 0);
          for (const [machine, value] of updates) {
            const m = machine % participates.length;
            index.set(m, value);
            values[m] = value;
            const taking = values.filter((_, i) => participates[i]);
            const expected = taking.length === 0 ? null : Math.max(...taking) - Math.min(...taking);
            expect(index.spread).toBe(expected);
          }
        },
      ),
    );
  });
});

describe("PhaseSet.drop", () => {
  it("counts a drop in every phase that holds it, overlapping phases included", () => {
    const phases = [
      new PhaseAccumulator(0, 10_000),
      new PhaseAccumulator(2000, 3000),
      new PhaseAccumulator(2500, 2600),
      new PhaseAccumulator(9000, 9500),
    ];
    const set = new PhaseSet(phases);
    for (const at of [0, 2500, 2599, 2600, 3000, 9100, 10_000]) set.drop(at, "loss");
    expect(phases.map((p) => p.drops)).toEqual([6, 3, 2, 1]);
  });
});
