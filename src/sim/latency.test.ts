import { describe, expect, it } from "vitest";
import { createRandom } from "../core/random.ts";
import { createLatency, type LatencyConfig } from "./latency.ts";

const base: LatencyConfig = { distribution: "constant", meanMs: 3, minMs: 1, maxMs: 5 };

function samples(config: LatencyConfig, count: number, seed = 1): number[] {
  const next = createLatency(config, createRandom(seed));
  return Array.from({ length: count }, () => next());
}

describe("createLatency", () => {
  it("constant gives the mean every time", () => {
    expect(new Set(samples(base, 100))).toEqual(new Set([3]));
  });

  it("uniform stays in [min, max] and averages the midpoint", () => {
    const values = samples({ ...base, distribution: "uniform" }, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...values)).toBeLessThanOrEqual(5);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeCloseTo(3, 1);
  });

  it("exponential is non-negative with the configured mean", () => {
    const values = samples({ ...base, distribution: "exponential", meanMs: 2 }, 50_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.05);
  });

  it("is repeatable from the seed and differs between seeds", () => {
    const config: LatencyConfig = { ...base, distribution: "exponential" };
    expect(samples(config, 50, 9)).toEqual(samples(config, 50, 9));
    expect(samples(config, 50, 9)).not.toEqual(samples(config, 50, 10));
  });
});
