import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PERFECT_CLOCK, PhysicalClock, readPhysicalClock } from "./physicalClock.ts";

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

  it("counts drift from the run's start, not from the Unix epoch: at t0 only the offset is off", () => {
    const t0 = 1_764_180_612_345.25;
    const params = { offsetMs: 7, driftPpm: 200 };
    expect(readPhysicalClock(params, t0, t0) - t0).toBe(7);
    // 60 s later, 200 ppm has gained 12 ms (it was 4.16 days when drift counted from the epoch).
    expect(readPhysicalClock(params, t0 + 60_000, t0) - (t0 + 60_000)).toBeCloseTo(19, 6);
  });
});

describe("PhysicalClock", () => {
  it("adds each clock step from its time on", () => {
    const clock = new PhysicalClock(PERFECT_CLOCK, 0, [
      { kind: "step", fromMs: 2000, stepMs: 500 },
      { kind: "step", fromMs: 1000, stepMs: -5000 },
    ]);
    expect(clock.read(999)).toBe(999);
    expect(clock.read(1000)).toBe(-4000);
    expect(clock.read(1500)).toBe(-3500);
    expect(clock.read(2000)).toBe(-2500);
    expect(clock.read(3000)).toBe(-1500);
  });

  it("gives the same reading whatever order it is asked in", () => {
    const steps = [
      { kind: "step" as const, fromMs: 10, stepMs: 3 },
      { kind: "step" as const, fromMs: 20, stepMs: -7 },
    ];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 40, noNaN: true }), { minLength: 1 }), (times) => {
        const clock = new PhysicalClock({ offsetMs: 1, driftPpm: 50 }, 0, steps);
        for (const t of times) {
          const expected =
            readPhysicalClock({ offsetMs: 1, driftPpm: 50 }, t) + (t >= 10 ? 3 : 0) + (t >= 20 ? -7 : 0);
          expect(clock.read(t)).toBeCloseTo(expected, 9);
        }
      }),
    );
  });
});

describe("clock faults", () => {
  it("adds extra drift only while the fault lasts, and keeps what it gained", () => {
    const clock = new PhysicalClock(PERFECT_CLOCK, 0, [
      { kind: "drift", fromMs: 1000, toMs: 11_000, driftPpm: 1000 },
    ]);
    expect(clock.read(1000)).toBe(1000);
    expect(clock.read(6000)).toBeCloseTo(6005, 9);
    expect(clock.read(11_000)).toBeCloseTo(11_010, 9);
    expect(clock.read(20_000)).toBeCloseTo(20_010, 9);
  });

  it("a strobe flips the clock between +amplitude and -amplitude each period, then stops", () => {
    const clock = new PhysicalClock(PERFECT_CLOCK, 0, [
      { kind: "strobe", fromMs: 100, toMs: 500, amplitudeMs: 50, periodMs: 100 },
    ]);
    expect([50, 150, 250, 350, 450, 550].map((t) => clock.read(t) - t)).toEqual([0, 50, -50, 50, -50, 0]);
  });

  it("a periodic error swings as a sine within its window", () => {
    const clock = new PhysicalClock(PERFECT_CLOCK, 0, [
      { kind: "periodic", fromMs: 0, toMs: 4000, amplitudeMs: 10, periodMs: 4000 },
    ]);
    expect(clock.read(1000) - 1000).toBeCloseTo(10, 9);
    expect(clock.read(3000) - 3000).toBeCloseTo(-10, 9);
    expect(clock.read(5000)).toBe(5000);
  });
});
