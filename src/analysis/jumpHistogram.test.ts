// The jump histogram's percentile is exact: it equals the nearest-rank percentile of the sorted steps.
import { describe, expect, it } from "vitest";
import { JumpHistogram } from "./jumpHistogram.ts";

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

describe("JumpHistogram", () => {
  it("gives the exact nearest-rank p99, mean, max and count over 1", () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 20; trial++) {
      const steps = Array.from({ length: 1 + Math.floor(random() * 3000) }, () =>
        random() < 0.8 ? 1 : Math.floor(random() < 0.05 ? random() * 100_000 : random() * 40),
      );
      const histogram = new JumpHistogram();
      for (const step of steps) histogram.add(step);
      expect(histogram.percentile(99)).toBe(nearestRank(steps, 99));
      expect(histogram.percentile(50)).toBe(nearestRank(steps, 50));
      expect(histogram.max).toBe(Math.max(...steps));
      expect(histogram.over1).toBe(steps.filter((s) => s > 1).length);
      expect(histogram.sum / histogram.count).toBeCloseTo(steps.reduce((a, b) => a + b, 0) / steps.length, 9);
    }
  });

  it("handles zero, negative and no steps", () => {
    const histogram = new JumpHistogram();
    expect(histogram.percentile(99)).toBeNull();
    for (const step of [-3, 0, 1, 1]) histogram.add(step);
    expect(histogram.entries()).toEqual([
      { size: -3, count: 1 },
      { size: 0, count: 1 },
      { size: 1, count: 2 },
    ]);
    expect(histogram.percentile(1)).toBe(-3);
  });
});
