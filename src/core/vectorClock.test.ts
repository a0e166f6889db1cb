import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { VectorClock } from "./types.ts";
import { VectorClockState, vectorDominates } from "./vectorClock.ts";

const IDS = ["m1", "m2", "m3", "m4"] as const;
const entry = fc.nat({ max: 1_000_000 });
const vector: fc.Arbitrary<VectorClock> = fc.record(
  { m1: entry, m2: entry, m3: entry, m4: entry },
  { requiredKeys: [] },
);
const self = fc.constantFrom(...IDS);

describe("VectorClockState", () => {
  it("starts at zero, or at the given initial clock", () => {
    expect(new VectorClockState(IDS, "m2").snapshot()).toEqual({ m1: 0, m2: 0, m3: 0, m4: 0 });
    expect(new VectorClockState(IDS, "m2", { m1: 4, m3: 2 }).snapshot()).toEqual({
      m1: 4,
      m2: 0,
      m3: 2,
      m4: 0,
    });
  });

  it("refuses a self that is not among the ids", () => {
    expect(() => new VectorClockState(IDS, "m9")).toThrow(RangeError);
  });

  it("a local event increases only its own entry, by one", () => {
    fc.assert(
      fc.property(self, vector, fc.integer({ min: 1, max: 20 }), (me, initial, events) => {
        const clock = new VectorClockState(IDS, me, initial);
        for (let i = 0; i < events; i++) {
          const before = clock.snapshot();
          clock.tickLocal();
          const after = clock.snapshot();
          for (const id of IDS) expect(after[id]).toBe(id === me ? before[id]! + 1 : before[id]);
        }
      }),
    );
  });

  it("after a receive the clock dominates the message and its own entry strictly increases", () => {
    fc.assert(
      fc.property(self, vector, vector, (me, initial, message) => {
        const clock = new VectorClockState(IDS, me, initial);
        const before = clock.snapshot();
        clock.merge(message);
        const after = clock.snapshot();
        expect(vectorDominates(after, message)).toBe(true);
        expect(vectorDominates(after, before)).toBe(true);
        expect(after[me]).toBeGreaterThan(before[me]!);
        expect(after[me]).toBeGreaterThan(message[me] ?? -1);
        // Every other entry is exactly the pointwise max.
        for (const id of IDS) {
          if (id !== me) expect(after[id]).toBe(Math.max(before[id]!, message[id] ?? 0));
        }
      }),
    );
  });

  it("ignores entries of machines it does not know", () => {
    const clock = new VectorClockState(["m1", "m2"], "m1");
    clock.merge({ m2: 3, m7: 9 });
    expect(clock.snapshot()).toEqual({ m1: 1, m2: 3 });
  });

  it("snapshots are copies, not views of the live clock", () => {
    const clock = new VectorClockState(IDS, "m1");
    const snap = clock.snapshot();
    clock.tickLocal();
    expect(snap.m1).toBe(0);
  });
});

describe("vectorDominates", () => {
  it("is reflexive and treats missing entries as 0", () => {
    fc.assert(
      fc.property(vector, (v) => {
        expect(vectorDominates(v, v)).toBe(true);
      }),
    );
    expect(vectorDominates({}, { m1: 0 })).toBe(true);
    expect(vectorDominates({ m1: 1 }, { m1: 1, m2: 1 })).toBe(false);
    expect(vectorDominates({ m1: 2, m2: 1 }, { m1: 1 })).toBe(true);
  });

  it("agrees with the pointwise definition", () => {
    fc.assert(
      fc.property(vector, vector, (a, b) => {
        const expected = IDS.every((id) => (a[id] ?? 0) >= (b[id] ?? 0));
        expect(vectorDominates(a, b)).toBe(expected);
      }),
    );
  });
});
