import { describe, expect, it } from "vitest";
import { clearlyDifferent, summarize, tQuantile975 } from "./stats.ts";

describe("summarize", () => {
  it("computes mean, sd and the t-based 95% CI on known inputs", () => {
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    // t(0.975, 4) = 2.776; half-width = 2.776 * sqrt(2.5) / sqrt(5) = 1.963
    expect(s.halfWidth).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 12);
    expect(s.halfWidth).toBeCloseTo(1.963, 3);
    expect(s.ciLow).toBeCloseTo(3 - 1.963, 3);
    expect(s.ciHigh).toBeCloseTo(3 + 1.963, 3);
  });

  it("has no CI for a single value and nothing for none; nulls are left out", () => {
    expect(summarize([7])).toMatchObject({ n: 1, mean: 7, halfWidth: null, ciLow: null });
    expect(summarize([])).toMatchObject({ n: 0, mean: null });
    expect(summarize([null, 4, null, 6])).toMatchObject({ n: 2, mean: 5 });
    // two values 4 and 6: sd = sqrt(2), t(0.975, 1) = 12.706, half-width = 12.706
    expect(summarize([4, 6]).halfWidth).toBeCloseTo(12.706, 9);
  });

  it("gives zero width for identical values", () => {
    expect(summarize([2, 2, 2])).toMatchObject({ mean: 2, sd: 0, halfWidth: 0 });
  });
});

describe("tQuantile975", () => {
  it("uses the table for small df and tends to the normal quantile", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 9);
    expect(tQuantile975(45)).toBeGreaterThan(2.0);
    expect(tQuantile975(45)).toBeLessThan(2.021);
    expect(tQuantile975(999)).toBeGreaterThan(1.96);
    expect(tQuantile975(999)).toBeLessThan(1.963);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });
});

describe("clearlyDifferent", () => {
  it("says whether the CIs are disjoint", () => {
    const low = summarize([1, 2, 3]);
    const high = summarize([10, 11, 12]);
    expect(clearlyDifferent(low, high)).toBe(true);
    expect(clearlyDifferent(low, summarize([2, 3, 4]))).toBe(false);
    expect(clearlyDifferent(low, summarize([5]))).toBeNull();
  });
});

describe("summarize with a lower bound", () => {
  it("cuts the interval of a metric that cannot be negative at 0, and says so", () => {
    // mean 1, sd 1: t(0.975, 2) = 4.303, half-width 4.303 / sqrt(3) = 2.484
    const s = summarize([0, 1, 2], 0);
    expect(s.halfWidth).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(s).toMatchObject({ ciLow: 0, ciCut: true });
    expect(s.ciHigh).toBeCloseTo(1 + 4.303 / Math.sqrt(3), 12);
    expect(summarize([0, 1, 2])).toMatchObject({ ciCut: false });
    expect(summarize([0, 1, 2]).ciLow).toBeLessThan(0);
    expect(summarize([10, 11, 12], 0)).toMatchObject({ ciCut: false });
    expect(summarize([10, 11, 12], 0).ciLow).toBeGreaterThan(0);
  });
});
