import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PERFECT_CLOCK, readPhysicalClock } from "./physicalClock.ts";

describe("readPhysicalClock", () => {
  it("a perfect clock reads true time", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4e12, noNaN: true }), (t) => {
        expect(readPhysicalClock(PERFECT_CLOCK, t)).toBe(t);
      }),
    );
  });

  it("applies drift (ppm) as a rate and offset as a constant", () => {
    expect(readPhysicalClock({ offsetMs: 0, driftPpm: 100 }, 1_000_000)).toBeCloseTo(1_000_100, 6);
    expect(readPhysicalClock({ offsetMs: -250, driftPpm: 0 }, 1000)).toBe(750);
    expect(readPhysicalClock({ offsetMs: 1000, driftPpm: 500 }, 2000)).toBeCloseTo(3001, 9);
  });
});
